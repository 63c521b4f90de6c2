-- Promotions for the loyalty programme's members: they apply to a basket whose customer
-- is known, at a till (a card) and online (an order with a customer).
ALTER TABLE promotions ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
