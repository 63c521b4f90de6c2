// Package demo provides the demo store's catalog and synthetic catalogs of any size for
// benchmarks and load tests.
package demo

import (
	"bytes"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
)

// Products returns the demo store's catalog: Polish and Lithuanian groceries, weighed
// articles with PLUs and a filled quick-key pad.
func Products() ([]pos.Product, error) {
	return catalogcsv.Read(bytes.NewReader(assets.DemoProductsCSV), pos.PolishVAT)
}

// LithuanianProducts returns the Lithuanian demo store's catalog: the same articles in
// euros under Lithuanian VAT.
func LithuanianProducts() ([]pos.Product, error) {
	return catalogcsv.Read(bytes.NewReader(assets.DemoProductsLTCSV), pos.LithuanianVAT)
}
