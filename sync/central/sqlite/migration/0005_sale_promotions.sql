-- The chain's promotion each line of a till's sale took (pos.SaleEventLine): its id and what
-- it took off the line; '' and 0 for a line without one, and for the sales booked before.
ALTER TABLE sale_lines ADD COLUMN promotion_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN promotion_discount INTEGER NOT NULL DEFAULT 0;
