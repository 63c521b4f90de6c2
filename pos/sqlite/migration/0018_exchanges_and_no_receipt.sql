-- Exchanges and returns without a receipt. The return that paid for a sale in an exchange
-- is found by the sale's id (its receipt prints both). Goods brought back without a
-- receipt are source_kind 'none', with the customer's details the store recorded (JSON,
-- '' otherwise). A refund to a card keeps the terminal's approval of it. SQLite changes a CHECK only by building the table again; its lines and
-- refunds refer to it, so they are built again too, children dropped first.
CREATE TABLE returns_new (
	id           TEXT PRIMARY KEY,
	store_id     TEXT NOT NULL,
	till_id      TEXT NOT NULL,
	return_no    INTEGER NOT NULL,
	cashier_id   TEXT NOT NULL,
	cashier_name TEXT NOT NULL,
	approved_by  TEXT NOT NULL,
	source_kind  TEXT NOT NULL CHECK (source_kind IN ('sale', 'order', 'none')),
	source_id    TEXT NOT NULL,
	source_label TEXT NOT NULL,
	reason       TEXT NOT NULL,
	total        INTEGER NOT NULL,
	reserved     INTEGER NOT NULL,
	day          TEXT NOT NULL,
	completed_at TEXT NOT NULL,
	customer     TEXT NOT NULL DEFAULT '',
	UNIQUE (till_id, return_no)
);
INSERT INTO returns_new (id, store_id, till_id, return_no, cashier_id, cashier_name, approved_by, source_kind, source_id, source_label,
	reason, total, reserved, day, completed_at)
	SELECT id, store_id, till_id, return_no, cashier_id, cashier_name, approved_by, source_kind, source_id, source_label,
	reason, total, reserved, day, completed_at FROM returns;

CREATE TABLE return_lines_new (
	return_id  TEXT NOT NULL REFERENCES returns_new (id),
	line_no    INTEGER NOT NULL,
	sku        TEXT NOT NULL,
	name       TEXT NOT NULL,
	unit       TEXT NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty > 0),
	amount     INTEGER NOT NULL,
	resellable INTEGER NOT NULL,
	PRIMARY KEY (return_id, line_no)
) WITHOUT ROWID;
INSERT INTO return_lines_new SELECT return_id, line_no, sku, name, unit, qty, amount, resellable FROM return_lines;

CREATE TABLE return_refunds_new (
	return_id TEXT NOT NULL REFERENCES returns_new (id),
	seq       INTEGER NOT NULL,
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	approval  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (return_id, seq)
) WITHOUT ROWID;
INSERT INTO return_refunds_new (return_id, seq, kind, amount, reference) SELECT return_id, seq, kind, amount, reference FROM return_refunds;

DROP TABLE return_lines;
DROP TABLE return_refunds;
DROP TABLE returns;
ALTER TABLE returns_new RENAME TO returns;
ALTER TABLE return_lines_new RENAME TO return_lines;
ALTER TABLE return_refunds_new RENAME TO return_refunds;

CREATE INDEX returns_source ON returns (source_kind, source_id);
CREATE INDEX returns_offline ON returns (day) WHERE reserved = 0;
CREATE INDEX return_refunds_voucher ON return_refunds (reference) WHERE kind = 'credit';
CREATE INDEX return_refunds_exchange ON return_refunds (reference) WHERE kind = 'exchange';
-- The lowest price of an article's recent sales, for goods brought back without a receipt.
CREATE INDEX sale_lines_sku ON sale_lines (sku);
