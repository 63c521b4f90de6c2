-- The customer a till's sale was rung for (pos.SaleEvent's customer_id), as the till sent
-- it: a customer's own id, or an id a till gave that customer_aliases leads to the
-- customer central kept; '' for a sale without one, and for the sales booked before.
ALTER TABLE sales ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sales_customer ON sales (customer_id) WHERE customer_id <> '';
