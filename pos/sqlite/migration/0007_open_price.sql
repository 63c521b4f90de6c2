-- An article the catalog did not know, sold at a price a manager approved under a
-- department (a VAT class's letter).
ALTER TABLE sale_lines ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN open_price_by TEXT NOT NULL DEFAULT '';
