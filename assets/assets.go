// Package assets holds the files compiled into the omnitill binary, so a till runs from a
// single executable with nothing installed beside it.
package assets

import "embed"

// Demo holds the demo store's data files under "demo/".
//
//go:embed demo
var Demo embed.FS

// DemoProductsCSV is the demo store's catalog in the catalog CSV format (pos/catalogcsv).
//
//go:embed demo/products.csv
var DemoProductsCSV []byte

// DemoProductsLTCSV is the Lithuanian demo store's catalog: the same shop in euros, under
// Lithuanian VAT, its Lithuanian articles first on the quick keys.
//
//go:embed demo/products-lt.csv
var DemoProductsLTCSV []byte

// Lang holds the till's translation catalogs under "lang/": AREA.LANG.json files in
// go-i18n's format, keyed by the English text (pos/lang).
//
//go:embed lang
var Lang embed.FS

// DefaultReasons are the lists of reasons a new till starts with (pos/reasoncsv).
//
//go:embed reasons.csv
var DefaultReasons []byte
