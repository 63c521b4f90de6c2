-- What central publishes for every channel alike, as the till last pulled it: promotions,
-- the chain's customers with their loyalty balance, and the online orders to be collected
-- in this store. Central owns all of it; a pulled page replaces the till's copy.

CREATE TABLE promotions (
	id        TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	kind      TEXT NOT NULL,
	value     INTEGER NOT NULL,
	min_qty   INTEGER NOT NULL,
	stores    TEXT NOT NULL, -- JSON array of store ids; empty: every store
	starts_at TEXT NOT NULL,
	ends_at   TEXT NOT NULL
);

-- The articles of each promotion, to find an article's promotions by its SKU.
CREATE TABLE promotion_skus (
	promotion_id TEXT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
	sku          TEXT NOT NULL,
	PRIMARY KEY (sku, promotion_id)
) WITHOUT ROWID;

CREATE TABLE customers (
	id     TEXT PRIMARY KEY,
	card   TEXT UNIQUE, -- NULL when the customer has no card
	name   TEXT NOT NULL,
	email  TEXT NOT NULL,
	phone  TEXT NOT NULL,
	points INTEGER NOT NULL -- the balance central last summed from its ledger
);

CREATE TABLE online_orders (
	id          TEXT PRIMARY KEY,
	number      TEXT NOT NULL UNIQUE,
	channel     TEXT NOT NULL,
	customer_id TEXT, -- NULL for a guest
	status      TEXT NOT NULL,
	paid        INTEGER NOT NULL,
	currency    TEXT NOT NULL,
	total       INTEGER NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX online_orders_to_collect ON online_orders (created_at) WHERE status IN ('placed', 'ready');

CREATE TABLE online_order_lines (
	order_id TEXT NOT NULL REFERENCES online_orders (id) ON DELETE CASCADE,
	line     INTEGER NOT NULL,
	sku      TEXT NOT NULL,
	name     TEXT NOT NULL,
	qty      INTEGER NOT NULL,
	price    INTEGER NOT NULL, -- catalog unit price when ordered
	discount INTEGER NOT NULL,
	amount   INTEGER NOT NULL, -- what the customer pays for the line
	PRIMARY KEY (order_id, line)
) WITHOUT ROWID;
