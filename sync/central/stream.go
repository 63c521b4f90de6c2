package central

import "errors"

// ErrReset answers a cursor central cannot continue from: the till pulls from 0 again.
var ErrReset = errors.New("the cursor is older than central keeps or newer than anything central has: pull again from cursor 0")

// CheckCursor refuses a till's cursor a stream cannot continue from: one below floor, the
// oldest change central still keeps (resending a stream moves it), or beyond last, the
// stream's newest (a database restored from a backup). Cursor 0, a full snapshot, is
// always good.
func CheckCursor(cursor, floor, last int64) error {
	if cursor != 0 && (cursor < floor || cursor > last || cursor < 0) {
		return ErrReset
	}
	return nil
}
