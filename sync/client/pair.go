package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/omnitill/omnitill/pos"
)

// PairTill spends a pairing code at central and keeps the token in the till's database,
// with its receipt numbering continued after the last receipt central has from it (a
// reinstalled till). The code must have been made for this till (storeID, tillID):
// central checks it before it spends the code, so another till's code logs nobody out.
func PairTill(ctx context.Context, store pos.SyncStore, central *Client, code string, storeID pos.StoreID, tillID pos.TillID) error {
	res, err := central.Pair(ctx, code, storeID, tillID)
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusConflict {
		return pos.Errorf(pos.ECONFLICT, "%s", se.Body.Message)
	} else if err != nil {
		return fmt.Errorf("pair with %s: %w", central.BaseURL, err)
	}
	link := pos.CentralLink{Central: central.BaseURL, Token: res.Token}
	if err := store.SaveLink(ctx, link, pos.StoreID(res.StoreID), pos.TillID(res.TillID), pos.ReceiptNo(res.LastReceiptNo)); err != nil {
		return err
	}
	central.Token = res.Token
	return nil
}
