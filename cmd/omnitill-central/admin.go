package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/central/sqlite"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

func runImport(c *cli, args []string) error {
	if len(args) != 2 {
		return usagef("say what to import and from which file")
	}
	what, path := args[0], args[1]
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := importFile(c, db, what, f, path); err != nil {
		return nothingImported(path, err)
	}
	return nil
}

// nothingImported says what every import is: all or nothing. A bad file's message lists
// every bad line under it, as the till's "catalog import" does.
func nothingImported(path string, err error) error {
	var usage usageError
	switch {
	case errors.As(err, &usage):
		return err
	case pos.ErrorCode(err) == pos.EINTERNAL:
		return fmt.Errorf("%s: nothing imported: %w", path, err)
	}
	return fmt.Errorf("%w: %w", pos.Errorf(pos.ErrorCode(err), "%s: nothing imported:\n%s", path, pos.ErrorMessage(err)), err)
}

// importFile reads the file and saves what it holds, in one transaction.
func importFile(c *cli, db *sqlite.DB, what string, f io.Reader, path string) error {
	switch what {
	case "products":
		ps, err := imports.ReadProducts(f)
		if err != nil {
			return err
		}
		res, err := db.SaveProducts(c.ctx, ps)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d products: %d added, %d changed, %d unchanged\n", len(ps), res.Added, res.Changed, res.Unchanged)
	case "stores":
		stores, err := imports.ReadStores(f)
		if err != nil {
			return err
		}
		if err := db.SaveStores(c.ctx, stores); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d stores saved\n", len(stores))
	case "stock":
		moves, err := imports.ReadStock(f)
		if err != nil {
			return err
		}
		if err := db.AddStock(c.ctx, "delivery", "import "+filepath.Base(path), moves); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d stock movements recorded\n", len(moves))
	case "vat":
		classes, err := imports.ReadVATClasses(f)
		if err != nil {
			return err
		}
		res, err := db.SaveVATClasses(c.ctx, classes)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d VAT classes: %d added, %d changed, %d unchanged\n", len(classes), res.Added, res.Changed, res.Unchanged)
	case "promotions", "customers", "orders":
		return importChannels(c, db, what, f, "import "+filepath.Base(path))
	case "coupons":
		coupons, err := imports.ReadCoupons(f)
		if err != nil {
			return err
		}
		res, err := db.SaveCoupons(c.ctx, coupons, "import "+filepath.Base(path))
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d coupons: %d added, %d changed, %d unchanged\n", len(coupons), res.Added, res.Changed, res.Unchanged)
	case "returns":
		p, err := imports.ReadReturnsPolicy(f)
		if err != nil {
			return err
		}
		changed, err := db.SetReturnsPolicy(c.ctx, p, "import "+filepath.Base(path))
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintln(c.stdout, "returns policy unchanged")
			return nil
		}
		fmt.Fprintf(c.stdout, "returns policy: %d days (%v by channel), not returnable %v, a manager above %s, offline %s a day, store credit only %t, cash without a receipt %t\n",
			p.DefaultWindowDays, p.WindowDays, p.NonReturnable, p.ManagerOver, p.OfflineDailyCap, p.OfflineCreditOnly, p.NoReceiptCash)
	case "loyalty":
		rules, err := imports.ReadLoyalty(f)
		if err != nil {
			return err
		}
		rules, changed, err := db.SetLoyaltyRules(c.ctx, rules, "import "+filepath.Base(path))
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(c.stdout, "loyalty rules unchanged (%d)\n", rules.Version)
			return nil
		}
		printRules(c, rules)
	default:
		return usagef("cannot import %q: products, stores, vat, stock, promotions, customers, orders, loyalty, coupons or returns", what)
	}
	return nil
}

// importChannels imports what the web shop and the tills share besides the catalog.
func importChannels(c *cli, db *sqlite.DB, what string, f io.Reader, source string) error {
	var n int
	var res central.ImportResult
	switch what {
	case "promotions":
		promos, err := imports.ReadPromotions(f)
		if err != nil {
			return err
		}
		n = len(promos)
		if res, err = db.SavePromotions(c.ctx, promos); err != nil {
			return err
		}
	case "customers":
		customers, err := imports.ReadCustomers(f)
		if err != nil {
			return err
		}
		n = len(customers)
		if res, err = db.SaveCustomers(c.ctx, customers, source); err != nil {
			return err
		}
	case "orders":
		orders, err := imports.ReadOrders(f)
		if err != nil {
			return err
		}
		n = len(orders)
		if res, err = db.SaveOrders(c.ctx, orders, source); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "%d %s: %d added, %d changed, %d unchanged\n", n, what, res.Added, res.Changed, res.Unchanged)
	return nil
}

