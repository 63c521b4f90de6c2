package api

import (
	"net/http"
	"net/url"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// webShop lets a request through only with the key of a web shop that is not revoked. A
// till's token is refused: orders come from the shops, never from a till's credentials.
func (s *Server) webShop(h func(w http.ResponseWriter, r *http.Request, shop string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		shop, err := s.Central.WebShopByKey(r.Context(), bearer(r))
		if err != nil {
			if _, tillErr := s.Central.TillByToken(r.Context(), bearer(r)); tillErr == nil && r.URL.Path == wire.Version+"/orders" {
				err = pos.Errorf(pos.EUNAUTHORIZED, "a till's token cannot place orders: the web shop needs its own key (omnitill-central webshop add NAME)")
			} else if tillErr == nil {
				err = pos.Errorf(pos.EUNAUTHORIZED, "a till's token cannot do what a web shop does here: the web shop needs its own key (omnitill-central webshop add NAME)")
			}
			s.fail(w, r, err)
			return
		}
		s.authenticated(w, r)
		h(w, r, shop)
	})
}

// caller is who a request with a till's token or a web shop's key comes from: Till for a
// till, else Shop names the web shop.
type caller struct {
	Till *central.Till
	Shop string
}

// tillOrShop lets a request through with a till's token or a web shop's key.
func (s *Server) tillOrShop(h func(w http.ResponseWriter, r *http.Request, c caller)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t, err := s.Central.TillByToken(r.Context(), bearer(r)); err == nil {
			s.authenticated(w, r)
			h(w, r, caller{Till: &t})
			return
		} else if pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			s.fail(w, r, err)
			return
		}
		shop, err := s.Central.WebShopByKey(r.Context(), bearer(r))
		if err != nil {
			if pos.ErrorCode(err) == pos.EUNAUTHORIZED {
				err = pos.Errorf(pos.EUNAUTHORIZED, "no till token or web shop key that central knows and has not revoked")
			}
			s.fail(w, r, err)
			return
		}
		s.authenticated(w, r)
		h(w, r, caller{Shop: shop})
	})
}

// placeOrder answers 201 with the order it created, or 200 with the order the same id
// created before.
func (s *Server) placeOrder(w http.ResponseWriter, r *http.Request, shop string) {
	var n wire.NewOrder
	if !s.decode(w, r, &n) {
		return
	}
	o, created, err := s.Central.PlaceOrder(r.Context(), shop, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", wire.Version+"/orders/"+url.PathEscape(o.Number))
	if !created {
		writeJSON(w, http.StatusOK, o)
		return
	}
	s.Log.Info("order placed", "shop", shop, "number", o.Number, "store", o.StoreID, "lines", len(o.Lines), "total", o.Total)
	writeJSON(w, http.StatusCreated, o)
}

// order answers an order by its number: a till gets any order, with only the customer's id
// and name; a web shop only the orders it placed (another's is 404, as for a number central
// lacks).
func (s *Server) order(w http.ResponseWriter, r *http.Request, c caller) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	var o wire.Order
	var err error
	if c.Till != nil {
		o, err = s.Central.OrderForTill(r.Context(), r.PathValue("number"))
	} else {
		o, err = s.Central.OrderForWebShop(r.Context(), c.Shop, r.PathValue("number"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (s *Server) availability(w http.ResponseWriter, r *http.Request, _ caller) {
	q := r.URL.Query()
	if !onlyParams(w, q, "sku") {
		return
	}
	sku := q.Get("sku")
	if sku == "" {
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "sku is required: /v1/availability?sku=...")
		return
	}
	ans, err := s.Central.Availability(r.Context(), pos.SKU(sku))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
