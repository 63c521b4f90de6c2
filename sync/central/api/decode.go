package api

import (
	"bytes"
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
	body, ok := readBody(w, r)
	return ok && decodeBody(w, body, v)
}

// readBody reads a request body whole, at most wire.MaxBodyBytes (413 beyond) and within
// the connection's read deadline (408). On false the answer has been written.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > wire.MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, wire.ErrTooLarge, tooLarge())
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxBodyBytes))
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return body, true
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, wire.ErrTooLarge, tooLarge())
	case errors.Is(err, os.ErrDeadlineExceeded):
		// What is left of the body may still come: the connection cannot carry another
		// request.
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusRequestTimeout, wire.ErrTimeout, "the body did not arrive in time: send it whole, at once")
	default:
		writeError(w, http.StatusBadRequest, wire.ErrInvalid, "the body could not be read: "+err.Error())
	}
	return nil, false
}

// decodeBody decodes a body read whole into v strictly: one JSON value, no field v does not
// have (400). On false the answer has been written.
func decodeBody(w http.ResponseWriter, body []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
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
	if err == io.EOF {
		err = errors.New("the body is empty")
	}
	writeError(w, http.StatusBadRequest, wire.ErrInvalid, "the body is not valid JSON for this request: "+err.Error())
	return false
}

func tooLarge() string {
	return fmt.Sprintf("the body is larger than %d MiB: send smaller batches", wire.MaxBodyBytes>>20)
}
