package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// Apply applies a till's events in order, each exactly once, and answers each. The payloads
// are read first, in the caller's goroutine; then the batch takes its turn at the writer,
// which books it in a savepoint of the writer's group (writer.go): an "applied" answer is
// sent only once the group is on disk. The batch's lookups and its rows are each one
// statement for the whole batch (booking), so a batch of 500 sales costs a few dozen
// statements, not thousands.
//
// Each event is answered as the first time it came (duplicate), refused by a rule
// (rejected: it leaves nothing but its inbox row and an exception, and the events behind it
// go on), or, when its id is one central has with another body or from another till,
// conflict: the first body stands and the other is kept for a manager. A rejected event sent
// again is booked again, under today's rules and data: a manager sends it again once the
// cause is set right. The error is for failures of central itself, never for a refused
// event: then nothing of the batch is kept and the till sends it again.
func (db *DB) Apply(ctx context.Context, till central.Till, events []wire.Event) ([]wire.EventResult, error) {
	if err := db.Gate.Enter(ctx); err != nil {
		return nil, err
	}
	in := make([]*incoming, len(events))
	for i, ev := range events {
		in[i] = readEvent(ev)
	}
	db.Gate.Leave()
	var results []wire.EventResult
	err := db.w.write(ctx, len(events), func(tx *sql.Tx) error {
		b, err := newBooking(context.Background(), tx, till, in, db.Now())
		if err != nil {
			return err
		}
		if results, err = b.bookAll(in); err != nil {
			return err
		}
		return b.save()
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// incoming is a pushed event as read before its turn at the writer.
type incoming struct {
	wire.Event
	sale     pos.SaleEvent            // a sale.completed that reads
	customer pos.CustomerCreatedEvent // a customer.created that reads
	ret      pos.ReturnEvent          // a return.completed that reads
	refused  error                    // a rejection found from the event alone
}

// readEvent reads an event's payload: the costly part of applying it, done before the
// writer's turn so tills' batches are read side by side.
func readEvent(ev wire.Event) *incoming {
	in := &incoming{Event: ev}
	if err := central.CheckEventID(ev.EventID); err != nil {
		in.refused = err
		return in
	}
	switch ev.Type {
	case pos.EventSaleCompleted:
		in.sale, in.refused = central.SaleOf(ev)
	case pos.EventCustomerCreated:
		in.customer, in.refused = central.NewCustomerOf(ev)
	case pos.EventReturnCompleted:
		in.ret, in.refused = central.ReturnOf(ev)
	default:
		in.refused = central.Reject("central does not know events of type %q", ev.Type)
	}
	return in
}

// inboxRow is what central keeps of an event it has seen.
type inboxRow struct {
	store, till             string
	typ, aggregate, payload string
	status, reason          string
	booked                  bool // seen first in this batch
}

// sameBody says whether an event says what the kept one says: same type, aggregate and
// payload, whatever the payload's white space.
func (r *inboxRow) sameBody(ev wire.Event) bool {
	if r.typ != ev.Type || r.aggregate != ev.Aggregate {
		return false
	}
	if r.payload == string(ev.Payload) {
		return true
	}
	var a, b bytes.Buffer
	return json.Compact(&a, []byte(r.payload)) == nil && json.Compact(&b, ev.Payload) == nil && bytes.Equal(a.Bytes(), b.Bytes())
}

// bodyHash identifies a body among those sent under one event id.
func bodyHash(ev wire.Event) string {
	h := sha256.New()
	for _, part := range []string{ev.Type, ev.Aggregate, string(ev.Payload)} {
		fmt.Fprintf(h, "%d:%s", len(part), part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// bookAll answers each event of a batch in order and queues the rows it leaves.
func (b *booking) bookAll(in []*incoming) ([]wire.EventResult, error) {
	results := make([]wire.EventResult, len(in))
	for i, e := range in {
		res := wire.EventResult{EventID: e.EventID}
		prev := b.seen[e.EventID]
		switch {
		case prev == nil:
			res.Status, res.Reason = b.book(e, false)
			row := &inboxRow{store: b.storeID, till: b.tillID, typ: e.Type, aggregate: e.Aggregate,
				payload: string(e.Payload), status: res.Status, reason: res.Reason, booked: true}
			b.seen[e.EventID] = row
			b.inbox.add(e.EventID, e.Type, e.Aggregate, row.payload, timeText(e.CreatedAt), res.Status, res.Reason,
				b.storeID, b.tillID, b.nowText)
		case prev.store != string(b.till.Store) || prev.till != string(b.till.ID):
			res.Status, res.Reason = wire.StatusConflict, fmt.Sprintf("event id %s was already sent by till %s/%s", e.EventID, prev.store, prev.till)
			b.conflict(e, res.Reason)
		case !prev.sameBody(e.Event):
			res.Status, res.Reason = wire.StatusConflict, fmt.Sprintf("central has event %s with another body: the first stands, this one is kept aside for a manager", e.EventID)
			b.conflict(e, res.Reason)
		case prev.status == wire.StatusApplied:
			res.Status = wire.StatusDuplicate
		case prev.booked:
			res.Status, res.Reason = prev.status, prev.reason // the same rejection, within one batch
		default:
			// Refused before and sent again (a manager pressed "Send again"): book it
			// under today's rules and data.
			res.Status, res.Reason = b.book(e, false)
			prev.status, prev.reason, prev.booked = res.Status, res.Reason, true
			b.rebooked = append(b.rebooked, rebooked{event: e.EventID, status: res.Status, reason: res.Reason,
				by: "central", how: "applied when its till sent it again"})
		}
		results[i] = res
	}
	return results, b.failed
}

// conflict keeps a body sent under an event id central has, and tells a manager.
func (b *booking) conflict(e *incoming, reason string) {
	b.conflicts = append(b.conflicts, e)
	b.exception(e.EventID, central.ExceptionConflict, reason)
}

func (b *booking) exception(event, kind, reason string) {
	for i := range b.exceptions { // one open exception an event and kind: its reasons joined
		if e := &b.exceptions[i]; e.Event == event && e.Kind == kind {
			e.Reason += "; " + reason
			return
		}
	}
	b.exceptions = append(b.exceptions, central.Exception{Event: event, Kind: kind, Till: b.till, Reason: reason})
}

// rebooked is a refused event booked again, with its new answer, and who asked for it.
type rebooked struct{ event, status, reason, by, how string }

// seenEvents reads the inbox rows of the events' ids.
func seenEvents(ctx context.Context, tx *sql.Tx, in []*incoming) (map[string]*inboxRow, error) {
	ids := make([]string, len(in))
	for i, e := range in {
		ids[i] = e.EventID
	}
	seen := make(map[string]*inboxRow, len(in))
	err := eachJSONRow(ctx, tx, `SELECT event_id, store_id, till_id, type, aggregate, payload, status, reason FROM inbox
		WHERE event_id IN (SELECT value FROM json_each(?1))`, ids, func(rows *sql.Rows) error {
		var id string
		r := &inboxRow{}
		if err := rows.Scan(&id, &r.store, &r.till, &r.typ, &r.aggregate, &r.payload, &r.status, &r.reason); err != nil {
			return err
		}
		seen[id] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look the batch's events up in the inbox: %w", err)
	}
	return seen, nil
}

// eachJSONRow runs a query whose ?1 is list as a JSON array, then args, calling fn for each
// row.
func eachJSONRow(ctx context.Context, tx *sql.Tx, query string, list any, fn func(*sql.Rows) error, args ...any) error {
	var arg []byte
	switch l := list.(type) { // a batch's lists, without encoding/json's reflection
	case []string:
		arg = appendJSONStrings(nil, l)
	case []pos.SKU:
		arg = appendJSONStrings(nil, l)
	case []pos.SaleID:
		arg = appendJSONStrings(nil, l)
	case []pos.ReceiptNo:
		arg = append(arg, '[')
		for i, n := range l {
			if i > 0 {
				arg = append(arg, ',')
			}
			arg = strconv.AppendInt(arg, int64(n), 10)
		}
		arg = append(arg, ']')
	}
	if arg == nil {
		var err error
		if arg, err = json.Marshal(list); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, query, append([]any{string(arg)}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// appendJSONStrings appends list as a JSON array of strings, as json.Marshal writes it but
// for the escapes of <, > and & (the same strings to a JSON reader), or nothing (nil) when
// a string is not valid UTF-8.
func appendJSONStrings[S ~string](b []byte, list []S) []byte {
	b = append(b, '[')
	for i, s := range list {
		if !utf8.ValidString(string(s)) {
			return nil
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(s))
	}
	return append(b, ']')
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for j := 0; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// insertRows inserts rows with one statement per chunk of rows, as insertValues does.
func insertRows(ctx context.Context, tx *sql.Tx, what, head, tail string, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	r := newRowValues(len(rows[0]), len(rows))
	for _, row := range rows {
		r.add(row...)
	}
	return insertValues(ctx, tx, what, head, tail, r)
}

// rowValues are the values of rows of one table, one row after the other, cols a row. Best
// of the driver's own types (string, int64, bool, []byte, float64): a named type (pos.SKU,
// pos.Money) costs database/sql a reflection each.
type rowValues struct {
	cols int
	vals []any
}

// newRowValues makes room for rows of cols values.
func newRowValues(cols, rows int) rowValues {
	return rowValues{cols: cols, vals: make([]any, 0, cols*rows)}
}

// add appends a row: cols values.
func (r *rowValues) add(vals ...any) { r.vals = append(r.vals, vals...) }

// insertValues inserts rows with one statement per chunk of rows, each value a bound
// parameter: "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ...", then tail (an ON CONFLICT
// clause). The chunks are of 256, 64, 16, 4 and 1 rows, so a few statements are prepared
// once and kept, whatever the number of rows. It returns the rows inserted or updated.
func insertValues(ctx context.Context, tx *sql.Tx, what, head, tail string, r rowValues) (int64, error) {
	if len(r.vals) == 0 {
		return 0, nil
	}
	if r.cols == 0 || len(r.vals)%r.cols != 0 {
		return 0, fmt.Errorf("%s: %d values are no rows of %d", what, len(r.vals), r.cols)
	}
	var n int64
	for vals := r.vals; len(vals) > 0; {
		size := 256
		for size*r.cols > len(vals) {
			size /= 4
		}
		res, err := tx.ExecContext(ctx, valuesStatement(head, tail, r.cols, size), vals[:size*r.cols]...)
		if err != nil {
			return n, fmt.Errorf("%s: %w", what, err)
		}
		vals = vals[size*r.cols:]
		m, _ := res.RowsAffected()
		n += m
	}
	return n, nil
}

// valuesKey names a statement of valuesStatement.
type valuesKey struct {
	head, tail string
	cols, rows int
}

// valuesStatements keeps the statements valuesStatement wrote: a few dozen, each written
// once instead of for every chunk of every batch.
var valuesStatements sync.Map // valuesKey → string

// valuesStatement writes head VALUES (?, ...) × rows tail, with cols parameters a row.
func valuesStatement(head, tail string, cols, rows int) string {
	key := valuesKey{head, tail, cols, rows}
	if q, ok := valuesStatements.Load(key); ok {
		return q.(string)
	}
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(" ")
	b.WriteString(tail)
	q, _ := valuesStatements.LoadOrStore(key, b.String())
	return q.(string)
}

// saveExceptions records exceptions for a manager; an exception of a kind already open for
// its event takes the new reason.
func saveExceptions(ctx context.Context, tx *sql.Tx, list []central.Exception, now time.Time) error {
	for _, e := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO exceptions (event_id, kind, store_id, till_id, reason, at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (event_id, kind) WHERE resolved_at IS NULL DO UPDATE SET reason = excluded.reason, at = excluded.at`,
			e.Event, e.Kind, e.Till.Store, e.Till.ID, e.Reason, timeText(now)); err != nil {
			return fmt.Errorf("record exception of event %s: %w", e.Event, err)
		}
	}
	return nil
}

// resolveException closes the open exception of an event and kind, if there is one.
func resolveException(ctx context.Context, tx *sql.Tx, event, kind, by, how string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE exceptions SET resolved_at = ?, resolved_by = ?, resolution = ?
		WHERE event_id = ? AND kind = ? AND resolved_at IS NULL`, timeText(now), by, how, event, kind)
	if err != nil {
		return false, fmt.Errorf("resolve exception of event %s: %w", event, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
