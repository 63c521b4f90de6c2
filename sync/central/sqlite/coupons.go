package sqlite

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// settingCouponKey is the seed of central's ed25519 key, made on first need.
const settingCouponKey = "coupon_key"

// couponKey is central's coupon signing key, made and kept the first time it is needed.
func couponKey(ctx context.Context, tx *sql.Tx) (ed25519.PrivateKey, error) {
	var seed string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, settingCouponKey).Scan(&seed)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("make the coupon key: %w", err)
		}
		seed = hex.EncodeToString(b)
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)`, settingCouponKey, seed); err != nil {
			return nil, fmt.Errorf("keep the coupon key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read the coupon key: %w", err)
	}
	b, err := hex.DecodeString(seed)
	if err != nil || len(b) != ed25519.SeedSize {
		return nil, fmt.Errorf("the coupon key in settings is not a %d-byte hex seed", ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(b), nil
}

// CouponPublicKey is central's public key the coupons are signed with (nil before any
// coupon was issued).
func (db *DB) CouponPublicKey(ctx context.Context) (ed25519.PublicKey, error) {
	seed, ok, err := db.Setting(ctx, settingCouponKey)
	if err != nil || !ok {
		return nil, err
	}
	b, err := hex.DecodeString(seed)
	if err != nil || len(b) != ed25519.SeedSize {
		return nil, fmt.Errorf("the coupon key in settings is not a %d-byte hex seed", ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(b).Public().(ed25519.PublicKey), nil
}

// SaveCoupons issues, changes and withdraws coupons in one transaction, all or none, each
// signed with central's key. A coupon already used cannot be changed (ECONFLICT, by line).
func (db *DB) SaveCoupons(ctx context.Context, rows []central.Numbered[central.CouponImport], source string) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		key, err := couponKey(ctx, tx)
		if err != nil {
			return err
		}
		now := timeText(db.Now())
		for _, n := range rows {
			c := n.Rec
			c.Signature = ed25519.Sign(key, c.SignedBytes())
			status := "free"
			if c.Withdrawn {
				status = "withdrawn"
			}
			var was pos.Coupon
			var wasStatus string
			err := scanCoupon(tx.QueryRowContext(ctx, `SELECT `+couponColumns+`, status FROM coupons WHERE code = ?`, c.Code), &was, &wasStatus)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res.Added++
			case err != nil:
				return central.AtLine(n.Line, err)
			case wasStatus == "redeemed":
				return central.AtLine(n.Line, pos.Errorf(pos.ECONFLICT, "coupon %s was used already: it cannot be changed", c.Code))
			case bytes.Equal(was.SignedBytes(), c.SignedBytes()) && (wasStatus == "withdrawn") == c.Withdrawn:
				res.Unchanged++
				continue
			default:
				res.Changed++
				if wasStatus == "held" && !c.Withdrawn {
					status = "held"
				}
			}
			seq, err := nextSeq(ctx, tx, pos.StreamCoupons)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO coupons (code, campaign, kind, value, min_total, starts, ends, customer_id, signature,
				status, source, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET campaign = excluded.campaign, kind = excluded.kind, value = excluded.value,
				min_total = excluded.min_total, starts = excluded.starts, ends = excluded.ends, customer_id = excluded.customer_id,
				signature = excluded.signature, status = excluded.status, source = excluded.source, seq = excluded.seq, updated_at = excluded.updated_at`,
				c.Code, c.Campaign, c.Kind, c.Value, c.MinTotal, timeText(c.Starts), timeText(c.Ends), c.Customer, c.Signature,
				status, source, seq, now); err != nil {
				return central.AtLine(n.Line, fmt.Errorf("save coupon %s: %w", c.Code, err))
			}
		}
		return nil
	})
	return res, err
}

const couponColumns = `code, campaign, kind, value, min_total, starts, ends, customer_id, signature`

func scanCoupon(row interface{ Scan(...any) error }, c *pos.Coupon, more ...any) error {
	var starts, ends string
	err := row.Scan(append([]any{&c.Code, &c.Campaign, &c.Kind, &c.Value, &c.MinTotal, &starts, &ends, &c.Customer, &c.Signature}, more...)...)
	c.Starts, c.Ends = parseTime(starts), parseTime(ends)
	return err
}

func wireCoupon(c pos.Coupon) *wire.Coupon {
	return &wire.Coupon{Code: c.Code, Campaign: c.Campaign, Kind: string(c.Kind), Value: c.Value, MinTotal: int64(c.MinTotal),
		Starts: c.Starts, Ends: c.Ends, CustomerID: string(c.Customer), Signature: c.Signature}
}

