package sqlite

import "context"

// PublishOnly publishes an import without merging it, as a till killed right after
// publishing leaves it; MergeOnce takes one step of merging.
func (im *CatalogImport) PublishOnly(ctx context.Context) error { return im.publish(ctx) }

func (db *DB) MergeOnce(ctx context.Context) (more bool, err error) { return db.mergeOnce(ctx) }

// Abandon leaves an import as a process killed half way does: its rows staged, its lock
// let go.
func (im *CatalogImport) Abandon() { im.release(); im.closed = true }

// BeginImportByHeartbeat begins an import as a till without flock does: whether another
// runs is told by its heartbeat alone.
func (db *DB) BeginImportByHeartbeat(ctx context.Context) (*CatalogImport, error) {
	im, err := db.beginImport(ctx, false)
	if err == nil {
		im.release = func() {}
	}
	return im, err
}

// AgeImports makes every staging import look silent for d, as one killed half way is.
func (db *DB) AgeImports(ctx context.Context, d string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE catalog_imports SET alive_at = strftime('%Y-%m-%dT%H:%M:%f000000Z', alive_at, ?) WHERE state = 'staging'`, "-"+d)
	return err
}

// StagedRows counts the rows left in the staging tables.
func (db *DB) StagedRows(ctx context.Context) (n int, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM import_products) + (SELECT COUNT(*) FROM import_barcodes)`).Scan(&n)
	return n, err
}
