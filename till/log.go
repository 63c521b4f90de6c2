package till

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

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
// file every 10 MB, the 5 last kept. The file is made when the first line is written, 0600
// in a folder made 0700, as the database beside it: a log names staff, sales and devices.
// Close the returned closer when the till ends.
func OpenLog(path string, level slog.Level) (*slog.Logger, io.Closer) {
	w := &privateLog{Logger: &lumberjack.Logger{Filename: path, MaxSize: logMaxMB, MaxBackups: logBackups, MaxAge: logMaxAgeDy}}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})), w
}

// privateLog makes the log's folder 0700 before lumberjack would make it 0755, and narrows
// a log an older version left readable by others (lumberjack keeps a file's mode when it
// rotates it).
type privateLog struct {
	*lumberjack.Logger
	once sync.Once
}

func (l *privateLog) Write(p []byte) (int, error) {
	l.once.Do(func() {
		os.MkdirAll(filepath.Dir(l.Filename), 0o700)
		if st, err := os.Stat(l.Filename); err == nil && st.Mode().Perm()&0o077 != 0 {
			os.Chmod(l.Filename, st.Mode().Perm()&^0o077)
		}
	})
	return l.Logger.Write(p)
}
