-- The chain's returns policy as the till last pulled it (pos.ReturnsPolicy as JSON; no
-- row: pos.DefaultReturnsPolicy).
CREATE TABLE returns_policy (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	doc TEXT NOT NULL
);
