-- VAT by country. The catalog's vat column is written in the rates of one country (the
-- catalog country, PL unless changed); a till is sent the rate of the same class in its
-- store's country: Polish reduced 8 % is Lithuanian reduced 9 %.

-- Within a country a rate names one class, so a catalog rate tells its class.
CREATE TABLE vat_classes (
	country TEXT NOT NULL, -- ISO 3166 code: PL, LT
	class   TEXT NOT NULL, -- standard, reduced, super-reduced, zero, ...
	rate_bp INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
	PRIMARY KEY (country, class)
) WITHOUT ROWID;
CREATE UNIQUE INDEX vat_classes_rate ON vat_classes (country, rate_bp);

INSERT INTO vat_classes (country, class, rate_bp) VALUES
	('PL', 'standard', 2300), ('PL', 'reduced', 800), ('PL', 'super-reduced', 500), ('PL', 'zero', 0),
	('LT', 'standard', 2100), ('LT', 'reduced', 900), ('LT', 'super-reduced', 500), ('LT', 'zero', 0);

-- The store's country picks the VAT rates its tills are sent; '' sends the catalog's own.
ALTER TABLE stores ADD COLUMN country TEXT NOT NULL DEFAULT '';

-- Central's own settings, one row each.
CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings (name, value) VALUES ('catalog_country', 'PL');
