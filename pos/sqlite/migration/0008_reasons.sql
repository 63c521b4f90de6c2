-- The store's lists of reasons (discount, void, no-sale, return): a code and its words per
-- language, in the order a cashier picks from. The till seeds the defaults when empty.
CREATE TABLE reasons (
	kind     TEXT NOT NULL,
	code     TEXT NOT NULL,
	position INTEGER NOT NULL,
	lang     TEXT NOT NULL,
	text     TEXT NOT NULL,
	PRIMARY KEY (kind, code, lang)
);

-- Why a line was voided, in the store's language.
ALTER TABLE sale_lines ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
