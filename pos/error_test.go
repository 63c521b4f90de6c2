package pos_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

func TestErrorsForPeople(t *testing.T) {
	_, badCode := barcode.NewParser().Parse("5901234123450") // wrong check digit
	if badCode == nil {
		t.Fatal("a wrong check digit was read")
	}
	weight := &pos.NeedsWeight{Product: pos.Product{Name: "Kiełbasa", PLU: "101"}}
	tests := []struct {
		name string
		err  error
		code string
		msg  string // what the message contains
	}{
		{"Domain", fmt.Errorf("scan: %w", pos.Errorf(pos.ENOTFOUND, "No article has code 123.")), pos.ENOTFOUND, "No article has code 123."},
		{"Barcode", fmt.Errorf("scan: %w", badCode), pos.EINVALID, badCode.(*barcode.Error).Message},
		{"NeedsWeight", weight, pos.EINVALID, "Kiełbasa is sold by weight"},
		// The outer explanation wins: a device failure worded by the till over the driver's.
		{"Outermost", fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The sale is saved, but the receipt did not print."), pos.Errorf(pos.EINVALID, "inner")),
			pos.EINTERNAL, "The sale is saved"},
		{"Internal", errors.New("sql: database is locked at 0x7f"), pos.EINTERNAL, "Something went wrong inside the till; nothing was lost."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pos.ErrorCode(tt.err); got != tt.code {
				t.Errorf("code %q, want %q", got, tt.code)
			}
			if got := pos.ErrorMessage(tt.err); !strings.Contains(got, tt.msg) {
				t.Errorf("message %q, want it to contain %q", got, tt.msg)
			}
		})
	}
	if msg := pos.ErrorMessage(errors.New("sql: database is locked at 0x7f")); strings.Contains(msg, "locked") {
		t.Errorf("a person reads the technical cause: %q", msg)
	}
}

// An internal failure shown to a person is logged once under a reference the person reads;
// the log has the details the screen leaves out.
func TestReportGivesAReference(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	err := pos.Report(log, "commit sale", fmt.Errorf("insert sale: %w", errors.New("disk I/O error")))
	var inc *pos.Incident
	if !errors.As(err, &inc) || len(inc.Ref) != 8 {
		t.Fatalf("no reference: %v", err)
	}
	msg := pos.ErrorMessage(err)
	if !strings.Contains(msg, inc.Ref) || strings.Contains(msg, "disk I/O") {
		t.Fatalf("message %q: want the reference %s and no detail", msg, inc.Ref)
	}
	if !strings.Contains(buf.String(), "ref="+inc.Ref) || !strings.Contains(buf.String(), "disk I/O error") {
		t.Fatalf("the log lacks the reference or the detail:\n%s", buf.String())
	}
	// Reported again on the way up, it keeps its reference and is logged once.
	again := pos.Report(log, "sale screen", err)
	if !errors.As(again, &inc) || pos.ErrorMessage(again) != msg || strings.Count(buf.String(), "ref=") != 1 {
		t.Fatalf("reported twice:\n%s", buf.String())
	}
	if err := pos.Report(log, "scan", pos.Errorf(pos.EINVALID, "bad code")); errors.As(err, &inc) {
		t.Fatal("bad input got a reference, as if the till had failed")
	}
	if err := pos.Report(log, "sync", context.Canceled); err != context.Canceled || strings.Count(buf.String(), "level=ERROR") != 1 {
		t.Fatal("a cancelled call was logged as a failure")
	}
	if code := (&barcode.Error{}).ErrorCode(); code != pos.EINVALID {
		t.Fatalf("barcode errors say %q, pos calls it %q", code, pos.EINVALID)
	}
}
