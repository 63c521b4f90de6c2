-- Promotions for the loyalty programme's members (pos.Promotion.Members).
ALTER TABLE promotions ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
