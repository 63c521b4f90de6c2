-- Central's own schema: the chain's stores, paired tills, the catalog it publishes, the inbox
-- of till events and every row derived from them. Each derived row carries its event id.

CREATE TABLE stores (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	currency TEXT NOT NULL DEFAULT '',
	tax_id   TEXT NOT NULL DEFAULT '',
	address  TEXT NOT NULL DEFAULT ''
);

-- A till is known by its store and its id within it (till "07" exists in many stores).
CREATE TABLE tills (
	store_id   TEXT NOT NULL REFERENCES stores (id),
	till_id    TEXT NOT NULL,
	token_hash TEXT UNIQUE, -- hex sha256 of the bearer token; the token itself is never kept
	paired_at  TEXT NOT NULL,
	revoked_at TEXT,
	PRIMARY KEY (store_id, till_id)
);

-- One-time pairing codes, kept hashed like tokens.
CREATE TABLE pairing_codes (
	code_hash  TEXT PRIMARY KEY,
	store_id   TEXT NOT NULL REFERENCES stores (id),
	till_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at    TEXT
);

-- Change sequences per pull stream. A cursor below floor_seq was compacted away (410 reset).
CREATE TABLE streams (
	name      TEXT PRIMARY KEY,
	last_seq  INTEGER NOT NULL,
	floor_seq INTEGER NOT NULL
);
INSERT INTO streams (name, last_seq, floor_seq) VALUES ('products', 0, 0), ('stock', 0, 0);

-- The catalog central publishes; seq is the products stream position of the latest change.
CREATE TABLE products (
	sku        TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	barcodes   TEXT NOT NULL, -- JSON array of GTINs as printed
	price      INTEGER NOT NULL CHECK (price >= 0),
	vat_bp     INTEGER NOT NULL CHECK (vat_bp >= 0),
	unit       TEXT NOT NULL CHECK (unit IN ('pcs', 'kg')),
	plu        TEXT NOT NULL,
	quick_key  INTEGER NOT NULL,
	seq        INTEGER NOT NULL UNIQUE,
	updated_at TEXT NOT NULL
);

-- Every event central has seen, applied or rejected: the key of exactly-once.
CREATE TABLE inbox (
	event_id    TEXT PRIMARY KEY,
	store_id    TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	type        TEXT NOT NULL,
	aggregate   TEXT NOT NULL,
	payload     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	received_at TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
	reason      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sales (
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
	basket_discount INTEGER NOT NULL,
	UNIQUE (store_id, till_id, receipt_no)
);

CREATE TABLE sale_lines (
	sale_id       TEXT NOT NULL REFERENCES sales (id),
	line_no       INTEGER NOT NULL,
	event_id      TEXT NOT NULL REFERENCES inbox (event_id),
	sku           TEXT NOT NULL,
	code          TEXT NOT NULL,
	qty           INTEGER NOT NULL,
	unit_price    INTEGER NOT NULL,
	vat_bp        INTEGER NOT NULL,
	amount        INTEGER NOT NULL,
	line_discount INTEGER NOT NULL,
	basket_share  INTEGER NOT NULL,
	voided        INTEGER NOT NULL,
	PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
	sale_id   TEXT NOT NULL REFERENCES sales (id),
	seq       INTEGER NOT NULL,
	event_id  TEXT NOT NULL REFERENCES inbox (event_id),
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	PRIMARY KEY (sale_id, seq)
) WITHOUT ROWID;

-- Stock is the sum of movements. event_id is empty for movements IT imported.
CREATE TABLE stock_movements (
	id       INTEGER PRIMARY KEY,
	store_id TEXT NOT NULL,
	sku      TEXT NOT NULL,
	delta    INTEGER NOT NULL,
	reason   TEXT NOT NULL,
	ref      TEXT NOT NULL,
	event_id TEXT NOT NULL,
	at       TEXT NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements (sku, store_id);
CREATE INDEX stock_movements_event ON stock_movements (event_id);

-- The stock stream: the running sum of movements per store and article, kept in the
-- transaction of each movement so tills can pull what changed since their cursor.
CREATE TABLE stock_levels (
	store_id TEXT NOT NULL,
	sku      TEXT NOT NULL,
	on_hand  INTEGER NOT NULL,
	as_of    TEXT NOT NULL,
	seq      INTEGER NOT NULL UNIQUE,
	PRIMARY KEY (store_id, sku)
);
