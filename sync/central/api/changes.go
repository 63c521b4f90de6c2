package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// changes serves one pull stream: a page after ?cursor=, at most ?limit= rows, read for
// the asking till by read.
func changes[P any](s *Server, read func(ctx context.Context, t central.Till, cursor int64, limit int) (P, error)) tillHandler {
	return func(w http.ResponseWriter, r *http.Request, t central.Till) {
		cursor, limit, ok := pageQuery(w, r)
		if !ok {
			return
		}
		page, err := read(r.Context(), t, cursor, limit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, page)
	}
}

// forEveryTill adapts a stream that is the same for every till to changes.
func forEveryTill[P any](read func(ctx context.Context, cursor int64, limit int) (P, error)) func(context.Context, central.Till, int64, int) (P, error) {
	return func(ctx context.Context, _ central.Till, cursor int64, limit int) (P, error) {
		return read(ctx, cursor, limit)
	}
}

func (s *Server) stock(w http.ResponseWriter, r *http.Request, _ central.Till) {
	q := r.URL.Query()
	if !onlyParams(w, q, "sku") {
		return
	}
	sku := q.Get("sku")
	if sku == "" {
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "sku is required: /v1/stock?sku=...")
		return
	}
	ans, err := s.Central.StockOf(r.Context(), pos.SKU(sku))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// pageQuery reads ?cursor=N&limit=M of a stream: cursor 0 and limit wire.DefaultPage when
// absent.
func pageQuery(w http.ResponseWriter, r *http.Request) (cursor int64, limit int, ok bool) {
	q := r.URL.Query()
	if !onlyParams(w, q, "cursor", "limit") {
		return 0, 0, false
	}
	limit = wire.DefaultPage
	var err error
	if c := q.Get("cursor"); c != "" {
		if cursor, err = strconv.ParseInt(c, 10, 64); err != nil || cursor < 0 {
			writeError(w, http.StatusBadRequest, wire.ErrInvalid, "cursor must be a whole number from 0")
			return 0, 0, false
		}
	}
	if l := q.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > wire.MaxPageSize {
			writeError(w, http.StatusBadRequest, wire.ErrInvalid, "limit must be from 1 to "+strconv.Itoa(wire.MaxPageSize))
			return 0, 0, false
		}
	}
	return cursor, limit, true
}

// onlyParams refuses query parameters the route does not know, so a typo is not silently
// a full snapshot.
func onlyParams(w http.ResponseWriter, q map[string][]string, known ...string) bool {
	for k, v := range q {
		if !slices.Contains(known, k) || len(v) > 1 {
			writeError(w, http.StatusBadRequest, wire.ErrInvalid, "unknown or repeated query parameter "+strconv.Quote(k))
			return false
		}
	}
	return true
}
