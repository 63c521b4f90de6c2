-- What is left of a voucher this till issued is read on each spend offline: the refunds
-- that issued it and the tenders that spent it, by its code.
CREATE INDEX return_refunds_voucher ON return_refunds (reference) WHERE kind = 'credit';
CREATE INDEX tenders_voucher ON tenders (reference) WHERE kind = 'voucher';
