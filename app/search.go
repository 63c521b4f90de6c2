package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// searchPanel finds products by name as the cashier types; accents are optional.
type searchPanel struct {
	query   *scanEntry
	results []pos.Product
	list    *widget.List
	stock   *widget.Label // the highlighted article's stock here and elsewhere (endless aisle)
	modal   *modal
}

// showStock shows the stock of the result numbered id, so the cashier can send the customer
// to another store or order it when this one has none.
func (s *saleScreen) showStock(p *searchPanel, id int) {
	if id < 0 || id >= len(p.results) {
		p.stock.SetText("")
		return
	}
	pr := p.results[id]
	pic, err := s.u.till.StockOf(s.u.ctx, pr)
	if err != nil {
		p.stock.SetText("Stock unknown: " + s.u.explain("stock", err))
		return
	}
	p.stock.SetText(pr.Name + " — " + pic.Describe())
}

func (s *saleScreen) search() {
	p := &searchPanel{query: s.field("Name, e.g. zubrowka", "")}
	p.list = widget.NewList(func() int { return len(p.results) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			pr := p.results[id]
			row.Objects[0].(*widget.Label).SetText(pr.Name)
			row.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s / %s", pr.Price.Display(), pr.Unit))
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.modal.close()
		s.addProduct(p.results[id])
	}
	p.stock = widget.NewLabel("")
	p.stock.Wrapping = fyne.TextWrapWord
	p.list.OnHighlighted = func(id widget.ListItemID) { s.showStock(p, id) }
	p.query.OnChanged = func(q string) {
		res, err := s.r.Catalog.SearchProducts(s.u.ctx, q, 50)
		if err != nil {
			s.u.report("search", err)
		}
		p.results = res
		p.list.Refresh()
		s.showStock(p, 0)
	}
	body := container.NewBorder(p.query, p.stock, nil, nil, container.NewGridWrap(fyne.NewSize(640, 380), p.list))
	s.searching = p
	p.modal = s.modal("Search by name  [F2]", body, p.query, func() error {
		if len(p.results) == 0 {
			return pos.Errorf(pos.ENOTFOUND, "Nothing found: try fewer letters.")
		}
		p.modal.close()
		s.addProduct(p.results[0])
		return nil
	})
}
