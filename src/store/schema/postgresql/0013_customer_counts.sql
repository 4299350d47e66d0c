-- 0013: a customer's complaints are counted as they are registered, not at
-- every read. Reading a customer (and finding one, as every registration
-- does) counted their complaints each time: registering a complaint of a
-- customer who already had many (one phone number, as a regulator or a
-- platform account forwarding complaints has) got slower with each one.
-- store_complaint_insert keeps the count from here on.
ALTER TABLE customers ADD COLUMN complaint_count BIGINT NOT NULL DEFAULT 0;
UPDATE customers SET complaint_count =
	(SELECT count(*) FROM complaints WHERE complaints.customer_id = customers.id);
