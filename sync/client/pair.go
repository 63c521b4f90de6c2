package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// PairTill spends a pairing code at central and keeps the token in the till's database,
// with its receipt numbering continued after the last receipt central has from it (a
// reinstalled till), and central's pinned certificate when the client has one. The code
// must have been made for this till (storeID, tillID): central checks it before it spends
// the code, so another till's code logs nobody out. A till that has sold nothing yet
// (SyncStore.Fresh) says so, and central may then pair it as the code's till: it takes that
// store and till id as its own.
func PairTill(ctx context.Context, store pos.SyncStore, central *Client, code string, storeID pos.StoreID, tillID pos.TillID) error {
	fresh, err := store.Fresh(ctx)
	if err != nil {
		return err
	}
	res, err := central.Pair(ctx, wire.PairRequest{Code: code, StoreID: string(storeID), TillID: string(tillID), Fresh: fresh})
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusConflict {
		return pos.Errorf(pos.ECONFLICT, "%s", se.Body.Message)
	} else if err != nil {
		return fmt.Errorf("pair with %s: %w", central.BaseURL, err)
	}
	header, err := storeHeader(res.Store)
	if err != nil {
		return fmt.Errorf("pair with %s: %w", central.BaseURL, err)
	}
	if !goodID(res.StoreID) || !goodID(res.TillID) {
		return fmt.Errorf("pair with %s: central paired store %q till %q, which the till cannot take", central.BaseURL, res.StoreID, res.TillID)
	}
	link := pos.CentralLink{Central: central.BaseURL, Token: res.Token, Pin: central.Pin()}
	save := store.SaveLink
	if fresh && (res.StoreID != string(storeID) || res.TillID != string(tillID)) {
		save = store.SaveLinkAs
	}
	if err := save(ctx, link, pos.StoreID(res.StoreID), pos.TillID(res.TillID), pos.ReceiptNo(res.LastReceiptNo), header); err != nil {
		return err
	}
	central.Token = res.Token
	return nil
}

// goodID reports whether a store or till id central sent is one a till can keep and print:
// not empty, at most 64 bytes, no spaces or control characters.
func goodID(id string) bool {
	if id == "" || len(id) > 64 || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// storeHeader checks the store header central sent before a receipt prints it: a name, short
// lines, a currency the till knows, VAT letters each once with rates from 0 to 100 %.
func storeHeader(h *wire.StoreHeader) (*pos.StoreInfo, error) {
	if h == nil {
		return nil, nil // an older central: the till keeps its own
	}
	bad := func(what string, args ...any) error {
		return fmt.Errorf("central sent a store header the till cannot print: "+what, args...)
	}
	const maxText = 200
	if strings.TrimSpace(h.Name) == "" || len(h.Name) > maxText || len(h.TaxID) > maxText || len(h.Address) > 5 {
		return nil, bad("no name, or a text too long")
	}
	for _, a := range h.Address {
		if len(a) > maxText {
			return nil, bad("an address line of %d bytes", len(a))
		}
	}
	cur := pos.Currency(h.Currency)
	if cur != "" && cur != pos.PLN && cur != pos.EUR {
		return nil, bad("currency %q, which the till does not sell in", h.Currency)
	}
	if h.Country != "" && (len(h.Country) != 2 || strings.ToUpper(h.Country) != h.Country) {
		return nil, bad("country %q", h.Country)
	}
	info := &pos.StoreInfo{Name: h.Name, Address: h.Address, TaxID: h.TaxID, Country: h.Country, Currency: cur}
	seen := map[string]bool{}
	for _, v := range h.VAT {
		if v.Letter == "" || len(v.Letter) > 2 || seen[v.Letter] || v.Rate < 0 || v.Rate > 10000 {
			return nil, bad("VAT class %q at %d basis points", v.Letter, v.Rate)
		}
		seen[v.Letter] = true
		info.VAT = append(info.VAT, pos.VATClass{Letter: v.Letter, Rate: pos.VATRate(v.Rate)})
	}
	return info, nil
}
