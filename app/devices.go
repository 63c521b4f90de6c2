package app

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// devicesScreen is where a manager or IT picks each device's port, line settings and
// profile, tests it on the spot and saves it. Nothing is tied to a port name.
type devicesScreen struct {
	u       *UI
	rows    map[pos.DeviceKind]*deviceRow
	content fyne.CanvasObject
	// the central store's pairing form
	pairURL, pairCode *scanEntry
	pairResult        *widget.Label
	exceptions        *fyne.Container // events central refused, for the manager
	manager           pos.Staff       // who opened the screen
}

// deviceRow is one device's set-up form.
type deviceRow struct {
	kind    pos.DeviceKind
	port    *widget.SelectEntry
	line    *widget.Entry
	profile *widget.Select
	option  *widget.Select
	result  *widget.Label
	test    *widget.Button
	save    *widget.Button
	none    string // the port choice for a device the till does not have
}

// Values of the till's settings as `omnitill config` takes them, and examples of what a
// field takes: the same in every language.
const (
	cfgDrawerNoPin     = "none"
	cfgAnySuffix       = "any"
	exampleCentralURL  = "https://central.example:8420"
	exampleLine        = "9600,8N1"
	exampleFilePrinter = "file:/tmp/omnitill-printer.bin"
)

func newDevicesScreen(u *UI, back func()) *devicesScreen {
	d := &devicesScreen{u: u, rows: map[pos.DeviceKind]*deviceRow{}}
	list := container.NewVBox()
	for _, k := range pos.DeviceKinds {
		r := d.newRow(k)
		d.rows[k] = r
		grid := container.New(layout.NewFormLayout(), widget.NewLabel(u.T("Port")), r.port, widget.NewLabel(u.T("Baud, frame")), r.line)
		if r.profile != nil {
			grid.Add(widget.NewLabel(profileLabel(u, k)))
			grid.Add(r.profile)
		}
		if r.option != nil {
			grid.Add(widget.NewLabel(optionLabel(u, k)))
			grid.Add(r.option)
		}
		buttons := container.NewHBox(r.test, r.save)
		list.Add(widget.NewCard("", "", container.NewVBox(cardTitle(deviceTitle(u, k)), grid, container.NewBorder(nil, nil, nil, buttons, r.result))))
	}
	list.Add(d.centralCard())
	d.exceptions = container.NewVBox()
	refused := widget.NewLabel(u.T("Sales central could not take: set them right by hand, then mark them handled."))
	refused.Wrapping = fyne.TextWrapWord
	list.Add(widget.NewCard("", "", container.NewVBox(cardTitle(u.T("Refused by central")), refused, d.exceptions)))
	top := container.NewBorder(nil, nil, nil,
		container.NewHBox(&widget.Button{Text: u.T("Find ports again"), OnTapped: d.loadPorts},
			&widget.Button{Text: u.T("Back to the sale  [Esc]"), Importance: widget.HighImportance, OnTapped: back}),
		widget.NewLabelWithStyle(u.T("Devices"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	d.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(list))
	return d
}

// centralCard pairs the till with the central store: IT types central's address and the
// one-time code (or scans the code's QR: the scanner types it into the focused field).
func (d *devicesScreen) centralCard() fyne.CanvasObject {
	// A scan into these fields is the pairing code's QR (or central's address); an
	// article's barcode scanned here is refused, never typed into them.
	w := NewWedge(func(scanned string) { d.scanned(scanned) })
	w.Later = func(wait time.Duration, f func()) { time.AfterFunc(wait, func() { d.u.do(f) }) }
	url, code, result := newScanEntry(w, nil), newScanEntry(w, nil), widget.NewLabel("")
	url.SetPlaceHolder(exampleCentralURL)
	code.SetPlaceHolder(d.u.T("pairing code from omnitill-central pair"))
	result.Wrapping = fyne.TextWrapWord
	pair := &widget.Button{Text: d.u.T("Pair"), Importance: widget.HighImportance}
	pair.OnTapped = func() {
		result.SetText(d.u.T("Pairing…"))
		pair.Disable() // one pairing at a time
		d.u.background(func() {
			err := d.u.till.Pair(d.u.ctx, url.Text, code.Text)
			d.u.do(func() {
				pair.Enable()
				if err != nil {
					result.SetText(d.u.explain("pair", err))
					return
				}
				code.SetText("")
				result.SetText(d.u.T("Paired: sales now go to central whenever it can be reached."))
			})
		})
	}
	code.OnSubmitted = func(string) {
		if !pair.Disabled() {
			pair.OnTapped()
		}
	}
	d.pairURL, d.pairCode, d.pairResult = url, code, result
	form := container.New(layout.NewFormLayout(), widget.NewLabel(d.u.T("Central")), url, widget.NewLabel(d.u.T("Code")), code)
	return widget.NewCard("", "", container.NewVBox(cardTitle(d.u.T("Central store")), form, container.NewBorder(nil, nil, nil, pair, result)))
}

// scanned takes a scan made while the pairing form has the keyboard: central's address goes
// into its field, a pairing code into its own and pairs; an article's barcode is refused.
func (d *devicesScreen) scanned(code string) {
	switch {
	case strings.HasPrefix(code, "http://") || strings.HasPrefix(code, "https://"):
		d.pairURL.SetText(code)
	case isArticleCode(code):
		d.pairResult.SetText(d.u.T("That is an article's barcode: articles are scanned at the sale. Scan the pairing code's QR here."))
	default:
		d.pairCode.SetText(code)
		d.pairCode.OnSubmitted(code)
	}
}

// isArticleCode reports whether a scan reads as an article's barcode (EAN, UPC, GS1).
func isArticleCode(code string) bool {
	_, err := barcode.Parse(code)
	return err == nil
}

// loadExceptions lists the refused events, each with a button that sends it again (its
// cause set right) and one that marks it handled.
func (d *devicesScreen) loadExceptions() {
	d.exceptions.RemoveAll()
	list, err := d.u.till.Exceptions(d.u.ctx)
	if err != nil {
		d.exceptions.Add(widget.NewLabel(d.u.explain("list exceptions", err)))
		return
	}
	if len(list) == 0 {
		d.exceptions.Add(widget.NewLabel(d.u.T("None.")))
	}
	for _, e := range list {
		e := e
		text := widget.NewLabel(d.u.T("%s %s, %s: %s", e.Type, e.About, d.u.w.DateTime(e.At.Local()), e.Reason))
		text.Wrapping = fyne.TextWrapWord
		done := &widget.Button{Text: d.u.T("Handled"), OnTapped: func() {
			if err := d.u.till.ResolveException(d.u.ctx, e.Event, d.manager); err != nil {
				d.u.report("resolve exception", err)
			}
			d.loadExceptions()
		}}
		again := &widget.Button{Text: d.u.T("Send again"), OnTapped: func() {
			if err := d.u.till.ResendException(d.u.ctx, e.Event, d.manager); err != nil {
				d.u.report("send exception again", err)
			}
			d.loadExceptions()
		}}
		d.exceptions.Add(container.NewBorder(nil, nil, nil, container.NewHBox(again, done), text))
	}
}

// cardTitle is a card's title that wraps: a long one in another language must not widen
// the screen beyond the window (a card's own title never wraps).
func cardTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func deviceTitle(u *UI, k pos.DeviceKind) string {
	switch k {
	case pos.DeviceScanner:
		return u.T("Barcode scanner (serial; keyboard scanners need no set-up)")
	case pos.DevicePrinter:
		return u.T("Receipt printer and cash drawer")
	case pos.DeviceDisplay:
		return u.T("Customer display (2 × 20)")
	case pos.DeviceScale:
		return u.T("Scale")
	}
	return string(k)
}

func profileLabel(u *UI, k pos.DeviceKind) string {
	if k == pos.DeviceScanner {
		return u.T("Suffix")
	}
	return u.T("Profile")
}

func optionLabel(u *UI, k pos.DeviceKind) string {
	if k == pos.DevicePrinter {
		return u.T("Drawer pin")
	}
	return u.T("Option")
}

func (d *devicesScreen) newRow(k pos.DeviceKind) *deviceRow {
	r := &deviceRow{kind: k, none: d.u.T("(none)"), port: widget.NewSelectEntry(nil), line: widget.NewEntry(), result: widget.NewLabel("")}
	r.port.SetPlaceHolder(d.u.T("choose a port, or type a path"))
	r.line.SetPlaceHolder(exampleLine)
	r.result.Wrapping = fyne.TextWrapWord
	if profiles := d.u.till.Devices().Profiles(k); len(profiles) > 0 {
		r.profile = widget.NewSelect(profiles, nil)
	}
	if k == pos.DevicePrinter {
		r.option = widget.NewSelect([]string{"2", "5", "2,200", "5,200", cfgDrawerNoPin}, nil)
	}
	r.test = &widget.Button{Text: d.u.T("Test"), OnTapped: func() { d.test(r) }}
	r.save = &widget.Button{Text: d.u.T("Save"), Importance: widget.HighImportance, OnTapped: func() { d.save(r) }}
	return r
}

// show loads the current set-up and the machine's ports into the form.
func (d *devicesScreen) show() {
	d.loadPorts()
	d.loadExceptions()
	for k, r := range d.rows {
		c, err := d.u.till.Devices().Config(d.u.ctx, k)
		if err != nil {
			r.result.SetText(d.u.explain("device config", err))
			continue
		}
		r.port.SetText(firstOr(c.Port, r.none))
		r.line.SetText(c.Line)
		if r.profile != nil {
			value := c.Profile
			if k == pos.DeviceScanner {
				value = firstOr(c.Option, cfgAnySuffix)
			}
			r.profile.SetSelected(firstOr(value, r.profile.Options[0]))
		}
		if r.option != nil {
			value := firstOr(c.Option, "2")
			if !slices.Contains(r.option.Options, value) { // set up from the command line
				r.option.Options = append(r.option.Options, value)
			}
			r.option.SetSelected(value)
		}
		r.result.SetText("")
	}
}

func (d *devicesScreen) loadPorts() {
	ports, err := d.u.till.Devices().Ports()
	for k, r := range d.rows {
		opts := append([]string{r.none}, ports...)
		if k == pos.DevicePrinter {
			opts = append(opts, exampleFilePrinter)
		}
		r.port.SetOptions(opts)
		if err != nil {
			d.u.report("list ports", err)
			r.result.SetText(d.u.T("The ports could not all be listed; type the port's path if it is missing."))
		}
	}
}

// config reads the form: the port is the first word of a listed port's description.
func (r *deviceRow) config() pos.DeviceConfig {
	port := strings.TrimSpace(r.port.Text)
	if fields := strings.Fields(port); len(fields) > 0 {
		port = fields[0]
	}
	if port == r.none {
		port = ""
	}
	c := pos.DeviceConfig{Kind: r.kind, Port: port, Line: strings.TrimSpace(r.line.Text)}
	if r.profile != nil {
		if r.kind == pos.DeviceScanner {
			c.Option = r.profile.Selected
		} else {
			c.Profile = r.profile.Selected
		}
	}
	if r.option != nil {
		c.Option = r.option.Selected
	}
	return c
}

func (d *devicesScreen) save(r *deviceRow) {
	if err := d.u.till.Devices().Configure(d.u.ctx, r.config()); err != nil {
		r.result.SetText(d.u.explain("configure "+string(r.kind), err))
		return
	}
	r.result.SetText(d.u.T("Saved."))
}

// test saves the form and tries the device in the background: a scanner test waits for a scan.
func (d *devicesScreen) test(r *deviceRow) {
	if err := d.u.till.Devices().Configure(d.u.ctx, r.config()); err != nil {
		r.result.SetText(d.u.explain("configure "+string(r.kind), err))
		return
	}
	r.result.SetText(d.u.T("Testing…"))
	if r.kind == pos.DeviceScanner {
		r.result.SetText(d.u.T("Saved. Scan a barcode now (10 s)…"))
	}
	d.u.background(func() {
		said, err := d.u.till.Devices().Test(d.u.ctx, r.kind)
		d.u.do(func() {
			if err != nil {
				r.result.SetText(d.u.explain("test "+string(r.kind), err))
				return
			}
			r.result.SetText(d.u.w.Phrase(said))
		})
	})
}

func firstOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