func runPair(c *cli, args []string) error {
	fs := c.flags("pair")
	store := fs.String("store", "", "the till's store id (as imported)")
	till := fs.String("till", "", "the till's id within its store")
	ttl := fs.Duration("ttl", central.DefaultCodeTTL, "how long the code works: 1m to 168h (7 days)")
	png := fs.String("qr", "", "also write the code as a QR image to this PNG file")
	pairingURL := fs.String("url", "", "central's address as tills reach it (https://HOST:PORT), put in the pairing string; remembered for the next codes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *store == "" || *till == "" {
		return usagef("--store and --till are required")
	}
	if err := central.CheckCodeTTL(*ttl); err != nil {
		return usagef("--ttl: %s", pos.ErrorMessage(err))
	}
	if *pairingURL != "" {
		*pairingURL = strings.TrimRight(strings.TrimSpace(*pairingURL), "/")
		// The address a till would refuse is refused here already (client.CheckURL).
		if err := client.CheckURL(*pairingURL); errors.Is(err, client.ErrPlainHTTP) {
			return usagef("--url %q: tills refuse http:// to another machine (their token and sales would cross the network in clear): serve with --tls-auto and give https://", *pairingURL)
		} else if err != nil {
			return usagef("--url %v", err)
		}
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	code, err := db.NewPairingCode(c.ctx, pos.StoreID(*store), pos.TillID(*till), *ttl)
	if err != nil {
		return err
	}
	u := *pairingURL
	if u != "" {
		if err := db.SetSetting(c.ctx, sqlite.SettingPairingURL, u); err != nil {
			return err
		}
	} else if u, _, err = db.Setting(c.ctx, sqlite.SettingPairingURL); err != nil {
		return err
	}
	var pairing, fingerprint string
	if u != "" {
		if strings.HasPrefix(u, "https://") {
			if fingerprint, _, err = autoCertFingerprint(c.dbPath); err != nil {
				return err
			}
		}
		pairing = wire.PairingPrefix + u + "#" + code + "#" + fingerprint
	}
	qr, err := qrcode.New(cmp.Or(pairing, code), qrcode.Medium)
	if err != nil {
		return fmt.Errorf("QR of the code: %w", err)
	}
	fmt.Fprintf(c.stdout, "pairing code for till %s of store %s (works once, for %s; earlier unused codes of this till no longer work):\n%s\n",
		*till, *store, *ttl, code)
	if pairing != "" {
		pinned := "central's certificate is not pinned: the till trusts the system's certificate authorities"
		if fingerprint != "" {
			pinned = "the till trusts only central's certificate, SHA-256 " + fingerprint
		} else if strings.HasPrefix(u, "http://") {
			pinned = "plain HTTP: for a till on this machine only"
		}
		fmt.Fprintf(c.stdout, "pairing string for %s (%s), in the QR; at the till: omnitill pair --code 'STRING', or scan the QR on F5 Devices:\n%s\n", u, pinned, pairing)
	}
	fmt.Fprintf(c.stdout, "\n%s", qr.ToSmallString(false))
	if *png != "" {
		if err := qr.WriteFile(256, *png); err != nil {
			return fmt.Errorf("write %s: %w", *png, err)
		}
		fmt.Fprintf(c.stdout, "QR written to %s\n", *png)
	}
	return nil
}

func runRevoke(c *cli, args []string) error {
	fs := c.flags("revoke")
	till := fs.String("till", "", "the till's id")
	store := fs.String("store", "", "its store, when several stores have a till of that id")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *till == "" {
		return usagef("--till is required")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.Revoke(c.ctx, pos.StoreID(*store), pos.TillID(*till))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "till %s revoked: its token no longer works; pair it again to let it sync\n", t)
	return nil
}

func runResend(c *cli, args []string) error {
	if len(args) != 1 {
		return usagef("say which stream: products, stock, promotions, customers or orders")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ResendStream(c.ctx, pos.Stream(args[0])); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "every till will pull the whole %s stream at its next sync\n", args[0])
	return nil
}

func runWebShop(c *cli, args []string) error {
	if len(args) != 2 || (args[0] != "add" && args[0] != "revoke") {
		return usagef("say add NAME or revoke NAME")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	name := args[1]
	if args[0] == "revoke" {
		if err := db.RevokeWebShop(c.ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "web shop %s revoked: its key no longer works\n", name)
		return nil
	}
	key, err := db.AddWebShop(c.ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "API key of web shop %s (shown this once: central keeps only its hash):\n%s\n", name, key)
	return nil
}

func runOrder(c *cli, args []string) error {
	if len(args) == 2 && args[0] == "show" {
		return showPurchase(c, central.ReturnableQuery{Order: args[1], AnyStatus: true})
	}
	if len(args) != 3 || args[0] != "status" {
		return usagef("say status NUMBER placed|ready|collected|cancelled, or show NUMBER")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	o, changed, err := db.SetOrderStatus(c.ctx, args[1], args[2])
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(c.stdout, "order %s is already %s: nothing changed\n", o.Number, o.Status)
		return nil
	}
	fmt.Fprintf(c.stdout, "order %s is now %s; the tills of %s get it at their next sync\n", o.Number, o.Status, o.StoreID)
	return nil
}
