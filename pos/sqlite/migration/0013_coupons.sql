-- Central's single-use coupons as the till pulled them (pos.Coupon as JSON, signed by
-- central), central's public key they are checked with (kept from the first page: a page
-- signed with another key is refused), and the coupon each sale took.
CREATE TABLE coupons (
	code TEXT PRIMARY KEY,
	doc  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE coupon_key (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	key BLOB NOT NULL
);

ALTER TABLE sales ADD COLUMN coupon_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN coupon_hold TEXT NOT NULL DEFAULT '';
CREATE INDEX sales_coupon ON sales (coupon_code) WHERE coupon_code <> '';
