package api

import (
	"bytes"
	"net/http"
)

// readsInTurn answers every GET through the server's Gate (central.Gate): reads take
// turns beside the writer instead of crowding it off the cores. The answer is made into
// memory and sent once the turn is over, so a client slow to read it never holds a turn.
func (s *Server) readsInTurn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Gate == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		if err := s.Gate.Enter(r.Context()); err != nil {
			return // the client hung up while waiting
		}
		held := &heldAnswer{ResponseWriter: w, status: http.StatusOK}
		func() {
			defer s.Gate.Leave()
			next.ServeHTTP(held, r)
		}()
		w.WriteHeader(held.status)
		w.Write(held.body.Bytes())
	})
}

// heldAnswer keeps an answer's status and body; its headers go to the real answer's.
type heldAnswer struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   bytes.Buffer
}

func (h *heldAnswer) WriteHeader(status int) {
	if !h.wrote {
		h.status, h.wrote = status, true
	}
}

func (h *heldAnswer) Write(p []byte) (int, error) {
	h.wrote = true
	return h.body.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (read deadlines, limits.go).
func (h *heldAnswer) Unwrap() http.ResponseWriter { return h.ResponseWriter }
