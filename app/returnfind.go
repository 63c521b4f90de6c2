package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// showPurchases lists the purchases of the customer whose card, e-mail or phone was typed
// into the return dialog, in a small dialog above it: a key per purchase (its receipt or
// order, when it was bought, what was paid, where). Tapping one finds it as if its receipt
// or order number had been typed.
func (d *returnDialog) showPurchases(found *pos.PurchasesFound) {
	u := d.s.u
	d.found = ""
	d.purchase.Hide()
	d.footer.Hide()
	d.body.Refresh()
	d.modal.fit()
	hint := widget.NewLabel(u.T("Tap the purchase that comes back."))
	hint.Wrapping = fyne.TextWrapWord
	list := container.NewVBox(hint)
	var picker *modal
	for _, p := range found.Found.Purchases {
		label := u.T("%s, %s", p.Label, u.money(p.Total))
		k := newTouchKey(u, label, u.T("%s, %s", u.w.DateTime(p.At.Local()), purchaseChannel(u, p)), false, func() {
			picker.close()
			d.pick(p)
		})
		k.height = keyHeight * 1.2
		list.Add(container.NewGridWrap(u.size(540, keyHeight*1.2), k))
	}
	picker = d.s.modalWide(u.T("Purchases of %s", found.Found.Customer), list, nil, 600, func() error { return nil })
	u.log.Debug("customer's purchases shown", "purchases", len(found.Found.Purchases))
}

// pick finds the purchase the cashier tapped: its receipt (STORE/TILL/NO) or its order's
// number goes into the field.
func (d *returnDialog) pick(p pos.PurchaseRef) {
	d.ref.SetText(p.Label)
	if err := d.find(); err != nil {
		d.modal.showError(d.s.u.explain("find return", err))
	}
}

// purchaseChannel says where a purchase was made: in a store, or online in which channel.
func purchaseChannel(u *UI, p pos.PurchaseRef) string {
	if p.Kind == pos.SourceSale {
		return u.T("in the store")
	}
	return u.T("online order (%s)", p.Channel)
}
