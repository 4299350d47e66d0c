-- 0031: the business's orders, imported (kesu import --orders, POST
-- /api/v1/orders), so that the report can say whether complainants buy
-- again after their complaint is resolved (domain.md 6, 7: the TARP
-- figures) against customers who never complained.
--
-- cust_key is who ordered, as complainants are matched: the phone's
-- matching key (customers.phone_key), or 'ref:' and the business's own
-- customer reference when the order has no phone. dedupe makes the same
-- order imported twice one order: 'no:' and the order number, else the
-- customer, the time and the amount.
CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	dedupe TEXT NOT NULL UNIQUE,
	cust_key TEXT NOT NULL,
	phone TEXT,
	customer_ref TEXT,
	order_no TEXT,
	at INTEGER NOT NULL,
	amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
	imported_at INTEGER NOT NULL
);
-- a customer's orders in time: the first order after a resolution is one
-- seek, and the baseline one walk in (customer, time) order
CREATE INDEX orders_customer ON orders(cust_key, at);
-- the first and last order (GET /api/v1/orders/summary)
CREATE INDEX orders_at ON orders(at);