// CouponChanges is the coupons stream: coupons issued or changed after cursor, used and
// withdrawn ones as gone, with central's public key.
func (db *DB) CouponChanges(ctx context.Context, cursor int64, limit int) (wire.CouponPage, error) {
	p, err := readStream(ctx, db, couponStream, cursor, limit)
	if err != nil {
		return wire.CouponPage{}, err
	}
	key, err := db.CouponPublicKey(ctx)
	return wire.CouponPage{Key: key, Coupons: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

var couponStream = streamQuery[wire.Coupon]{
	stream: pos.StreamCoupons,
	rows:   `SELECT ` + couponColumns + `, status IN ('redeemed', 'withdrawn'), seq FROM coupons WHERE seq > ? ORDER BY seq LIMIT ?`,
	count:  `SELECT COUNT(*) FROM coupons`,
	scan: func(rows *sql.Rows, seq *int64) (wire.Coupon, error) {
		var c pos.Coupon
		var gone bool
		err := scanCoupon(rows, &c, &gone, seq)
		w := wireCoupon(c)
		if w.Gone = gone; gone {
			w.Signature = nil // nothing to check of a coupon to forget
		}
		return *w, err
	},
}

// couponState is a coupon as central keeps it, with who holds or used it.
type couponState struct {
	pos.Coupon
	status                      string
	holdID, holdStore, holdTill string
	holdExpires                 time.Time
	usedBy                      string
}

func findCoupon(ctx context.Context, tx *sql.Tx, code string) (couponState, error) {
	var c couponState
	var expires string
	err := scanCoupon(tx.QueryRowContext(ctx, `SELECT `+couponColumns+`, status, hold_id, hold_store, hold_till, hold_expires, used_by
		FROM coupons WHERE code = ?`, code), &c.Coupon, &c.status, &c.holdID, &c.holdStore, &c.holdTill, &expires, &c.usedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return c, pos.Errorf(pos.ENOTFOUND, "central never issued coupon %s", code)
	} else if err != nil {
		return c, fmt.Errorf("read coupon %s: %w", code, err)
	}
	c.holdExpires = parseTime(expires)
	return c, nil
}

// usedElsewhere says where a coupon went when it cannot be held or redeemed for the
// asker: used, withdrawn, or held by another till's sale (until its hold lapses).
func (c couponState) usedElsewhere(now time.Time, holdID string) string {
	switch {
	case c.status == "redeemed":
		return c.usedBy
	case c.status == "withdrawn":
		return "withdrawn by central"
	case c.status == "held" && c.holdID != holdID && now.Before(c.holdExpires):
		return fmt.Sprintf("held for a sale at till %s/%s until %s", c.holdStore, c.holdTill, c.holdExpires.Format("15:04 MST"))
	}
	return ""
}

// HoldCoupon holds a coupon for a sale being paid at till t: answered held with the
// coupon, or used (and where) with nothing held. The same hold again is answered as it
// stands.
func (db *DB) HoldCoupon(ctx context.Context, t central.Till, req wire.CouponHoldRequest) (wire.CouponAnswer, error) {
	ans := wire.CouponAnswer{HoldID: req.HoldID}
	code := pos.CouponCode(req.Code)
	if req.HoldID == "" || len(req.HoldID) > 100 || code == "" {
		return ans, pos.Errorf(pos.EINVALID, "a coupon hold needs hold_id (at most 100 characters) and code")
	}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.Now()
		c, err := findCoupon(ctx, tx, code)
		if err != nil {
			return err
		}
		if c.status == "held" && c.holdID == req.HoldID && (c.holdStore != string(t.Store) || c.holdTill != string(t.ID)) {
			return pos.Errorf(pos.ECONFLICT, "hold %s is another till's", req.HoldID)
		}
		mine := c.status == "held" && c.holdStore == string(t.Store) && c.holdTill == string(t.ID) // this till's own hold, asked again under a new id
		if where := c.usedElsewhere(now, req.HoldID); where != "" && !mine {
			ans.Status, ans.UsedBy = wire.CouponUsed, where
			return nil
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE coupons SET status = 'held', hold_id = ?, hold_store = ?, hold_till = ?, hold_expires = ?
			WHERE code = ?`, req.HoldID, t.Store, t.ID, timeText(now.Add(rules.HoldTTL.Duration())), code); err != nil {
			return fmt.Errorf("hold coupon %s: %w", code, err)
		}
		ans.Status, ans.Coupon = wire.CouponHeld, wireCoupon(c.Coupon)
		return nil
	})
	return ans, err
}

// ReleaseCouponHold gives a till's coupon hold back; a coupon since redeemed stays so.
func (db *DB) ReleaseCouponHold(ctx context.Context, t central.Till, id string) (wire.CouponAnswer, error) {
	ans := wire.CouponAnswer{HoldID: id, Status: wire.CouponReleased}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE coupons SET status = 'free', hold_id = '', hold_store = '', hold_till = '', hold_expires = ''
			WHERE hold_id = ? AND hold_store = ? AND hold_till = ? AND status = 'held'`, id, t.Store, t.ID)
		if err != nil {
			return fmt.Errorf("release coupon hold %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no coupon held under %s by this till", id)
		}
		return nil
	})
	return ans, err
}

