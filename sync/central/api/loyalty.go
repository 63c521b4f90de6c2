package api

import (
	"net/http"

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
