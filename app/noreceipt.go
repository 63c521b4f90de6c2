package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// noReceiptDialog takes goods back that come without a receipt, once a manager approved:
// the article scanned or typed, how much, who brought it (name, phone or e-mail, an
// identity document where the store asks), the reason and whether it is damaged. The
// refund is the lowest price of the last 30 days, as store credit; central is asked for
// it off the UI thread.
type noReceiptDialog struct {
	s        *saleScreen
	manager  pos.Staff
	article  *scanEntry
	qty      *scanEntry
	name     *scanEntry
	contact  *scanEntry
	document *scanEntry
	damaged  *widget.Check
	reasons  reasonList
	reason   *reasonPicker
	found    *widget.Label // the article and what it refunds
	product  pos.Product
	price    pos.LowestPrice
	modal    *modal
}

// startNoReceipt asks a manager's PIN, then opens the form of goods back without a
// receipt.
func (s *saleScreen) startNoReceipt() {
	reasons, ok := s.reasonsOf(pos.ReasonReturn)
	if !ok {
		return
	}
	s.withManager(s.u.T("Return without a receipt"), func(manager pos.Staff) { s.openNoReceipt(manager, reasons) })
}

func (s *saleScreen) openNoReceipt(manager pos.Staff, reasons reasonList) {
	u := s.u
	d := &noReceiptDialog{s: s, manager: manager, reasons: reasons, found: widget.NewLabel("")}
	d.found.Wrapping = fyne.TextWrapWord
	d.found.TextStyle.Bold = true
	// The article's field has a wedge of its own: a barcode scanned into it is looked up.
	w := NewWedge(func(code string) {
		d.article.SetText(code)
		d.identify()
	})
	w.Later, w.Now = s.wedge.Later, s.wedge.Now
	d.article = newScanEntry(w, nil)
	d.article.typed = u.typed
	d.article.SetPlaceHolder(u.T("Scan the article, or type its code"))
	d.article.OnSubmitted = func(string) { d.identify() }
	d.qty = s.field(u.T("How much (e.g. 1 or 0,250)"), "1")
	d.name = s.field(u.T("Customer's name"), "")
	d.contact = s.field(u.T("Phone or e-mail"), "")
	d.document = s.field(u.T("Identity document number (if the store asks)"), "")
	d.damaged = widget.NewCheck(u.T("Damaged"), nil)
	d.reason = s.reasonPickerOf(reasons)
	intro := widget.NewLabel(u.T("Goods back without a receipt are refunded at the lowest price of the last %d days, as store credit.", pos.LowestPriceDays))
	intro.Wrapping = fyne.TextWrapWord
	// Each field named beside it: a placeholder is gone once the field is filled in.
	fields := container.New(layout.NewFormLayout(),
		widget.NewLabel(u.T("Article")), d.article,
		widget.NewLabel(""), d.found,
		widget.NewLabel(u.T("How much")), container.NewBorder(nil, nil, nil, d.damaged, d.qty),
		widget.NewLabel(u.T("Customer")), d.name,
		widget.NewLabel(u.T("Contact")), d.contact,
		widget.NewLabel(u.T("Document")), d.document)
	form := container.NewVBox(intro, fields, widget.NewSeparator(),
		widget.NewLabel(u.T("Why do the goods come back? Tap the reason or type its number.")), d.reason.content)
	d.modal = s.modalWide(u.T("Return without a receipt"), form, d.article, 620, d.ok)
	d.modal.stayOpen = func() bool { return true } // closed once the return is committed
	for _, e := range []*scanEntry{d.qty, d.name, d.contact, d.document} {
		d.modal.bind(e)
	}
	d.modal.bind(d.reason.number)
	own := d.article.keys
	d.article.keys = func(k *fyne.KeyEvent) bool {
		if k.Name == fyne.KeyEscape {
			d.modal.cancel()
			return true
		}
		return own != nil && own(k)
	}
	s.noReceipt = d
	d.modal.onCancel = func() { s.noReceipt = nil }
}

