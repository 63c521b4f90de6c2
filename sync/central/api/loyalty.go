package api

import (
	"net/http"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// holdPoints sets a customer's points aside for a sale being paid at the till: answered
// with the hold (status held), or status short with what is free, nothing held.
func (s *Server) holdPoints(w http.ResponseWriter, r *http.Request, t central.Till) {
	var req wire.HoldRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.HoldPoints(r.Context(), t, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("points hold", "till", t.String(), "hold", ans.HoldID, "customer", ans.CustomerID, "points", ans.Points, "status", ans.Status)
	writeJSON(w, http.StatusOK, ans)
}

// releaseHold gives a hold of the till back.
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request, t central.Till) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.ReleaseHold(r.Context(), t, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// holdCoupon holds a coupon for a sale being paid at the till: held, with the coupon, or
// used (and where), nothing held.
func (s *Server) holdCoupon(w http.ResponseWriter, r *http.Request, t central.Till) {
	var req wire.CouponHoldRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.HoldCoupon(r.Context(), t, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("coupon hold", "till", t.String(), "hold", ans.HoldID, "code", req.Code, "status", ans.Status)
	writeJSON(w, http.StatusOK, ans)
}

// releaseCoupon gives a till's coupon hold back.
func (s *Server) releaseCoupon(w http.ResponseWriter, r *http.Request, t central.Till) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.ReleaseCouponHold(r.Context(), t, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// coupon answers whether a coupon is free, for a till or a web shop.
func (s *Server) coupon(w http.ResponseWriter, r *http.Request, _ caller) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.Coupon(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// redeemCoupon spends a coupon on a web shop's order: redeemed, or used (and where).
func (s *Server) redeemCoupon(w http.ResponseWriter, r *http.Request, shop string) {
	var req wire.CouponRedeemRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.RedeemCoupon(r.Context(), shop, r.PathValue("code"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("coupon redeemed online", "shop", shop, "code", r.PathValue("code"), "order", req.Order, "status", ans.Status)
	writeJSON(w, http.StatusOK, ans)
}

// claimSale takes an in-store purchase into a customer's account, for a web shop.
func (s *Server) claimSale(w http.ResponseWriter, r *http.Request, shop string) {
	var req wire.ClaimRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.ClaimSale(r.Context(), shop, pos.SaleID(r.PathValue("sale")), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("purchase claimed", "shop", shop, "sale", ans.SaleID, "customer", ans.CustomerID, "earned", ans.Earned)
	writeJSON(w, http.StatusOK, ans)
}
