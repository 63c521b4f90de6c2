// Package api is central's /v1 HTTP API (docs/api.md): routing, the credentials each path
// needs, reading request bodies strictly and answering errors in the protocol's words. It
// holds no SQL and no business rule: it asks central.Service, which central's database
// implements, and cmd/omnitill-central wires the two.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// Server is the /v1 HTTP API over central. Only Central and Log are needed; the other
// fields have their defaults when left zero.
type Server struct {
	Central central.Service
	Log     *slog.Logger

	// PairingLimit bounds failed pairing attempts per client address (limits.go).
	PairingLimit PairingLimit
	// TrustedProxies are the reverse proxies in front of central whose X-Forwarded-For is
	// believed when a client address is needed (the pairing limit, the log). None by
	// default: the address is the connection's, whatever a header says.
	TrustedProxies []netip.Prefix
	// UnauthenticatedTimeout is how long a request has to send its body until central
	// accepted a credential, pairing included (DefaultUnauthenticatedTimeout when 0).
	UnauthenticatedTimeout time.Duration
	// Now is the pairing limit's clock; time.Now when nil.
	Now func() time.Time
	// Gate is what reads and the reading of pushed batches wait their turn at, so that
	// the writer keeps a core (gate.go); nil lets them all run at once.
	Gate *central.Gate

	pairing *pairLimiter
}

// Handler routes the API. Health and pairing need no token; pushing and the streams need a
// till's token; placing an order needs a web shop's key; looking an order or availability
// up takes either (orders.go). Every request is guarded as unauthenticated until its
// credential is accepted (limits.go). Each call starts the pairing limit afresh.
func (s *Server) Handler() http.Handler {
	s.pairing = newPairLimiter(s.PairingLimit, s.now)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST /v1/pair", s.pair)
	mux.Handle("POST /v1/events", s.till(s.pushEvents))
	mux.Handle("GET /v1/changes/products", s.till(changes(s, s.Central.ProductChanges)))
	mux.Handle("GET /v1/changes/stock", s.till(changes(s, forEveryTill(s.Central.StockChanges))))
	mux.Handle("GET /v1/changes/promotions", s.till(changes(s, forEveryTill(s.Central.PromotionChanges))))
	mux.Handle("GET /v1/changes/loyalty", s.till(changes(s, forEveryTill(s.Central.LoyaltyChanges))))
	mux.Handle("POST /v1/loyalty/holds", s.till(s.holdPoints))
	mux.Handle("DELETE /v1/loyalty/holds/{id}", s.till(s.releaseHold))
	mux.Handle("GET /v1/changes/coupons", s.till(changes(s, forEveryTill(s.Central.CouponChanges))))
	mux.Handle("POST /v1/coupons/holds", s.till(s.holdCoupon))
	mux.Handle("DELETE /v1/coupons/holds/{id}", s.till(s.releaseCoupon))
	mux.Handle("GET /v1/coupons/{code}", s.tillOrShop(s.coupon))
	mux.Handle("POST /v1/coupons/{code}/redeem", s.webShop(s.redeemCoupon))
	mux.Handle("POST /v1/receipts/{sale}/claim", s.webShop(s.claimSale))
	mux.Handle("GET /v1/returnables", s.till(s.returnable))
	mux.Handle("GET /v1/returnables/by-customer", s.till(s.customerPurchases))
	mux.Handle("GET /v1/prices/lowest", s.till(s.lowestPrice))
	mux.Handle("GET /v1/changes/returns", s.till(changes(s, forEveryTill(s.Central.ReturnsPolicyChanges))))
	mux.Handle("POST /v1/returns/reserve", s.till(s.reserveReturn))
	mux.Handle("DELETE /v1/returns/reserve/{id}", s.till(s.releaseReturn))
	mux.Handle("POST /v1/vouchers/holds", s.till(s.holdVoucher))
	mux.Handle("DELETE /v1/vouchers/holds/{id}", s.till(s.releaseVoucher))
	mux.Handle("GET /v1/vouchers/{code}", s.tillOrShop(s.voucher))
	mux.Handle("GET /v1/changes/customers", s.till(changes(s, forEveryTill(s.Central.CustomerChanges))))
	mux.Handle("GET /v1/changes/orders", s.till(changes(s, s.Central.OrderChanges)))
	mux.Handle("GET /v1/stock", s.till(s.stock))
	mux.Handle("POST /v1/orders", s.webShop(s.placeOrder))
	mux.Handle("GET /v1/orders/{number}", s.tillOrShop(s.order))
	mux.Handle("GET /v1/availability", s.tillOrShop(s.availability))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, wire.ErrNotFound, "no such API path: "+r.Method+" "+r.URL.Path+" (see docs/api.md)")
	})
	return s.guard(s.readsInTurn(mux))
}

