-- Loyalty points in every channel. The rules are versioned: a sale names the version it
-- earned by, so central counts it by the same rules whenever it arrives; the newest
-- version is the loyalty stream's one row a till needs (no row: pos.DefaultLoyaltyRules,
-- version 1). A hold sets points aside for a sale being paid at a till until the sale's
-- event captures it, the till releases it, or it expires. A ledger entry from a till's
-- event is written once: the unique index stands behind the inbox.
INSERT INTO streams (name, last_seq, floor_seq) VALUES ('loyalty', 0, 0);

CREATE TABLE loyalty_rules (
	version    INTEGER PRIMARY KEY,
	doc        TEXT NOT NULL, -- pos.LoyaltyRules as JSON
	source     TEXT NOT NULL, -- who set them: a command, a file
	seq        INTEGER NOT NULL UNIQUE,
	updated_at TEXT NOT NULL
);

CREATE TABLE loyalty_holds (
	id          TEXT PRIMARY KEY, -- the till's idempotency key
	customer_id TEXT NOT NULL REFERENCES customers (id),
	points      INTEGER NOT NULL CHECK (points > 0),
	store_id    TEXT NOT NULL,
	till_id     TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('held', 'captured', 'released')),
	event_id    TEXT NOT NULL DEFAULT '', -- the sale that captured it
	created_at  TEXT NOT NULL,
	expires_at  TEXT NOT NULL
);
CREATE INDEX loyalty_holds_open ON loyalty_holds (customer_id, expires_at) WHERE status = 'held';

CREATE UNIQUE INDEX loyalty_entries_once ON loyalty_entries (event_id, kind, customer_id) WHERE event_id <> '';

-- New kinds of exception, for this release's loyalty, coupons, returns and store credit
-- at once (SQLite changes a CHECK only by building the table again): a redemption beyond
-- the balance (loyalty_overdraft), points a till counted otherwise than the rules
-- (loyalty), a coupon used twice (coupon_reused), units returned twice or a refund above
-- what they give back (return_conflict), a store-credit spend beyond the voucher's balance
-- (voucher_overdraft).
CREATE TABLE exceptions_new (
	id          INTEGER PRIMARY KEY,
	event_id    TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('rejected', 'conflict', 'receipt_clash', 'unknown_sku', 'duplicate_customer',
		'loyalty_overdraft', 'loyalty', 'coupon_reused', 'return_conflict', 'voucher_overdraft')),
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
