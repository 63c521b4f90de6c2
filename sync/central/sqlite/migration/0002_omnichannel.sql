-- The rest of the chain's master data and the web shop: promotions, customers with their
-- loyalty ledger, online orders to be collected in a store, and the web shops' keys.

INSERT INTO streams (name, last_seq, floor_seq) VALUES ('promotions', 0, 0), ('customers', 0, 0), ('orders', 0, 0);

-- Price rules for every channel. A withdrawn promotion stays, so the stream tells tills.
CREATE TABLE promotions (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('percent', 'price', 'multibuy')),
	skus       TEXT NOT NULL, -- JSON array
	value      INTEGER NOT NULL CHECK (value >= 0), -- basis points or minor units, by kind
	min_qty    INTEGER NOT NULL,
	stores     TEXT NOT NULL, -- JSON array; [] is every store
	starts     TEXT NOT NULL,
	ends       TEXT NOT NULL, -- the first instant it no longer applies
	withdrawn  INTEGER NOT NULL,
	seq        INTEGER NOT NULL UNIQUE,
	updated_at TEXT NOT NULL
);

-- One customer in every channel. An erased customer keeps the row (orders and the ledger
-- point at it) with every personal field blanked.
CREATE TABLE customers (
	id         TEXT PRIMARY KEY,
	card       TEXT NOT NULL,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	phone      TEXT NOT NULL,
	erased_at  TEXT,
	seq        INTEGER NOT NULL UNIQUE,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_card ON customers (card) WHERE card <> '';

-- Loyalty points are a ledger: the balance is the sum, never a stored value. event_id is
-- the till event an entry comes from, empty for what IT did (source says what).
CREATE TABLE loyalty_entries (
	id          INTEGER PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	points      INTEGER NOT NULL CHECK (points <> 0),
	kind        TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'reverse', 'expire', 'adjust')),
	event_id    TEXT NOT NULL,
	source      TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX loyalty_entries_customer ON loyalty_entries (customer_id);

-- Web shops place orders with a key, kept hashed like till tokens.
CREATE TABLE webshops (
	name       TEXT PRIMARY KEY,
	key_hash   TEXT UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);

-- Online orders, collected in store_id. request_hash is the sha256 of what was asked, so
-- the same order sent again is told from a different one under the same id or number.
CREATE TABLE orders (
	id           TEXT PRIMARY KEY,
	number       TEXT NOT NULL UNIQUE,
	channel      TEXT NOT NULL,
	store_id     TEXT NOT NULL REFERENCES stores (id),
	customer_id  TEXT REFERENCES customers (id),
	status       TEXT NOT NULL CHECK (status IN ('placed', 'ready', 'collected', 'cancelled')),
	paid         INTEGER NOT NULL,
	currency     TEXT NOT NULL,
	total        INTEGER NOT NULL,
	source       TEXT NOT NULL, -- the web shop, or the file it was imported from
	request_hash TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	seq          INTEGER NOT NULL UNIQUE
);
CREATE INDEX orders_store ON orders (store_id, seq);

-- amount is what the customer pays for the line: unit_price × qty less discount.
CREATE TABLE order_lines (
	order_id     TEXT NOT NULL REFERENCES orders (id),
	line_no      INTEGER NOT NULL,
	sku          TEXT NOT NULL,
	name         TEXT NOT NULL,
	qty          INTEGER NOT NULL CHECK (qty > 0),
	unit_price   INTEGER NOT NULL,
	discount     INTEGER NOT NULL,
	amount       INTEGER NOT NULL,
	promotion_id TEXT NOT NULL,
	PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;
CREATE INDEX order_lines_sku ON order_lines (sku);