// Coupon looks a coupon up for a web shop or a till: free (with the coupon), or used.
func (db *DB) Coupon(ctx context.Context, code string) (wire.CouponAnswer, error) {
	var ans wire.CouponAnswer
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		c, err := findCoupon(ctx, tx, pos.CouponCode(code))
		if err != nil {
			return err
		}
		ans.Coupon = wireCoupon(c.Coupon)
		if where := c.usedElsewhere(db.Now(), ""); where != "" {
			ans.Status, ans.UsedBy = wire.CouponUsed, where
		} else {
			ans.Status = wire.CouponFree
		}
		return nil
	})
	return ans, err
}

// RedeemCoupon spends a coupon on web shop shop's order: redeemed, or used (and where)
// with nothing done. The same order again is answered redeemed.
func (db *DB) RedeemCoupon(ctx context.Context, shop, code string, req wire.CouponRedeemRequest) (wire.CouponAnswer, error) {
	var ans wire.CouponAnswer
	if req.Order == "" || len(req.Order) > 100 {
		return ans, pos.Errorf(pos.EINVALID, "order is required: the number of the order the coupon pays toward")
	}
	by := fmt.Sprintf("order %s of %s", req.Order, shop)
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.Now()
		c, err := findCoupon(ctx, tx, pos.CouponCode(code))
		if err != nil {
			return err
		}
		ans.Coupon = wireCoupon(c.Coupon)
		if c.status == "redeemed" && c.usedBy == by {
			ans.Status = wire.CouponRedeemed
			return nil
		}
		if where := c.usedElsewhere(now, ""); where != "" {
			ans.Status, ans.UsedBy = wire.CouponUsed, where
			return nil
		}
		if err := c.Usable(pos.CustomerID(req.CustomerID), now); err != nil {
			return err // out of its dates, or another customer's: ECONFLICT in words
		}
		ans.Status = wire.CouponRedeemed
		return redeemCoupon(ctx, tx, c.Code, by, "", now)
	})
	return ans, err
}

// redeemCoupon marks a coupon used by by and moves it on the stream, so tills forget it.
func redeemCoupon(ctx context.Context, tx *sql.Tx, code, by, event string, now time.Time) error {
	seq, err := nextSeq(ctx, tx, pos.StreamCoupons)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE coupons SET status = 'redeemed', hold_id = '', hold_store = '', hold_till = '', hold_expires = '',
		used_by = ?, used_event = ?, used_at = ?, seq = ?, updated_at = ? WHERE code = ?`, by, event, timeText(now), seq, timeText(now), code); err != nil {
		return fmt.Errorf("redeem coupon %s: %w", code, err)
	}
	return nil
}

// bookCoupon books a sale's coupon: redeemed by the sale, or, when another sale or order
// used it first (two tills offline), an exception for a manager; the sale stands either
// way (the customer paid what the till said).
func (b *booking) bookCoupon(event string, s pos.SaleEvent) error {
	if s.Coupon == nil {
		return nil
	}
	ctx, tx := b.ctx, b.tx
	c, err := findCoupon(ctx, tx, pos.CouponCode(s.Coupon.Code))
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		b.exception(event, central.ExceptionLoyalty, central.CouponProblem(s, "central never issued it"))
		return nil
	} else if err != nil {
		return err
	}
	by := fmt.Sprintf("sale %s/%s/%d", s.Store, s.Till, s.ReceiptNo)
	switch c.status {
	case "redeemed":
		b.exception(event, central.ExceptionCouponReused, central.CouponProblem(s, "used twice: first by "+c.usedBy))
		return nil
	case "withdrawn":
		b.exception(event, central.ExceptionCouponReused, central.CouponProblem(s, "central had withdrawn it"))
		return nil
	}
	if err := central.CouponTakes(s, c.Coupon); err != nil {
		b.exception(event, central.ExceptionLoyalty, central.CouponProblem(s, err.Error()))
	}
	return redeemCoupon(ctx, tx, c.Code, by, event, b.now)
}
