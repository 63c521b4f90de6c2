package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/skip2/go-qrcode"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
	"github.com/omnitill/omnitill/sync/central"
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
	switch what {
	case "products":
		ps, err := catalogcsv.Read(f, nil) // central serves stores of several countries: any rate
		if err != nil {
			return err
		}
		res, err := db.SaveProducts(c.ctx, ps)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d products: %d added, %d changed, %d unchanged\n", len(ps), res.Added, res.Changed, res.Unchanged)
	case "stores":
		stores, err := central.ReadStores(f)
		if err != nil {
			return err
		}
		if err := db.SaveStores(c.ctx, stores); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d stores saved\n", len(stores))
	case "stock":
		moves, err := central.ReadStock(f)
		if err != nil {
			return err
		}
		if err := db.AddStock(c.ctx, "delivery", "import "+filepath.Base(path), moves); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d stock movements recorded\n", len(moves))
	default:
		return usagef("cannot import %q: products, stores or stock", what)
	}
	return nil
}

func runPair(c *cli, args []string) error {
	fs := c.flags("pair")
	store := fs.String("store", "", "the till's store id (as imported)")
	till := fs.String("till", "", "the till's id within its store")
	ttl := fs.Duration("ttl", central.DefaultCodeTTL, "how long the code works")
	png := fs.String("qr", "", "also write the code as a QR image to this PNG file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *store == "" || *till == "" {
		return usagef("--store and --till are required")
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
	qr, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("QR of the code: %w", err)
	}
	fmt.Fprintf(c.stdout, "pairing code for till %s of store %s (works once, for %s):\n%s\n\n%s", *till, *store, *ttl, code, qr.ToSmallString(false))
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
		return usagef("say which stream: products or stock")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ResendStream(c.ctx, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "every till will pull the whole %s stream at its next sync\n", args[0])
	return nil
}
