package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
)

// With the chain's promotions pulled from central, the cart shows each line's promotion
// and saving and the totals the saving; a cashier's "5%" is of the promoted amount; the
// printed receipt (the Polish store's) names the promotion and says what the customer saved.
func TestCartShowsPromotions(t *testing.T) {
	ui, tl, uiq := openTill(t)
	s, c := ui.sale, ui.win.Canvas()
	now := time.Now()
	p, err := tl.DB.ProductByGTIN(context.Background(), "05902754113850")
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.DB.ApplyPromotionPage(context.Background(), []pos.Promotion{{ID: "BW-10", Name: "Black week -10 %", Kind: pos.PromoPercent,
		SKUs: []pos.SKU{p.SKU}, Value: 1000, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}}, 1); err != nil {
		t.Fatal(err)
	}
	login(t, ui, "1111")
	scanBurst(ui, "5902754113850")
	scanBurst(ui, "5902754113850") // 2 × 49,99 = 99,98 less 10 %
	l := tl.Register().Sale().Lines[0]
	if l.Qty != pos.Pieces(2) || l.Promotion.ID != "BW-10" || l.Promotion.Amount != 1000 {
		t.Fatalf("the line %+v", l)
	}
	texts := shownTexts(s.content)
	for _, want := range []string{"Black week -10 % −10,00", "89,98", "Saving", "10,00"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the sale screen lacks %q:\n%s", want, texts)
		}
	}
	if !strings.Contains(s.message.Text, "Black week -10 % −10,00") {
		t.Errorf("the message after the scan: %q", s.message.Text)
	}

	key(s, fyne.KeyF7) // 5 % of 89,98, the promoted amount
	glfwType(c, "5%")
	glfwKey(c, fyne.KeyReturn)
	glfwType(c, "1")
	glfwKey(c, fyne.KeyReturn)
	if l := tl.Register().Sale().Lines[0]; l.Discount.Amount != 450 || l.Promotion.Amount != 1000 {
		t.Fatalf("after F7 5%%: %+v", l)
	}
	if texts := shownTexts(s.content); !strings.Contains(texts, "14,50") {
		t.Errorf("the saving on screen is not the promotion's and the discount's:\n%s", texts)
	}

	glfwKey(c, fyne.KeyF12)
	glfwKey(c, fyne.KeyReturn) // cash, what is due
	if s.preview == nil || s.preview.sale.Total() != 9998-1450 {
		t.Fatalf("no receipt for 85,48: %q", s.message.Text)
	}
	waitFor(t, uiq, "the receipt to print", func() bool { return s.preview.status.Text == "Printed." })
	data, err := os.ReadFile(printerPath(t, tl))
	if err != nil {
		t.Fatal(err)
	}
	out, err := escpos.Decode(data, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(out.Lines, "\n")
	for _, want := range []string{"Promocja Black week -10 %", "-10,00 A", "Twoja oszczędność: 14,50 zł"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed receipt lacks %q:\n%s", want, text)
		}
	}
}
