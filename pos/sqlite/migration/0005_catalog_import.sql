-- A catalog import (pos/sqlite/import.go) goes through these tables, so that the catalog the
-- till sells from is all old or all new and a sale never waits on the import for long:
--   1. staging: the file's rows are written here in short transactions;
--   2. checking: uniqueness is checked on the catalog's end state (the file's rows, and the
--      products the file leaves as they are), naming the line of every conflict;
--   3. publishing: one tiny transaction marks the import 'published'; from then on the
--      catalog reads its staged rows first (a staged SKU hides the product's old row);
--   4. merging: short transactions move the staged rows into products, barcodes and
--      product_search, each row leaving the staging tables in the transaction that writes
--      it, so that what the catalog reads never changes; then the import is 'done'.
CREATE TABLE catalog_imports (
	id         INTEGER PRIMARY KEY,
	state      TEXT NOT NULL CHECK (state IN ('staging', 'published', 'done', 'discarded')),
	started_at TEXT NOT NULL,
	alive_at   TEXT NOT NULL, -- a staging import writes it at every step; one silent long is dead
	rows       INTEGER NOT NULL DEFAULT 0, -- staged so far
	added      INTEGER NOT NULL DEFAULT 0,
	changed    INTEGER NOT NULL DEFAULT 0,
	unchanged  INTEGER NOT NULL DEFAULT 0
);
-- One import at a time is published.
CREATE UNIQUE INDEX catalog_imports_published ON catalog_imports (state) WHERE state = 'published';

-- A staged product: its line in the file, its fields as products has them. Its id, never
-- used again, is its rowid in import_search.
CREATE TABLE import_products (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	import_id INTEGER NOT NULL,
	line      INTEGER NOT NULL,
	sku       TEXT NOT NULL,
	name      TEXT NOT NULL,
	price     INTEGER NOT NULL,
	vat_bp    INTEGER NOT NULL,
	unit      TEXT NOT NULL,
	plu       TEXT,    -- canonical (pos.CanonicalPLU); NULL for none
	quick_key INTEGER, -- NULL for none
	UNIQUE (import_id, line)
);
CREATE INDEX import_products_sku ON import_products (import_id, sku, line);
CREATE INDEX import_products_plu ON import_products (import_id, plu, line) WHERE plu IS NOT NULL;
CREATE INDEX import_products_quick_key ON import_products (import_id, quick_key, line) WHERE quick_key IS NOT NULL;

-- The staged products' barcodes, by 14-digit GTIN as barcodes has them.
CREATE TABLE import_barcodes (
	import_id INTEGER NOT NULL,
	gtin      TEXT NOT NULL,
	line      INTEGER NOT NULL,
	printed   TEXT NOT NULL,
	PRIMARY KEY (import_id, line, gtin)
) WITHOUT ROWID;
CREATE INDEX import_barcodes_gtin ON import_barcodes (import_id, gtin, line);

-- Name search of the staged products (rowid is import_products' id), for the time between
-- publishing and the end of merging. Contentless: the names are in import_products.
CREATE VIRTUAL TABLE import_search USING fts5 (folded, content = '', tokenize = 'unicode61', prefix = '1 2 3');
