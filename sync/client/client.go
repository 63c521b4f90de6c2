// Package client is the till's side of sync: Client speaks the /v1 API to central, and
// Worker pushes the outbox and pulls the streams in the background, never in the way of a
// sale.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Client calls central's API as one paired till.
type Client struct {
	BaseURL string // e.g. https://central.example:8420, without /v1
	Token   string // empty until paired
	HTTP    *http.Client
}

// New returns a client with timeouts fit for a shop's line: a dead link is noticed in
// seconds, while a large batch still has a minute to be applied.
func New(baseURL, token string) *Client {
	return &Client{
		BaseURL: strings.TrimRight(baseURL, "/"),
		Token:   token,
		HTTP: &http.Client{
			Timeout: 2 * time.Minute,
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
				TLSHandshakeTimeout:   5 * time.Second,
				ResponseHeaderTimeout: 90 * time.Second,
				IdleConnTimeout:       90 * time.Second,
				MaxIdleConnsPerHost:   2,
			},
		},
	}
}

// StatusError is central's refusal of a request.
type StatusError struct {
	Status int
	Body   wire.Error
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("central answered %d %s: %s", e.Status, e.Body.Code, e.Body.Message)
}

// Sentinels to test a StatusError against with errors.Is.
var (
	ErrUnauthorized = errors.New("central does not know this till (not paired, or revoked)")
	ErrReset        = errors.New("central cannot continue from this cursor: pull from 0")
)

func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrReset:
		return e.Status == http.StatusGone
	}
	return false
}

// Pair spends a pairing code made for this till (store and till). The answer's token is
// what the till sends from now on. A code made for another till is refused (409) and left
// unspent.
func (c *Client) Pair(ctx context.Context, code string, store pos.StoreID, till pos.TillID) (wire.PairResponse, error) {
	var res wire.PairResponse
	err := c.call(ctx, http.MethodPost, "/pair", nil, wire.PairRequest{Code: code, StoreID: string(store), TillID: string(till)}, &res)
	return res, err
}

// Push sends events, oldest first, and returns central's answer for each, in order.
func (c *Client) Push(ctx context.Context, events []pos.Event) ([]wire.EventResult, error) {
	req := wire.PushRequest{Events: make([]wire.Event, len(events))}
	for i, ev := range events {
		req.Events[i] = wire.Event{EventID: string(ev.ID), Type: ev.Type, Aggregate: ev.Aggregate, Payload: ev.Payload, CreatedAt: ev.At.UTC()}
	}
	var res wire.PushResponse
	if err := c.call(ctx, http.MethodPost, "/events", nil, req, &res); err != nil {
		return nil, err
	}
	if len(res.Results) != len(events) {
		return nil, fmt.Errorf("central answered %d of %d events", len(res.Results), len(events))
	}
	for i, r := range res.Results {
		if r.EventID != string(events[i].ID) {
			return nil, fmt.Errorf("central answered event %s where %s was sent", r.EventID, events[i].ID)
		}
		switch r.Status {
		case wire.StatusApplied, wire.StatusDuplicate, wire.StatusRejected, wire.StatusConflict:
		default:
			return nil, fmt.Errorf("central answered event %s with unknown status %q", r.EventID, r.Status)
		}
	}
	return res.Results, nil
}

// Products pulls one page of the products stream after cursor. ErrReset when central
// cannot continue from it.
func (c *Client) Products(ctx context.Context, cursor int64, limit int) (wire.ProductPage, error) {
	var page wire.ProductPage
	err := c.call(ctx, http.MethodGet, "/changes/products", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// StockChanges pulls one page of the stock stream after cursor. ErrReset as for Products.
func (c *Client) StockChanges(ctx context.Context, cursor int64, limit int) (wire.StockPage, error) {
	var page wire.StockPage
	err := c.call(ctx, http.MethodGet, "/changes/stock", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// Promotions pulls one page of the promotions stream after cursor. ErrReset as for Products.
func (c *Client) Promotions(ctx context.Context, cursor int64, limit int) (wire.PromotionPage, error) {
	var page wire.PromotionPage
	err := c.call(ctx, http.MethodGet, "/changes/promotions", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// Customers pulls one page of the customers stream after cursor. ErrReset as for Products.
func (c *Client) Customers(ctx context.Context, cursor int64, limit int) (wire.CustomerPage, error) {
	var page wire.CustomerPage
	err := c.call(ctx, http.MethodGet, "/changes/customers", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// Orders pulls one page of the online orders to be collected in this till's store, after
// cursor. ErrReset as for Products.
func (c *Client) Orders(ctx context.Context, cursor int64, limit int) (wire.OrderPage, error) {
	var page wire.OrderPage
	err := c.call(ctx, http.MethodGet, "/changes/orders", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// Stock asks central for an article's on-hand in every store, now.
func (c *Client) Stock(ctx context.Context, sku pos.SKU) (wire.StockAnswer, error) {
	var ans wire.StockAnswer
	err := c.call(ctx, http.MethodGet, "/stock", url.Values{"sku": {string(sku)}}, nil, &ans)
	return ans, err
}

func pageQuery(cursor int64, limit int) url.Values {
	return url.Values{"cursor": {strconv.FormatInt(cursor, 10)}, "limit": {strconv.Itoa(limit)}}
}

// call sends one request and decodes a 200 answer into out, or returns a *StatusError.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, in, out any) error {
	u := c.BaseURL + wire.Version + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s: %w", path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", wire.ContentTypeJS)
	}
	if c.Token != "" {
		req.Header.Set(wire.HeaderAuth, wire.BearerPrefix+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		se := &StatusError{Status: resp.StatusCode}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(b, &se.Body) != nil || se.Body.Code == "" {
			se.Body = wire.Error{Code: http.StatusText(resp.StatusCode), Message: strings.TrimSpace(string(b))}
		}
		return se
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("read central's answer to %s %s: %w", method, path, err)
	}
	return nil
}
