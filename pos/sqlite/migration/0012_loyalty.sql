-- Loyalty points at the till: the rules central has in force (one row, pulled), the points
-- a points tender redeemed, what each sale earned and redeemed, and this till's own
-- entries of its customers' points until central's balance holds them.
CREATE TABLE loyalty_rules (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL,
	doc     TEXT NOT NULL -- pos.LoyaltyRules as JSON
);

ALTER TABLE tenders ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN points_rules INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN points_earned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN points_balance INTEGER NOT NULL DEFAULT 0;

-- An entry is written with its sale. sent: central applied the sale's event; counted: a
-- customers page pulled after that holds it in the balance, so the till no longer adds
-- it. day is the till's local date, for the daily budget of offline redemptions.
CREATE TABLE loyalty_entries (
	event_id    TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('earn', 'redeem')),
	customer_id TEXT NOT NULL,
	points      INTEGER NOT NULL CHECK (points > 0),
	offline     INTEGER NOT NULL,
	day         TEXT NOT NULL,
	sent        INTEGER NOT NULL DEFAULT 0,
	counted     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (event_id, kind)
) WITHOUT ROWID;
CREATE INDEX loyalty_entries_uncounted ON loyalty_entries (customer_id) WHERE counted = 0;
CREATE INDEX loyalty_entries_offline ON loyalty_entries (day) WHERE offline = 1 AND kind = 'redeem';
