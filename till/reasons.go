package till

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/reasoncsv"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// DefaultReasons are the lists of reasons a till starts with.
func DefaultReasons() ([]pos.Reason, error) {
	return reasoncsv.Read(bytes.NewReader(assets.DefaultReasons))
}

// seedReasons gives a till without lists of reasons the defaults.
func seedReasons(ctx context.Context, db *sqlite.DB, log *slog.Logger) error {
	defaults, err := DefaultReasons()
	if err != nil {
		return fmt.Errorf("the default reasons: %w", err)
	}
	seeded, err := db.SeedReasons(ctx, defaults)
	if seeded {
		log.Info("reasons set to the defaults", "reasons", len(defaults))
	}
	return err
}

// Reasons lists the reasons of every kind, in order.
func (t *Till) Reasons(ctx context.Context) ([]pos.Reason, error) {
	var all []pos.Reason
	for _, k := range pos.ReasonKinds {
		rs, err := t.DB.Reasons(ctx, k)
		if err != nil {
			return nil, err
		}
		all = append(all, rs...)
	}
	return all, nil
}

// ExportReasons writes the lists of reasons to a CSV file a manager can change and import.
func (t *Till) ExportReasons(ctx context.Context, path string) error {
	all, err := t.Reasons(ctx)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reasoncsv.Write(&buf, all); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// ImportReasons replaces the lists of reasons with a CSV file's, all or nothing; the
// manager's staff id is written to the log.
func (t *Till) ImportReasons(ctx context.Context, path string, manager pos.Staff) (int, error) {
	if !manager.IsManager() {
		return 0, pos.Errorf(pos.EFORBIDDEN, "only a manager can change the lists of reasons")
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, pos.Errorf(pos.EINVALID, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	rs, err := reasoncsv.Read(f)
	if err != nil {
		return 0, err
	}
	if err := t.DB.SaveReasons(ctx, rs); err != nil {
		return 0, err
	}
	t.log.Info("reasons imported", "file", path, "reasons", len(rs), "manager", manager.ID)
	return len(rs), nil
}