// identify finds the article typed or scanned and asks what it refunds, off the UI
// thread (central knows the chain's lowest price).
func (d *noReceiptDialog) identify() {
	s, u := d.s, d.s.u
	code := strings.TrimSpace(d.article.Text)
	if code == "" {
		return
	}
	p, labelQty, err := s.r.Identify(u.ctx, code)
	if err != nil {
		d.modal.showError(u.explain("return without a receipt", err))
		return
	}
	d.product, d.price = p, pos.LowestPrice{}
	if labelQty > 0 {
		d.qty.SetText(u.w.Number(labelQty, p.Unit))
	}
	d.modal.showError("")
	d.found.SetText(u.T("%s: asking central for its lowest price…", p.Name))
	d.modal.setBusy(true)
	u.background(func() {
		lp, err := u.till.Returns().PriceWithoutReceipt(u.ctx, p)
		u.do(func() {
			d.modal.setBusy(false)
			if err != nil {
				d.found.SetText("")
				d.modal.showError(u.explain("lowest price", err))
				return
			}
			d.price = lp
			u.log.Debug("lowest price", "sku", p.SKU, "price", lp.Price.String(), "central", lp.Central)
			where := u.T("lowest price of the chain's last %d days", pos.LowestPriceDays)
			if !lp.Central {
				where = u.T("lowest price this till knows (central cannot be reached)")
			}
			d.found.SetText(u.T("%s: %s per %s, the %s", p.Name, u.money(lp.Price), u.w.Unit(p.Unit), where))
			u.win.Canvas().Focus(d.qty)
		})
	})
}

// request is the form as filled in.
func (d *noReceiptDialog) request() (pos.NoReceiptRequest, error) {
	u := d.s.u
	if d.product.SKU == "" || d.price.SKU != d.product.SKU {
		u.win.Canvas().Focus(d.article)
		return pos.NoReceiptRequest{}, pos.Errorf(pos.EINVALID, "Scan or type the article that comes back.")
	}
	qty, err := pos.ParseQty(d.qty.Text)
	if err != nil {
		u.win.Canvas().Focus(d.qty)
		return pos.NoReceiptRequest{}, err
	}
	req := pos.NoReceiptRequest{Product: d.product, Qty: qty, Reason: d.reasons.code(d.reason), Resellable: !d.damaged.Checked, Approver: &d.manager,
		Customer: pos.CustomerDetails{Name: strings.TrimSpace(d.name.Text), Contact: strings.TrimSpace(d.contact.Text), Document: strings.TrimSpace(d.document.Text)}}
	if err := req.Customer.Check(); err != nil {
		if req.Customer.Name == "" {
			u.win.Canvas().Focus(d.name)
		} else {
			u.win.Canvas().Focus(d.contact)
		}
		return req, err
	}
	if req.Reason == "" {
		u.win.Canvas().Focus(d.reason.number)
		return req, pos.Errorf(pos.EINVALID, "Choose why the goods come back: the return receipt prints it.")
	}
	return req, nil
}

// ok commits the return off the UI thread; the return receipt with its voucher prints.
func (d *noReceiptDialog) ok() error {
	s, u := d.s, d.s.u
	if d.product.SKU == "" && strings.TrimSpace(d.article.Text) != "" {
		d.identify()
		return nil
	}
	req, err := d.request()
	if err != nil {
		return err
	}
	cashier, _ := s.r.Cashier()
	d.modal.setBusy(true)
	u.background(func() {
		r, err := u.till.Returns().ReturnWithoutReceipt(u.ctx, cashier, req)
		u.do(func() {
			d.modal.setBusy(false)
			if err != nil {
				d.modal.showError(u.explain("return without a receipt", err))
				return
			}
			d.modal.close()
			s.noReceipt = nil
			s.handOverReturn(r)
		})
	})
	return nil
}
