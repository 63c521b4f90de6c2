package till

import (
	"context"
	"fmt"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/sync/client"
)

// centralReturns asks central about returns through the till's link as it is now: a till
// not paired is offline.
type centralReturns struct{ t *Till }

func (c centralReturns) client(ctx context.Context) (client.Returns, error) {
	hs, err := centralHolds(c).holds(ctx)
	return client.Returns{Central: hs.Central}, err
}

func (c centralReturns) Returnable(ctx context.Context, kind, ref string) (pos.Returnable, error) {
	rc, err := c.client(ctx)
	if err != nil {
		return pos.Returnable{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	return rc.Returnable(ctx, kind, ref)
}

func (c centralReturns) Reserve(ctx context.Context, id string, source pos.Returnable, lines []pos.ReturnEventLine) error {
	rc, err := c.client(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	if err := rc.Reserve(ctx, id, source, lines); err != nil {
		c.t.log.Warn("return not reserved at central", "return", id, "source", source.Label, "err", err)
		return err
	}
	c.t.log.Info("return reserved at central", "return", id, "source", source.Label)
	return nil
}

func (c centralReturns) Release(ctx context.Context, id string) error {
	rc, err := c.client(ctx)
	if err == nil {
		err = rc.Release(ctx, id)
	}
	if err != nil {
		c.t.log.Warn("return reservation not released: it lapses at central", "return", id, "err", err)
	}
	return err
}

// Returns is the till's return desk: the same domain code for the screen and the
// command line.
func (t *Till) Returns() *pos.ReturnDesk { return t.returns }

// FindReturnable finds what a cashier scanned or typed to return: a receipt's QR, a
// receipt as STORE/TILL/NO, or an online order's number.
func (t *Till) FindReturnable(ctx context.Context, input string) (pos.Returnable, error) {
	rules, err := t.DB.LoyaltyRules(ctx)
	if err != nil {
		return pos.Returnable{}, err
	}
	kind, ref := pos.ParseReturnRef(input, rules.ReceiptURL)
	return t.returns.Find(ctx, kind, ref)
}

// HandOverReturn pays a committed return out, after the commit: the drawer opens only
// for a cash refund; then the return receipt prints. It kicks the sync so central books
// it at once.
func (t *Till) HandOverReturn(ctx context.Context, r *pos.Return) (warning string, err error) {
	t.KickSync()
	for _, ref := range r.Refund {
		if ref.Kind == pos.TenderCash {
			if err := t.devices.OpenDrawer(ctx); err != nil {
				t.log.Warn("drawer did not open for a cash refund", "return", r.ID, "err", err)
			}
			break
		}
	}
	p, err := t.Profile()
	if err != nil {
		return "", err
	}
	reason := t.returnReason(ctx, r.Reason)
	data, err := escpos.Encode(pos.ReturnReceiptLayout(t.register.StoreInfo(), r, reason, t.register.StoreWords(), p.Columns), p)
	if err != nil {
		return "", pos.Report(t.log, "render return receipt", err)
	}
	if warning, err = t.devices.Print(ctx, data); err != nil {
		err = fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The return is saved, but its receipt did not print: %s", pos.ErrorMessage(err)), err)
		return "", pos.Report(t.log, "print return receipt", err)
	}
	t.log.Info("return receipt printed", "return", r.ID, "no", r.ReturnNo, "refund", r.Total().String())
	return warning, nil
}

// returnReason is a return reason's words in the store's language, which its receipts
// print (the code itself when the store has no such reason).
func (t *Till) returnReason(ctx context.Context, code string) string {
	if rs, err := t.DB.Reasons(ctx, pos.ReasonReturn); err == nil {
		for _, x := range rs {
			if x.Code == code {
				return x.In(string(lang.OfCountry(t.register.StoreInfo().Country)))
			}
		}
	}
	return code
}
