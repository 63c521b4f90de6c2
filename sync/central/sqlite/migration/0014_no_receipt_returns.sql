-- Returns without a receipt: source_kind 'none' (the return's own id as source_id), with
-- the customer's details the store recorded (JSON; '' for other returns). approved_by is
-- the manager who approved a return (every one without a receipt). SQLite changes
-- a CHECK only by building the table again (a refund to a card keeps the terminal's
-- approval of it); its lines and refunds refer to it, so they
-- are built again too, children dropped first (renaming the parent rewrites their
-- references).
CREATE TABLE returns_new (
	id           TEXT PRIMARY KEY,
	store_id     TEXT NOT NULL,
	till_id      TEXT NOT NULL,
	source_kind  TEXT NOT NULL CHECK (source_kind IN ('sale', 'order', 'none')),
	source_id    TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('reserved', 'released', 'booked')),
	event_id     TEXT NOT NULL DEFAULT '',
	return_no    INTEGER NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT '',
	total        INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	booked_at    TEXT NOT NULL DEFAULT '',
	customer     TEXT NOT NULL DEFAULT '',
	approved_by  TEXT NOT NULL DEFAULT ''
);
INSERT INTO returns_new (id, store_id, till_id, source_kind, source_id, status, event_id, return_no, reason, total, created_at, expires_at, booked_at)
	SELECT id, store_id, till_id, source_kind, source_id, status, event_id, return_no, reason, total, created_at, expires_at, booked_at FROM returns;
CREATE TABLE return_lines_new (
	return_id  TEXT NOT NULL REFERENCES returns_new (id),
	line_no    INTEGER NOT NULL,
	sku        TEXT NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty > 0),
	amount     INTEGER NOT NULL,
	resellable INTEGER NOT NULL,
	PRIMARY KEY (return_id, line_no)
) WITHOUT ROWID;
INSERT INTO return_lines_new SELECT return_id, line_no, sku, qty, amount, resellable FROM return_lines;
CREATE TABLE return_refunds_new (
	return_id TEXT NOT NULL REFERENCES returns_new (id),
	seq       INTEGER NOT NULL,
	event_id  TEXT NOT NULL,
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	approval  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (return_id, seq)
) WITHOUT ROWID;
INSERT INTO return_refunds_new (return_id, seq, event_id, kind, amount, reference)
	SELECT return_id, seq, event_id, kind, amount, reference FROM return_refunds;
DROP TABLE return_lines;
DROP TABLE return_refunds;
DROP TABLE returns;
ALTER TABLE returns_new RENAME TO returns;
ALTER TABLE return_lines_new RENAME TO return_lines;
ALTER TABLE return_refunds_new RENAME TO return_refunds;
CREATE INDEX returns_source ON returns (source_kind, source_id);
-- The lowest price of an article's sales of the last 30 days, for goods back without a
-- receipt.
CREATE INDEX sale_lines_sku ON sale_lines (sku);
