// Package tillcmd is the till binary's command line and wiring: it opens the till's database,
// sets up a new till with the demo store, builds the Register the screens and commands share,
// and runs the IT commands (version, ports, barcode, receipt, catalog, train-sale, config).
// It links no GUI: main.go hands it the function that opens the window.
package tillcmd

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/receiptimg"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// Setting keys read here (the store's own keys live in pos/sqlite).
const (
	keyTemplatePrefix  = "barcode.template." // + two-digit prefix, e.g. barcode.template.27
	keyDiscountLimit   = "policy.cashier_discount_limit_percent"
	defaultPrinterFile = "printer.bin"
)

// Till is an opened till: its database and the Register every front end drives.
type Till struct {
	DB       *sqlite.DB
	Register *pos.Register
	Store    pos.StoreInfo
	Devices  *Devices
	sync     syncLink
}

// DefaultDBPath is the till database in the user's data directory.
func DefaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "omnitill", "till.db")
}

// OpenTill opens the database at path; a new database is set up with the demo store.
func OpenTill(ctx context.Context, path string) (*Till, error) {
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	store, err := db.StoreInfo(ctx)
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		if err = SeedDemo(ctx, db); err == nil {
			store, err = db.StoreInfo(ctx)
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	t := &Till{DB: db, Store: store}
	if t.Register, err = t.newRegister(ctx); err == nil {
		t.Devices, err = OpenDevices(ctx, db, store)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return t, nil
}

// Close closes the devices and the database.
func (t *Till) Close() error {
	t.stopSync()
	t.Devices.Close()
	return t.DB.Close()
}

func (t *Till) newRegister(ctx context.Context) (*pos.Register, error) {
	settings, err := t.DB.Settings(ctx)
	if err != nil {
		return nil, err
	}
	parser, err := barcodeParser(settings)
	if err != nil {
		return nil, err
	}
	policy := pos.DefaultPolicy
	if v := settings[keyDiscountLimit]; v != "" {
		pct, err := strconv.ParseFloat(v, 64)
		if err != nil || pct < 0 || pct > 100 {
			return nil, fmt.Errorf("setting %s: %q is not a percent", keyDiscountLimit, v)
		}
		policy.CashierDiscountLimit = int64(pct * 100)
	}
	r := &pos.Register{Store: t.Store, Catalog: t.DB, Sales: t.DB, Staff: t.DB, Barcodes: parser, Policy: policy, Now: time.Now}
	r.RestoreTraining(settings[sqlite.KeyTraining] == "1")
	return r, nil
}

func barcodeParser(settings map[string]string) (*barcode.Parser, error) {
	var templates []barcode.Template
	for k, v := range settings {
		if prefix, ok := strings.CutPrefix(k, keyTemplatePrefix); ok {
			tpl, err := barcode.ParseTemplate(prefix, v)
			if err != nil {
				return nil, fmt.Errorf("setting %s: %w", k, err)
			}
			templates = append(templates, tpl)
		}
	}
	return barcode.NewParser(templates...), nil
}

// SetTraining switches training mode and remembers it across restarts.
func (t *Till) SetTraining(ctx context.Context, on bool, manager pos.Staff) error {
	if err := t.Register.SetTraining(ctx, on, manager); err != nil {
		return err
	}
	v := "0"
	if on {
		v = "1"
	}
	return t.DB.SetSetting(ctx, sqlite.KeyTraining, v)
}

// Profile is the receipt printer's profile (the default when none is set up).
func (t *Till) Profile(ctx context.Context) (escpos.Profile, error) {
	c, err := t.Devices.Config(ctx, pos.DevicePrinter)
	if err != nil || c.Profile == "" {
		return escpos.DefaultProfile, err
	}
	return escpos.ProfileByName(c.Profile)
}

// Receipt builds the receipt of a committed sale.
func (t *Till) Receipt(s *pos.Sale) pos.Receipt { return pos.NewReceipt(t.Store, s) }

// ReceiptImage renders the receipt as the printer would print it, for the screen.
func (t *Till) ReceiptImage(ctx context.Context, s *pos.Sale) (image.Image, error) {
	p, err := t.Profile(ctx)
	if err != nil {
		return nil, err
	}
	return receiptimg.Render(t.Receipt(s).Layout(p.Columns), p.Columns)
}

// Print sends a committed sale's receipt to the printer. The warning is for a printer that
// printed but needs attention soon (paper running low).
func (t *Till) Print(ctx context.Context, s *pos.Sale) (warning string, err error) {
	p, err := t.Profile(ctx)
	if err != nil {
		return "", err
	}
	data, err := escpos.Encode(t.Receipt(s).Layout(p.Columns), p)
	if err != nil {
		return "", fmt.Errorf("render receipt %d: %w", s.ReceiptNo, err)
	}
	warning, err = t.Devices.Print(ctx, data)
	if err != nil {
		return "", fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The sale is saved, but the receipt did not print: %s", pos.ErrorMessage(err)), err)
	}
	return warning, nil
}

// RenderReceipt writes a stored receipt as ESC/POS bytes and/or PNG.
func (t *Till) RenderReceipt(ctx context.Context, s *pos.Sale, p escpos.Profile, escposPath, pngPath string) error {
	blocks := t.Receipt(s).Layout(p.Columns)
	if escposPath != "" {
		data, err := escpos.Encode(blocks, p)
		if err != nil {
			return fmt.Errorf("render receipt %d: %w", s.ReceiptNo, err)
		}
		if err := os.WriteFile(escposPath, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", escposPath, err)
		}
	}
	if pngPath != "" {
		var buf bytes.Buffer
		if err := receiptimg.WritePNG(&buf, blocks, p.Columns); err != nil {
			return fmt.Errorf("render receipt %d as PNG: %w", s.ReceiptNo, err)
		}
		if err := os.WriteFile(pngPath, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", pngPath, err)
		}
	}
	return nil
}

// Demo staff; their PINs are printed in the README.
var demoStaff = []struct {
	staff pos.Staff
	pin   string
}{
	{pos.Staff{ID: "anna", Name: "Anna Kowalska", Role: pos.RoleCashier}, "1111"},
	{pos.Staff{ID: "jonas", Name: "Jonas Petrauskas", Role: pos.RoleManager}, "9999"},
}

// SeedDemo sets up a new till with the demo store: a Warsaw shop, Polish VAT, the demo
// catalog with 50 of everything in stock, a cashier and a manager. It is one transaction: a
// till killed half way through its first start is set up again, never with its opening
// stock twice.
func SeedDemo(ctx context.Context, db *sqlite.DB) error {
	store := pos.StoreInfo{
		ID: "PL-WAW-01", Name: "Omnitill Sklep Demo", Address: []string{"ul. Świętokrzyska 12", "00-050 Warszawa"},
		TaxID: "5252248481", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT,
	}
	products, err := demo.Products()
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	opening := make(map[pos.SKU]pos.Qty, len(products))
	for _, p := range products {
		opening[p.SKU] = pos.Pieces(50)
	}
	staff := make([]sqlite.NewStaff, len(demoStaff))
	for i, s := range demoStaff {
		staff[i] = sqlite.NewStaff{Staff: s.staff, PIN: s.pin}
	}
	return db.SetUp(ctx, sqlite.NewTill{Store: store, Products: products, Opening: opening, Staff: staff})
}
