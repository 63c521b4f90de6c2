-- Customers who join at a till (pos.EventCustomerCreated), with what they agreed to: offers
-- (marketing) and receipts by e-mail (e_receipt); joined_at names the till ('' for the
-- customers imported). One who joins with the e-mail or phone of a customer central has is
-- kept as that customer: customer_aliases leads the till's id there, and the duplicate is
-- an exception for a manager, whose kinds gain duplicate_customer (SQLite changes a CHECK
-- only by building the table again).
ALTER TABLE customers ADD COLUMN marketing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN e_receipt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN joined_at TEXT NOT NULL DEFAULT '';

CREATE TABLE customer_aliases (
	id          TEXT PRIMARY KEY, -- the id a till gave
	customer_id TEXT NOT NULL REFERENCES customers (id),
	event_id    TEXT NOT NULL
);

CREATE TABLE exceptions_new (
	id          INTEGER PRIMARY KEY,
	event_id    TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('rejected', 'conflict', 'receipt_clash', 'unknown_sku', 'duplicate_customer')),
	store_id    TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	reason      TEXT NOT NULL,
	at          TEXT NOT NULL,
	resolved_by TEXT,
	resolved_at TEXT,
	resolution  TEXT
);
INSERT INTO exceptions_new SELECT id, event_id, kind, store_id, till_id, reason, at, resolved_by, resolved_at, resolution FROM exceptions;
DROP TABLE exceptions;
ALTER TABLE exceptions_new RENAME TO exceptions;
CREATE UNIQUE INDEX exceptions_open ON exceptions (event_id, kind) WHERE resolved_at IS NULL;
