package till

import (
	"io"
	"log/slog"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"
)

// LogFile is the till's one log, beside its database: ~/.local/share/omnitill/omnitill.log
// for the default database.
func LogFile(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "omnitill.log")
}

// Log size limits: a till runs for years, its disk holds sales first.
const (
	logMaxMB    = 10 // a file is rotated when it reaches this size
	logBackups  = 5  // rotated files kept: omnitill-2026-12-02T10-00-00.000.log ...
	logMaxAgeDy = 90 // rotated files older than this go, whatever their number
)

// OpenLog opens the till's log at path: text lines (time, level, message, details), a new
// file every 10 MB, the 5 last kept. The file is made when the first line is written. Close
// the returned closer when the till ends.
func OpenLog(path string, level slog.Level) (*slog.Logger, io.Closer) {
	w := &lumberjack.Logger{Filename: path, MaxSize: logMaxMB, MaxBackups: logBackups, MaxAge: logMaxAgeDy}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})), w
}
