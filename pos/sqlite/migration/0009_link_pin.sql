-- The SHA-256 (hex) of central's certificate when the till pins it (paired with a pairing
-- string that carried it); '' trusts the system's certificate authorities.
ALTER TABLE sync_link ADD COLUMN cert_sha256 TEXT NOT NULL DEFAULT '';
