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
