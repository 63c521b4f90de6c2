-- Sync with central: what central answered for each pushed event, the events it refused (a
-- manager's exceptions), how far each pull stream is applied, and central's stock picture.

-- NULL while the event waits; 'delivered' (applied or duplicate) or 'rejected' once answered.
ALTER TABLE outbox ADD COLUMN result TEXT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;

CREATE TABLE sync_rejections (
	event_id    TEXT PRIMARY KEY REFERENCES outbox (event_id),
	reason      TEXT NOT NULL,
	at          TEXT NOT NULL,
	resolved_by TEXT,
	resolved_at TEXT
);

CREATE TABLE sync_cursors (
	stream     TEXT PRIMARY KEY,
	cursor     INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);

-- The one central this till is paired with. The token is a secret: kept out of settings so
-- that `omnitill config list` never shows it.
CREATE TABLE sync_link (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	central   TEXT NOT NULL,
	token     TEXT NOT NULL,
	paired_at TEXT NOT NULL,
	last_sync TEXT
);

-- Stock as central last told it, per store; a picture with its age. This till's own stock
-- is still the sum of its movements: these rows are never added to it.
CREATE TABLE central_stock (
	store_id TEXT NOT NULL,
	sku      TEXT NOT NULL,
	on_hand  INTEGER NOT NULL,
	as_of    TEXT NOT NULL,
	PRIMARY KEY (sku, store_id)
) WITHOUT ROWID;
