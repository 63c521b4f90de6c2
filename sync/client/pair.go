package client

import (
	"context"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

// PairTill spends a pairing code at central and keeps the token in the till's database.
// The code must have been made for this till's store and till id.
func PairTill(ctx context.Context, store pos.SyncStore, central *Client, code string) error {
	res, err := central.Pair(ctx, code)
	if err != nil {
		return fmt.Errorf("pair with %s: %w", central.BaseURL, err)
	}
	link := pos.CentralLink{Central: central.BaseURL, Token: res.Token}
	if err := store.SaveLink(ctx, link, pos.StoreID(res.StoreID), pos.TillID(res.TillID)); err != nil {
		return err
	}
	central.Token = res.Token
	return nil
}
