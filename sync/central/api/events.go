package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// pushEvents applies a till's batch in order and answers each event. A refused event is
// answered "rejected" (or "conflict") and the rest go on; a failure of central itself keeps
// nothing of the batch (500), and the till sends it again.
func (s *Server) pushEvents(w http.ResponseWriter, r *http.Request, t central.Till) {
	events, ok := s.readBatch(w, r)
	if !ok {
		return
	}
	results, err := s.Central.Apply(r.Context(), t, events)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, er := range results {
		counts[er.Status]++
	}
	res := wire.PushResponse{Results: results}
	s.Log.Info("events pushed", "till", t.String(), "applied", counts[wire.StatusApplied],
		"duplicate", counts[wire.StatusDuplicate], "rejected", counts[wire.StatusRejected], "conflict", counts[wire.StatusConflict])
	writeJSON(w, http.StatusOK, res)
}

// readBatch reads a pushed batch; on false the answer has been written. The body arrives
// whole before the batch's turn at the gate, which a till slow to send it never holds.
func (s *Server) readBatch(w http.ResponseWriter, r *http.Request) ([]wire.Event, bool) {
	body, ok := readBody(w, r)
	if !ok {
		return nil, false
	}
	if err := s.Gate.Enter(r.Context()); err != nil {
		return nil, false // the till hung up while waiting; it sends the batch again
	}
	defer s.Gate.Leave()
	var req wire.PushRequest
	if !decodeBody(w, body, &req) {
		return nil, false
	}
	if len(req.Events) > wire.MaxBatch {
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, fmt.Sprintf("%d events in one batch: send at most %d", len(req.Events), wire.MaxBatch))
		return nil, false
	}
	for i, ev := range req.Events {
		if msg := checkEvent(ev); msg != "" {
			writeError(w, http.StatusBadRequest, wire.ErrInvalid, fmt.Sprintf("event %d (%s): %s; nothing of this batch was stored", i+1, ev.EventID, msg))
			return nil, false
		}
	}
	return req.Events, true
}

// checkEvent finds what makes an event's envelope unreadable: without an id central cannot
// answer it, and a payload that is not an object is not an Omnitill event. The whole batch is
// then refused before anything is stored. Anything else wrong with one event is that event's
// rejection, so it never holds up the events behind it.
func checkEvent(ev wire.Event) string {
	switch {
	case ev.EventID == "":
		return "event_id is required"
	case !bytes.HasPrefix(bytes.TrimSpace(ev.Payload), []byte("{")):
		return "payload must be a JSON object"
	}
	return ""
}
