package client

import (
	"context"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// PairTill spends a pairing code at central and keeps the token in the till's database.
// The code must have been made for this till's store and till id.
func PairTill(ctx context.Context, db *sqlite.DB, central *Client, code string) error {
	res, err := central.Pair(ctx, code)
	if err != nil {
		return fmt.Errorf("pair with %s: %w", central.BaseURL, err)
	}
	if err := db.SaveLink(ctx, central.BaseURL, res.Token, pos.StoreID(res.StoreID), pos.TillID(res.TillID)); err != nil {
		return err
	}
	central.Token = res.Token
	return nil
}
