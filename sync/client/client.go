// Package client is the till's side of sync: Client speaks the /v1 API to central, and
// Worker pushes the outbox and pulls the streams in the background, never in the way of a
// sale.
package client

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
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
	pin     string // the SHA-256 of central's certificate the transport accepts, or ""
}

// New returns a client with timeouts fit for a shop's line: a dead link is noticed in
// seconds, while a large batch still has a minute to be applied. An https:// central is
// trusted through the system's certificate authorities.
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

// Connect returns the client of a till's link with central: its address checked
// (CheckURL), its token, and its pinned certificate when it has one (NewPinned).
func Connect(link pos.CentralLink) (*Client, error) {
	if err := CheckURL(link.Central); err != nil {
		return nil, err
	}
	if link.Pin == "" {
		return New(link.Central, link.Token), nil
	}
	return NewPinned(link.Central, link.Token, link.Pin)
}

// NewPinned is New for a central whose certificate the till pins: the transport accepts
// only a certificate whose SHA-256 is pin (64 hex digits), whoever signed it and whatever
// names it carries (central made it itself: `serve --tls-auto`); any other is refused with
// a *PinError. A pin needs an https:// address.
func NewPinned(baseURL, token, pin string) (*Client, error) {
	want, err := hex.DecodeString(pin)
	if err != nil || len(want) != sha256.Size {
		return nil, fmt.Errorf("certificate fingerprint %q: %w", pin, ErrBadPin)
	}
	if !strings.HasPrefix(strings.ToLower(baseURL), "https://") {
		return nil, fmt.Errorf("%s: %w", baseURL, ErrPinNeedsTLS)
	}
	c := New(baseURL, token)
	c.pin = hex.EncodeToString(want)
	c.HTTP.Transport.(*http.Transport).TLSClientConfig = &tls.Config{
		MinVersion: tls.VersionTLS12,
		// The chain and the names are not checked, as central's own certificate has neither
		// a known issuer nor, necessarily, the name the till reaches it by: the pin below is
		// the whole check, and it is made on every handshake.
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return &PinError{Want: c.pin}
			}
			got := sha256.Sum256(raw[0])
			if subtle.ConstantTimeCompare(got[:], want) != 1 {
				return &PinError{Want: c.pin, Got: hex.EncodeToString(got[:])}
			}
			return nil
		},
	}
	return c, nil
}

// Pin is the SHA-256 of central's certificate the client accepts (hex), or "" when it
// trusts the system's certificate authorities.
func (c *Client) Pin() string { return c.pin }

// Errors of the link's set-up, to test with errors.Is.
var (
	ErrPlainHTTP   = errors.New("a till sends its token and sales over http:// only to this machine; another machine needs https://")
	ErrBadURL      = errors.New("central's address is https://HOST:PORT (or http:// to this machine)")
	ErrBadPin      = errors.New("a certificate fingerprint is the SHA-256 of central's certificate: 64 hex digits")
	ErrPinNeedsTLS = errors.New("a pinned certificate needs an https:// address")
)

// PinError is a central whose certificate is not the one the till pinned: another server
// answers at its address, or central's certificate was made anew.
type PinError struct {
	Want, Got string // hex SHA-256; Got is "" when central showed no certificate
}

func (e *PinError) Error() string {
	return fmt.Sprintf("central's certificate has SHA-256 %s, not the pinned %s", cmp.Or(e.Got, "(none)"), e.Want)
}

// CheckURL refuses an address a till must not send its token to: not http:// or https://,
// without a host, with a path, query or fragment, or http:// to another machine than this
// one (localhost, 127.0.0.0/8, ::1).
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%q: %w", raw, ErrBadURL)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.User != nil, u.Opaque != "",
		u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return fmt.Errorf("%q: %w", raw, ErrBadURL)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return fmt.Errorf("%s: %w", raw, ErrPlainHTTP)
	}
	return nil
}

// isLoopback reports whether a host names this machine only.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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

// Pair spends a pairing code made for the till req names (or, with req.Fresh, for a till
// a fresh till may become). The answer's token is what the till sends from now on. A code
// made for another till is refused (409) and left unspent.
func (c *Client) Pair(ctx context.Context, req wire.PairRequest) (wire.PairResponse, error) {
	var res wire.PairResponse
	err := c.call(ctx, http.MethodPost, "/pair", nil, req, &res)
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
	if err := CheckURL(c.BaseURL); err != nil {
		return err // never a token or a sale in clear across the network
	}
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
