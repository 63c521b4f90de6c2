package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/omnitill/omnitill/sync/wire"
)

// decode reads a request body into v strictly: at most wire.MaxBodyBytes (413 beyond), one
// JSON value, no field v does not have (400). On false the answer has been written and
// nothing may be stored.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.ContentLength > wire.MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, wire.ErrTooLarge, tooLarge())
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, wire.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// A second value, even an empty object, means the body is not what the till meant.
		if err = dec.Decode(&struct{}{}); err == io.EOF {
			return true
		} else if err == nil {
			err = errors.New("more than one JSON value in the body")
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, wire.ErrTooLarge, tooLarge())
		return false
	case errors.Is(err, os.ErrDeadlineExceeded):
		// What is left of the body may still come: the connection cannot carry another
		// request.
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusRequestTimeout, wire.ErrTimeout, "the body did not arrive in time: send it whole, at once")
		return false
	}
	if err == io.EOF {
		err = errors.New("the body is empty")
	}
	writeError(w, http.StatusBadRequest, wire.ErrInvalid, "the body is not valid JSON for this request: "+err.Error())
	return false
}

func tooLarge() string {
	return fmt.Sprintf("the body is larger than %d MiB: send smaller batches", wire.MaxBodyBytes>>20)
}
