-- The customer a sale was rung up for (pos.Sale.Customer): the chain's id and the name the
-- till showed; '' for an anonymous sale, and for the sales rung up before.
ALTER TABLE sales ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
