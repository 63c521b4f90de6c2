package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// searchShown is how many results the search lists; one more is asked for to tell that
// more match.
const searchShown = 50

// searchPanel finds products as the cashier types, best first (a code, then names starting
// with the words typed); accents are optional. ↑/↓ move the highlight, Enter takes it, a
// tap takes a row, and a barcode typed in full is taken as a scan.
type searchPanel struct {
	query    *scanEntry
	results  []pos.Product
	at       int // the highlighted result
	list     *widget.List
	more     *widget.Label     // says when more match than are shown
	keyboard fyne.CanvasObject // the on-screen keyboard, shown for a finger
	stock    *widget.Label     // the highlighted article's stock here and elsewhere (endless aisle)
	modal    *modal
}

// showStock shows the stock of the highlighted result, so the cashier can send the customer
// to another store or order it when this one has none.
func (s *saleScreen) showStock(p *searchPanel) {
	if p.at < 0 || p.at >= len(p.results) {
		p.stock.SetText("")
		return
	}
	pr := p.results[p.at]
	pic, err := s.u.till.StockOf(s.u.ctx, pr)
	if err != nil {
		p.stock.SetText(s.u.T("Stock unknown: %s", s.u.explain("stock", err)))
		return
	}
	p.stock.SetText(pr.Name + " — " + pic.Describe(s.u.w))
}

func (s *saleScreen) search() {
	p := &searchPanel{query: s.field(s.u.T("Name or code, e.g. zubrowka"), ""), more: widget.NewLabel(""), stock: widget.NewLabel("")}
	p.list = widget.NewList(func() int { return len(p.results) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
			return container.NewStack(bg, container.NewBorder(nil, nil, nil, widget.NewLabel(""), widget.NewLabel("")))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			cell := o.(*fyne.Container)
			bg, row := cell.Objects[0], cell.Objects[1].(*fyne.Container)
			pr := p.results[id]
			row.Objects[0].(*widget.Label).SetText(pr.Name)
			row.Objects[1].(*widget.Label).SetText(s.u.w.Amount(pr.Price) + " / " + s.u.w.Unit(pr.Unit))
			if id == p.at {
				bg.Show()
			} else {
				bg.Hide()
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) { // a tap takes the row
		p.list.UnselectAll()
		p.take(s, id)
	}
	p.stock.Wrapping = fyne.TextWrapWord
	p.query.OnChanged = func(q string) {
		res, err := s.r.Catalog.SearchProducts(s.u.ctx, q, searchShown+1)
		if err != nil {
			s.u.report("search", err)
		}
		p.more.SetText("")
		if len(res) > searchShown {
			res = res[:searchShown]
			p.more.SetText(s.u.N("The first %d are shown; more match: type more letters.", searchShown))
		}
		p.results = res
		p.move(s, -len(res)) // back to the first
		s.u.log.Debug("search results", "query", q, "found", len(res))
	}
	p.query.keys = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyDown:
			p.move(s, 1)
		case fyne.KeyUp:
			p.move(s, -1)
		default:
			return false
		}
		return true
	}
	kb, toggle := newFoldingKeyboard(s.u, p.query, func() { p.modal.fit() })
	p.keyboard = kb.content
	top := container.NewBorder(nil, nil, nil, container.NewGridWrap(s.u.size(120, keyHeight), toggle), p.query)
	// The results take whatever height the keyboard leaves.
	body := container.NewBorder(top, container.NewVBox(p.more, p.stock, kb.content), nil, nil, p.list)
	s.searching = p
	p.modal = s.modalWide(s.u.T("Search by name or code")+"  [F2]", body, p.query, -760, func() error {
		if q := p.query.Text; isArticleCode(q) {
			// A barcode typed in full is a scan.
			p.modal.close()
			s.scan(q)
			return nil
		}
		if len(p.results) == 0 {
			return pos.Errorf(pos.ENOTFOUND, "Nothing found: try fewer letters.")
		}
		p.take(s, p.at)
		return nil
	})
}

// move shifts the highlight by d results, within the list.
func (p *searchPanel) move(s *saleScreen, d int) {
	p.at = max(0, min(p.at+d, len(p.results)-1))
	p.list.Refresh()
	if p.at >= 0 && p.at < len(p.results) {
		p.list.ScrollTo(p.at)
	}
	s.showStock(p)
}

// take adds the result numbered id and closes the search.
func (p *searchPanel) take(s *saleScreen, id int) {
	if id < 0 || id >= len(p.results) {
		return
	}
	p.modal.close()
	s.addProduct(p.results[id])
}
