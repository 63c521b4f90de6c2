package api

import (
	"net/http"

	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// returnable answers a purchase as it can be returned: ?sale=ID, ?receipt=STORE/TILL/NO
// or ?order=NUMBER.
func (s *Server) returnable(w http.ResponseWriter, r *http.Request, _ central.Till) {
	q := r.URL.Query()
	if !onlyParams(w, q, "sale", "receipt", "order") {
		return
	}
	ans, err := s.Central.Returnable(r.Context(), central.ReturnableQuery{Sale: q.Get("sale"), Receipt: q.Get("receipt"), Order: q.Get("order")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// customerPurchases answers what a customer bought that could come back: ?key= their
// loyalty card, or their exact e-mail or phone.
func (s *Server) customerPurchases(w http.ResponseWriter, r *http.Request, _ central.Till) {
	q := r.URL.Query()
	if !onlyParams(w, q, "key") {
		return
	}
	ans, err := s.Central.PurchasesOf(r.Context(), q.Get("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// reserveReturn holds a return's quantities before the till pays out.
func (s *Server) reserveReturn(w http.ResponseWriter, r *http.Request, t central.Till) {
	var req wire.ReserveRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.ReserveReturn(r.Context(), t, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("return reserved", "till", t.String(), "return", req.ReturnID, "source", req.SourceID, "status", ans.Status)
	writeJSON(w, http.StatusOK, ans)
}

// releaseReturn gives a reservation back.
func (s *Server) releaseReturn(w http.ResponseWriter, r *http.Request, t central.Till) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.ReleaseReturn(r.Context(), t, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// holdVoucher holds part of a voucher's balance for the till's sale.
func (s *Server) holdVoucher(w http.ResponseWriter, r *http.Request, t central.Till) {
	var req wire.VoucherHoldRequest
	if !s.decode(w, r, &req) {
		return
	}
	ans, err := s.Central.HoldVoucher(r.Context(), t, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.Info("voucher hold", "till", t.String(), "hold", req.HoldID, "code", ans.Code, "amount", req.Amount, "status", ans.Status)
	writeJSON(w, http.StatusOK, ans)
}

// releaseVoucher gives a voucher hold back.
func (s *Server) releaseVoucher(w http.ResponseWriter, r *http.Request, t central.Till) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.ReleaseVoucherHold(r.Context(), t, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// voucher answers a voucher's balance.
func (s *Server) voucher(w http.ResponseWriter, r *http.Request, _ caller) {
	if !onlyParams(w, r.URL.Query()) {
		return
	}
	ans, err := s.Central.Voucher(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
