-- 0034: the metrics scope: an API token that reads the server's metrics
-- (GET /metrics) and nothing else, for a monitoring system's scraper.
-- The scope's CHECK is widened in place (its default name).
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_scope_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scope_check
	CHECK (scope IN ('read', 'write', 'admin', 'metrics'));
