-- Settings of this till: store header, till id, currency, training mode, barcode templates.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE vat_classes (
	letter  TEXT PRIMARY KEY,
	rate_bp INTEGER NOT NULL UNIQUE CHECK (rate_bp >= 0)
);

CREATE TABLE products (
	sku       TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	price     INTEGER NOT NULL CHECK (price >= 0),
	vat_bp    INTEGER NOT NULL,
	unit      TEXT NOT NULL CHECK (unit IN ('pcs', 'kg')),
	plu       TEXT,
	quick_key INTEGER,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX products_plu ON products (plu) WHERE plu IS NOT NULL;
CREATE UNIQUE INDEX products_quick_key ON products (quick_key) WHERE quick_key IS NOT NULL;

-- Barcodes by 14-digit GTIN, so EAN-13, EAN-8, UPC-A and GS1 (01) scans meet one key.
CREATE TABLE barcodes (
	gtin    TEXT PRIMARY KEY,
	printed TEXT NOT NULL,
	sku     TEXT NOT NULL REFERENCES products (sku) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX barcodes_sku ON barcodes (sku);

-- Name search: folded names (no accents, lower case) so "zubrowka" finds "Żubrówka".
-- rowid is the product's rowid.
CREATE VIRTUAL TABLE product_search USING fts5 (folded, tokenize = 'unicode61', prefix = '1 2 3');

CREATE TABLE staff (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	role     TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
	pin_hash TEXT NOT NULL,
	active   INTEGER NOT NULL DEFAULT 1
);

-- Receipt numbers per till and series (sales, training), gapless: bumped in the sale's transaction.
CREATE TABLE receipt_counters (
	till_id TEXT NOT NULL,
	series  TEXT NOT NULL CHECK (series IN ('sale', 'training')),
	last_no INTEGER NOT NULL,
	PRIMARY KEY (till_id, series)
) WITHOUT ROWID;

CREATE TABLE sales (
	id              TEXT PRIMARY KEY,
	store_id        TEXT NOT NULL,
	till_id         TEXT NOT NULL,
	receipt_no      INTEGER NOT NULL,
	training        INTEGER NOT NULL,
	cashier_id      TEXT NOT NULL,
	cashier_name    TEXT NOT NULL,
	currency        TEXT NOT NULL,
	started_at      TEXT NOT NULL,
	completed_at    TEXT NOT NULL,
	total           INTEGER NOT NULL,
	basket_discount INTEGER NOT NULL,
	discount_reason TEXT NOT NULL,
	discount_by     TEXT NOT NULL,
	UNIQUE (till_id, training, receipt_no)
);

CREATE TABLE sale_lines (
	sale_id         TEXT NOT NULL REFERENCES sales (id),
	line_no         INTEGER NOT NULL,
	sku             TEXT NOT NULL,
	name            TEXT NOT NULL,
	code            TEXT NOT NULL,
	unit            TEXT NOT NULL,
	qty             INTEGER NOT NULL,
	unit_price      INTEGER NOT NULL,
	fixed_amount    INTEGER NOT NULL,
	vat_bp          INTEGER NOT NULL,
	discount        INTEGER NOT NULL,
	discount_reason TEXT NOT NULL,
	discount_by     TEXT NOT NULL,
	voided          INTEGER NOT NULL,
	PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
	sale_id   TEXT NOT NULL REFERENCES sales (id),
	seq       INTEGER NOT NULL,
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	PRIMARY KEY (sale_id, seq)
) WITHOUT ROWID;

-- Stock is the sum of movements (deltas in thousandths), never a value overwritten.
CREATE TABLE stock_movements (
	id       INTEGER PRIMARY KEY,
	sku      TEXT NOT NULL,
	store_id TEXT NOT NULL,
	delta    INTEGER NOT NULL,
	reason   TEXT NOT NULL,
	ref      TEXT NOT NULL,
	event_id TEXT,
	at       TEXT NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements (sku, store_id);

-- Events waiting for central, in order; written in the transaction of the rows they describe.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id   TEXT NOT NULL UNIQUE,
	type       TEXT NOT NULL,
	aggregate  TEXT NOT NULL,
	payload    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	sent_at    TEXT
);

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	staff_id    TEXT NOT NULL,
	action      TEXT NOT NULL,
	detail      TEXT NOT NULL,
	approved_by TEXT NOT NULL
);
