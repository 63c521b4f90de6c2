package api

import (
	"net/http"
	"strconv"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// lowestPrice answers the lowest price of an article's last days: ?sku=SKU[&days=N],
// 30 days unless told.
func (s *Server) lowestPrice(w http.ResponseWriter, r *http.Request, _ central.Till) {
	q := r.URL.Query()
	if !onlyParams(w, q, "sku", "days") {
		return
	}
	days := pos.LowestPriceDays
	if d := q.Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			writeError(w, http.StatusBadRequest, wire.ErrInvalid, "days is a whole number of days, 1 to 365")
			return
		}
		days = n
	}
	if q.Get("sku") == "" {
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "say which article: ?sku=SKU")
		return
	}
	ans, err := s.Central.LowestPrice(r.Context(), pos.SKU(q.Get("sku")), days)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
