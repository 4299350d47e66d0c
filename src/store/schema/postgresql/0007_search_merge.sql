-- 0007: the search index merges its segments less eagerly. Every commit of
-- new complaints writes a small FTS5 segment; with the default (merge at 4
-- segments per level) merging cost more writer time than anything else a
-- registration does. Merging at 16 (and forcing it only at 64) makes
-- registrations at 1M complaints about 25% faster, for about 0.1-0.6 ms
-- more per search (docs/benchmarks.md).
-- (PostgreSQL's search index has no segments: nothing to set)
SELECT 1;
