-- The chain's one returns policy (pos.ReturnsPolicy as JSON), set by IT and pulled by
-- every till on the returns stream; no row: pos.DefaultReturnsPolicy.
INSERT INTO streams (name, last_seq, floor_seq) VALUES ('returns', 0, 0);

CREATE TABLE returns_policy (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	doc        TEXT NOT NULL,
	source     TEXT NOT NULL,
	seq        INTEGER NOT NULL UNIQUE,
	updated_at TEXT NOT NULL
);
