-- Returns from every till, of any store's receipt or any online order. A till online
-- reserves the quantities first (status reserved, until expires_at); the return's event
-- books it (booked, event_id). What went back of a purchase's line is the sum of its
-- booked and live reserved return lines. A return of units already gone back (two tills
-- offline) is booked all the same, with a return_conflict exception for a manager (the
-- kind came with 0008).
CREATE TABLE returns (
	id           TEXT PRIMARY KEY, -- the till's return id
	store_id     TEXT NOT NULL,
	till_id      TEXT NOT NULL,
	source_kind  TEXT NOT NULL CHECK (source_kind IN ('sale', 'order')),
	source_id    TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('reserved', 'released', 'booked')),
	event_id     TEXT NOT NULL DEFAULT '',
	return_no    INTEGER NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT '',
	total        INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	booked_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX returns_source ON returns (source_kind, source_id);

CREATE TABLE return_lines (
	return_id  TEXT NOT NULL REFERENCES returns (id),
	line_no    INTEGER NOT NULL, -- the purchase's line
	sku        TEXT NOT NULL,
	qty        INTEGER NOT NULL CHECK (qty > 0),
	amount     INTEGER NOT NULL,
	resellable INTEGER NOT NULL,
	PRIMARY KEY (return_id, line_no)
) WITHOUT ROWID;

CREATE TABLE return_refunds (
	return_id TEXT NOT NULL REFERENCES returns (id),
	seq       INTEGER NOT NULL,
	event_id  TEXT NOT NULL,
	kind      TEXT NOT NULL,
	amount    INTEGER NOT NULL,
	reference TEXT NOT NULL,
	PRIMARY KEY (return_id, seq)
) WITHOUT ROWID;
