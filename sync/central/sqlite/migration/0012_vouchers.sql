-- Store credit: a return refunded to credit issues a voucher (the till gives its code);
-- any till spends it as a tender, holding the amount first while online. The balance is
-- what was issued less what sales spent; a spend beyond it (offline, a lapsed hold) is
-- booked with a voucher_overdraft exception (the kind came with 0008).
CREATE TABLE vouchers (
	code       TEXT PRIMARY KEY,
	issued     INTEGER NOT NULL CHECK (issued > 0),
	currency   TEXT NOT NULL,
	store_id   TEXT NOT NULL,
	till_id    TEXT NOT NULL,
	return_id  TEXT NOT NULL,
	event_id   TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE voucher_spends (
	code     TEXT NOT NULL REFERENCES vouchers (code),
	event_id TEXT NOT NULL,
	sale_id  TEXT NOT NULL,
	amount   INTEGER NOT NULL CHECK (amount > 0),
	at       TEXT NOT NULL,
	PRIMARY KEY (code, event_id)
) WITHOUT ROWID;

CREATE TABLE voucher_holds (
	id         TEXT PRIMARY KEY,
	code       TEXT NOT NULL REFERENCES vouchers (code),
	amount     INTEGER NOT NULL CHECK (amount > 0),
	store_id   TEXT NOT NULL,
	till_id    TEXT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('held', 'captured', 'released')),
	expires_at TEXT NOT NULL
);
CREATE INDEX voucher_holds_open ON voucher_holds (code, expires_at) WHERE status = 'held';
