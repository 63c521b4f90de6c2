-- What central keeps for a manager (exceptions, conflicting bodies), and sales kept by their
-- id alone: a till that reinstalled and counted its receipts from 1 again, or a receipt
-- number used twice, must never cost a sale. sales loses its UNIQUE receipt number, which
-- SQLite can only drop by building the table again; its children (lines, tenders) are
-- built again with it, so their references follow the new table, and sale_lines gains the
-- price a label carried.

CREATE TABLE sales_new (
	id              TEXT PRIMARY KEY,
	event_id        TEXT NOT NULL REFERENCES inbox (event_id),
	store_id        TEXT NOT NULL,
	till_id         TEXT NOT NULL,
	receipt_no      INTEGER NOT NULL,
	cashier_id      TEXT NOT NULL,
	currency        TEXT NOT NULL,
	started_at      TEXT NOT NULL,
	completed_at    TEXT NOT NULL,
	total           INTEGER NOT NULL,
	basket_discount INTEGER NOT NULL
);
CREATE TABLE sale_lines_new (
	sale_id       TEXT NOT NULL REFERENCES sales_new (id),
	line_no       INTEGER NOT NULL,
	event_id      TEXT NOT NULL REFERENCES inbox (event_id),
	sku           TEXT NOT NULL,
	code          TEXT NOT NULL,
	qty           INTEGER NOT NULL,
	unit_price    INTEGER NOT NULL,
	vat_bp        INTEGER NOT NULL,
	fixed_amount  INTEGER NOT NULL DEFAULT 0, -- the price a price-embedded label carried; 0 for none
	amount        INTEGER NOT NULL,
	line_discount INTEGER NOT NULL,
	basket_share  INTEGER NOT NULL,
	voided        INTEGER NOT NULL,
	PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;
CREATE TABLE tenders_new (
	sale_id   TEXT NOT NULL REFERENCES sales_new (id),
	seq       INTEGER NOT NULL,
	event_id  TEXT NOT NULL REFERENCES inbox (event_id),
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	PRIMARY KEY (sale_id, seq)
) WITHOUT ROWID;
INSERT INTO sales_new SELECT id, event_id, store_id, till_id, receipt_no, cashier_id, currency, started_at, completed_at, total,
	basket_discount FROM sales;
INSERT INTO sale_lines_new (sale_id, line_no, event_id, sku, code, qty, unit_price, vat_bp, amount, line_discount, basket_share, voided)
	SELECT sale_id, line_no, event_id, sku, code, qty, unit_price, vat_bp, amount, line_discount, basket_share, voided FROM sale_lines;
INSERT INTO tenders_new SELECT sale_id, seq, event_id, kind, amount, reference FROM tenders;
DROP TABLE sale_lines;
DROP TABLE tenders;
DROP TABLE sales;
-- Renaming a parent rewrites its children's references: sales_new becomes sales in both.
ALTER TABLE sales_new RENAME TO sales;
ALTER TABLE sale_lines_new RENAME TO sale_lines;
ALTER TABLE tenders_new RENAME TO tenders;
-- A receipt number is looked up (a clash, the last one of a till at pairing), no longer unique.
CREATE INDEX sales_receipt ON sales (store_id, till_id, receipt_no);

-- The receipt numbers of a till's refused sales count too when it pairs again.
CREATE INDEX inbox_refused ON inbox (store_id, till_id) WHERE status = 'rejected';

-- What a manager at central must look at. kind: rejected (a rule refused the event: retry
-- or release it), conflict (another body under an event id central has), receipt_clash (a
-- sale kept under a receipt number another sale of its till has), unknown_sku (a sale kept
-- with an article central does not know: its stock was not moved). One open exception per
-- event and kind; resolving one keeps it, with who did it and how.
CREATE TABLE exceptions (
	id          INTEGER PRIMARY KEY,
	event_id    TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('rejected', 'conflict', 'receipt_clash', 'unknown_sku')),
	store_id    TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	reason      TEXT NOT NULL,
	at          TEXT NOT NULL,
	resolved_by TEXT,
	resolved_at TEXT,
	resolution  TEXT
);
CREATE UNIQUE INDEX exceptions_open ON exceptions (event_id, kind) WHERE resolved_at IS NULL;

-- A body sent under an event id central already has with another body: never applied, kept
-- for the manager to compare (the inbox keeps the first).
CREATE TABLE event_conflicts (
	event_id    TEXT NOT NULL,
	body_hash   TEXT NOT NULL, -- hex sha256 of type, aggregate and payload
	store_id    TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	type        TEXT NOT NULL,
	aggregate   TEXT NOT NULL,
	payload     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	received_at TEXT NOT NULL,
	PRIMARY KEY (event_id, body_hash)
) WITHOUT ROWID;
