-- The chain's promotion a sale's line took (pos.Line.Promotion): its id at central, its
-- name as the receipt prints it, and what it took off the line. A reprinted receipt shows it.
ALTER TABLE sale_lines ADD COLUMN promotion_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN promotion_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN promotion_discount INTEGER NOT NULL DEFAULT 0;
