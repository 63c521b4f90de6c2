-- Times are kept in one fixed-width format, shared with central (internal/sqlitedb):
-- 2026-12-02T10:00:00.000000000Z. Rows written before it in RFC 3339 with fewer digits
-- (10:00:00Z, 10:00:00.5Z) are padded, so SQL compares and sorts them as times.

UPDATE products SET
	updated_at = CASE WHEN updated_at IS NULL OR length(updated_at) = 30 OR substr(updated_at, -1) <> 'Z' THEN updated_at WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000000Z' ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE sales SET
	started_at = CASE WHEN started_at IS NULL OR length(started_at) = 30 OR substr(started_at, -1) <> 'Z' THEN started_at WHEN instr(started_at, '.') = 0 THEN substr(started_at, 1, 19) || '.000000000Z' ELSE substr(started_at, 1, 20) || substr(substr(started_at, 21, length(started_at) - 21) || '000000000', 1, 9) || 'Z' END,
	completed_at = CASE WHEN completed_at IS NULL OR length(completed_at) = 30 OR substr(completed_at, -1) <> 'Z' THEN completed_at WHEN instr(completed_at, '.') = 0 THEN substr(completed_at, 1, 19) || '.000000000Z' ELSE substr(completed_at, 1, 20) || substr(substr(completed_at, 21, length(completed_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE stock_movements SET
	at = CASE WHEN at IS NULL OR length(at) = 30 OR substr(at, -1) <> 'Z' THEN at WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000000Z' ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE outbox SET
	created_at = CASE WHEN created_at IS NULL OR length(created_at) = 30 OR substr(created_at, -1) <> 'Z' THEN created_at WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000000Z' ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000000', 1, 9) || 'Z' END,
	sent_at = CASE WHEN sent_at IS NULL OR length(sent_at) = 30 OR substr(sent_at, -1) <> 'Z' THEN sent_at WHEN instr(sent_at, '.') = 0 THEN substr(sent_at, 1, 19) || '.000000000Z' ELSE substr(sent_at, 1, 20) || substr(substr(sent_at, 21, length(sent_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE audit_log SET
	at = CASE WHEN at IS NULL OR length(at) = 30 OR substr(at, -1) <> 'Z' THEN at WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000000Z' ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE sync_rejections SET
	at = CASE WHEN at IS NULL OR length(at) = 30 OR substr(at, -1) <> 'Z' THEN at WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000000Z' ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000000', 1, 9) || 'Z' END,
	resolved_at = CASE WHEN resolved_at IS NULL OR length(resolved_at) = 30 OR substr(resolved_at, -1) <> 'Z' THEN resolved_at WHEN instr(resolved_at, '.') = 0 THEN substr(resolved_at, 1, 19) || '.000000000Z' ELSE substr(resolved_at, 1, 20) || substr(substr(resolved_at, 21, length(resolved_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE sync_cursors SET
	updated_at = CASE WHEN updated_at IS NULL OR length(updated_at) = 30 OR substr(updated_at, -1) <> 'Z' THEN updated_at WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000000Z' ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE sync_link SET
	paired_at = CASE WHEN paired_at IS NULL OR length(paired_at) = 30 OR substr(paired_at, -1) <> 'Z' THEN paired_at WHEN instr(paired_at, '.') = 0 THEN substr(paired_at, 1, 19) || '.000000000Z' ELSE substr(paired_at, 1, 20) || substr(substr(paired_at, 21, length(paired_at) - 21) || '000000000', 1, 9) || 'Z' END,
	last_sync = CASE WHEN last_sync IS NULL OR length(last_sync) = 30 OR substr(last_sync, -1) <> 'Z' THEN last_sync WHEN instr(last_sync, '.') = 0 THEN substr(last_sync, 1, 19) || '.000000000Z' ELSE substr(last_sync, 1, 20) || substr(substr(last_sync, 21, length(last_sync) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE central_stock SET
	as_of = CASE WHEN as_of IS NULL OR length(as_of) = 30 OR substr(as_of, -1) <> 'Z' THEN as_of WHEN instr(as_of, '.') = 0 THEN substr(as_of, 1, 19) || '.000000000Z' ELSE substr(as_of, 1, 20) || substr(substr(as_of, 21, length(as_of) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE promotions SET
	starts_at = CASE WHEN starts_at IS NULL OR length(starts_at) = 30 OR substr(starts_at, -1) <> 'Z' THEN starts_at WHEN instr(starts_at, '.') = 0 THEN substr(starts_at, 1, 19) || '.000000000Z' ELSE substr(starts_at, 1, 20) || substr(substr(starts_at, 21, length(starts_at) - 21) || '000000000', 1, 9) || 'Z' END,
	ends_at = CASE WHEN ends_at IS NULL OR length(ends_at) = 30 OR substr(ends_at, -1) <> 'Z' THEN ends_at WHEN instr(ends_at, '.') = 0 THEN substr(ends_at, 1, 19) || '.000000000Z' ELSE substr(ends_at, 1, 20) || substr(substr(ends_at, 21, length(ends_at) - 21) || '000000000', 1, 9) || 'Z' END;
UPDATE online_orders SET
	created_at = CASE WHEN created_at IS NULL OR length(created_at) = 30 OR substr(created_at, -1) <> 'Z' THEN created_at WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000000Z' ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000000', 1, 9) || 'Z' END;
