-- Baskets set aside to be finished later, by any cashier of the till, across restarts. The
-- sale is kept whole as JSON (lines, voids, discounts); the other columns list it.
CREATE TABLE parked_sales (
	sale_id   TEXT PRIMARY KEY,
	parked_at TEXT NOT NULL,
	parked_by TEXT NOT NULL, -- the staff id
	by_name   TEXT NOT NULL,
	lines     INTEGER NOT NULL,
	total     INTEGER NOT NULL,
	training  INTEGER NOT NULL,
	sale      TEXT NOT NULL
);
