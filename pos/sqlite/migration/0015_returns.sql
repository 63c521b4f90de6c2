-- Returns at the till: goods back from a receipt (of any till, found at central) or an
-- online order, refunded to the original tender. They are numbered in a series of their
-- own, so the receipt counters' series gain 'return' (SQLite changes a CHECK only by
-- building the table again). reserved: central held the quantities before the money went
-- out; otherwise the till returned offline, within the policy's daily cap (day: the
-- till's local date).
CREATE TABLE receipt_counters_new (
	till_id TEXT NOT NULL,
	series  TEXT NOT NULL CHECK (series IN ('sale', 'training', 'return')),
	last_no INTEGER NOT NULL,
	PRIMARY KEY (till_id, series)
) WITHOUT ROWID;
INSERT INTO receipt_counters_new SELECT till_id, series, last_no FROM receipt_counters;
DROP TABLE receipt_counters;
ALTER TABLE receipt_counters_new RENAME TO receipt_counters;

CREATE TABLE returns (
	id           TEXT PRIMARY KEY,
	store_id     TEXT NOT NULL,
	till_id      TEXT NOT NULL,
	return_no    INTEGER NOT NULL,
	cashier_id   TEXT NOT NULL,
	cashier_name TEXT NOT NULL,
	approved_by  TEXT NOT NULL,
	source_kind  TEXT NOT NULL CHECK (source_kind IN ('sale', 'order')),
	source_id    TEXT NOT NULL,
	source_label TEXT NOT NULL,
	reason       TEXT NOT NULL,
	total        INTEGER NOT NULL,
	reserved     INTEGER NOT NULL,
	day          TEXT NOT NULL,
	completed_at TEXT NOT NULL,
	UNIQUE (till_id, return_no)
);
CREATE INDEX returns_source ON returns (source_kind, source_id);
CREATE INDEX returns_offline ON returns (day) WHERE reserved = 0;

CREATE TABLE return_lines (
	return_id  TEXT NOT NULL REFERENCES returns (id),
	line_no    INTEGER NOT NULL, -- the purchase's line
	sku        TEXT NOT NULL,
	name       TEXT NOT NULL,
	unit       TEXT NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty > 0),
	amount     INTEGER NOT NULL,
	resellable INTEGER NOT NULL,
	PRIMARY KEY (return_id, line_no)
) WITHOUT ROWID;

CREATE TABLE return_refunds (
	return_id TEXT NOT NULL REFERENCES returns (id),
	seq       INTEGER NOT NULL,
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	PRIMARY KEY (return_id, seq)
) WITHOUT ROWID;