type tillHandler func(w http.ResponseWriter, r *http.Request, t central.Till)

// till lets a request through only with the token of a paired, unrevoked till.
func (s *Server) till(h tillHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := s.Central.TillByToken(r.Context(), bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.authenticated(w, r)
		h(w, r, t)
	})
}

// bearer is the token or key of the Authorization header; "" when there is none.
func bearer(r *http.Request) string {
	token, ok := strings.CutPrefix(r.Header.Get(wire.HeaderAuth), wire.BearerPrefix)
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}

// pair exchanges a pairing code for the till's token. A client address with too many
// failed codes is answered 429 before its body is read (limits.go).
func (s *Server) pair(w http.ResponseWriter, r *http.Request) {
	client := s.clientAddr(r)
	key := clientKey(client)
	if wait, locked, ok := s.pairing.admit(key); !ok {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		msg := fmt.Sprintf("too many failed pairing attempts from %s: try again in %d s", client, secs)
		if !locked {
			msg = fmt.Sprintf("too many pairing attempts at once from %s: try again in %d s", client, secs)
		}
		writeError(w, http.StatusTooManyRequests, wire.ErrTooMany, msg)
		return
	}
	failed := false
	defer func() {
		failures, locked := s.pairing.done(key, failed)
		if locked {
			l := s.pairing.limit
			s.Log.Warn("pairing locked out for a client address", "client", client, "from", r.RemoteAddr,
				"failures", failures, "within", l.Window, "for", l.Lockout)
		}
	}()
	var req wire.PairRequest
	if !s.decode(w, r, &req) {
		return
	}
	switch {
	case strings.TrimSpace(req.Code) == "":
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "code is required")
		return
	case req.StoreID == "" || req.TillID == "":
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "store_id and till_id are required: the till says which till it is")
		return
	}
	res, err := s.Central.Pair(r.Context(), req)
	if err != nil {
		code := pos.ErrorCode(err)
		failed = code == pos.EUNAUTHORIZED || code == pos.ECONFLICT
		if code == pos.ECONFLICT {
			s.Log.Warn("pairing refused: the code is another till's", "store", req.StoreID, "till", req.TillID, "from", r.RemoteAddr, "client", client)
		}
		s.fail(w, r, err)
		return
	}
	s.Log.Info("till paired", "store", res.StoreID, "till", res.TillID, "last_receipt", res.LastReceiptNo, "from", r.RemoteAddr)
	writeJSON(w, http.StatusOK, res)
}

// fail answers an error: a domain error with its own words and status, anything else as
// 500 with the detail in central's log only. A refused authentication is logged too.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, central.ErrReset):
		writeError(w, http.StatusGone, wire.ErrReset, err.Error())
		return
	case errors.Is(err, context.Canceled):
		return // the till hung up; it will ask again
	}
	status, code := http.StatusInternalServerError, wire.ErrInternal
	switch pos.ErrorCode(err) {
	case pos.EINVALID:
		status, code = http.StatusBadRequest, wire.ErrInvalid
	case pos.EUNAUTHORIZED:
		status, code = http.StatusUnauthorized, wire.ErrUnauthorized
		// Every 401 is a refused credential, and IT wants to see who keeps knocking. The
		// words are central's own (no token, key or code is ever in them), so they are logged
		// as they are answered.
		s.Log.Warn("authentication refused", "method", r.Method, "path", r.URL.Path, "from", r.RemoteAddr, "client", s.clientAddr(r), "why", pos.ErrorMessage(err))
	case pos.ENOTFOUND:
		status, code = http.StatusNotFound, wire.ErrNotFound
	case pos.ECONFLICT:
		status, code = http.StatusConflict, wire.ErrConflict
	default:
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, status, code, "central failed; details are in its log. Send the request again later.")
		return
	}
	writeError(w, status, code, pos.ErrorMessage(err))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, wire.Error{Code: code, Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", wire.ContentTypeJS)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
