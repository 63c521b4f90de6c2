-- Single-use coupons, for every channel. Central signs each with its ed25519 key (the
-- private key is the setting coupon_key), so a till checks a coupon it pulled while it
-- cannot reach central. A coupon is free, held for a till's sale (until hold_expires, or
-- the sale's event redeems it), redeemed by a sale or a web shop's order (used_by), or
-- withdrawn; redeemed and withdrawn coupons move on the stream so tills forget them.
INSERT INTO streams (name, last_seq, floor_seq) VALUES ('coupons', 0, 0);

CREATE TABLE coupons (
	code         TEXT PRIMARY KEY,
	campaign     TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),
	value        INTEGER NOT NULL,
	min_total    INTEGER NOT NULL,
	starts       TEXT NOT NULL,
	ends         TEXT NOT NULL,
	customer_id  TEXT NOT NULL,
	signature    BLOB NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('free', 'held', 'redeemed', 'withdrawn')),
	hold_id      TEXT NOT NULL DEFAULT '',
	hold_store   TEXT NOT NULL DEFAULT '',
	hold_till    TEXT NOT NULL DEFAULT '',
	hold_expires TEXT NOT NULL DEFAULT '',
	used_by      TEXT NOT NULL DEFAULT '',
	used_event   TEXT NOT NULL DEFAULT '',
	used_at      TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL,
	seq          INTEGER NOT NULL UNIQUE,
	updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX coupons_hold ON coupons (hold_id) WHERE hold_id <> '';
