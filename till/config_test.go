package till_test

import (
	"context"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

func TestConfigIsTypedAndChecked(t *testing.T) {
	c, err := till.ParseConfig(map[string]string{
		"policy.cashier_discount_limit_percent": "12,5",
		"barcode.template.28":                   "28 PPPPP MMMMM C",
		"device.printer.port":                   "/dev/ttyUSB0",
		"device.printer.profile":                "tm-t88",
		"till.training":                         "1",
		"store.id":                              "PL-WAW-01",
		"a.key.of.a.later.version":              "kept, unused",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.DiscountLimit != 1250 || !c.Training || c.Templates["28"].Pattern != "28 PPPPP MMMMM C" ||
		c.Devices[pos.DevicePrinter].Profile != "tm-t88" || c.Devices[pos.DeviceScale].Kind != pos.DeviceScale {
		t.Fatalf("config %+v", c)
	}
	if _, err := till.ParseConfig(map[string]string{"policy.cashier_discount_limit_percent": "lots"}); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a stored limit the till cannot use: %v", err)
	}
	for _, tc := range []struct {
		key, value, get string // get: what Get says after; "" when Set refuses
	}{
		{"policy.cashier_discount_limit_percent", "0", "0"},
		{"policy.cashier_discount_limit_percent", "7.5%", "7.5"},
		{"policy.cashier_discount_limit_percent", "150", ""},
		{"policy.max_price", "250000", "250000.00"},
		{"policy.max_price", "1 500,50", "1500.50"},
		{"policy.max_price", "", "100000.00"},
		{"policy.max_price", "0", ""},
		{"policy.max_price", "-5", ""},
		{"policy.max_price", "lots", ""},
		{"policy.max_price", "10000000.01", ""},
		{"policy.max_price", "999999999999999.99", ""},
		{"barcode.template.27", "27 PPP C", ""},
		{"device.display.profile", "cd5220", "cd5220"},
		{"device.scale.colour", "red", ""},
		{"device.toaster.port", "/dev/ttyS0", ""},
		{"store.name", "Sklep Nowy", "Sklep Nowy"},
		{"store.id", "PL-KRK-01", ""}, // the till's identity with central
		{"polcy.cashier_discount_limit_percent", "5", ""},
	} {
		next, err := c.Set(tc.key, tc.value)
		if tc.get == "" {
			if pos.ErrorCode(err) != pos.EINVALID {
				t.Errorf("Set(%s, %s) = %v, want it refused", tc.key, tc.value, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Set(%s, %s): %v", tc.key, tc.value, err)
			continue
		}
		if got, _ := next.Get(tc.key); got != tc.get {
			t.Errorf("after Set(%s, %s) Get says %q", tc.key, tc.value, got)
		}
	}
	if v, _ := c.Get("policy.cashier_discount_limit_percent"); v != "12.5" {
		t.Fatalf("Set changed the config it was called on: %s", v)
	}
	if _, err := till.ParseConfig(map[string]string{"policy.max_price": "0"}); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a stored price limit the till cannot use: %v", err)
	}
	if v, err := till.ParseConfig(nil); err != nil || v.DiscountLimit != pos.DefaultPolicy.CashierDiscountLimit || v.MaxPrice != pos.DefaultMaxPrice {
		t.Fatalf("defaults: %+v %v", v, err)
	}
}

// A setting changed on a till is kept: the next start sells under it.
func TestSetConfigIsKept(t *testing.T) {
	tl := openTill(t)
	ctx := context.Background()
	if err := tl.SetConfig(ctx, "policy.cashier_discount_limit_percent", "5"); err != nil {
		t.Fatal(err)
	}
	if err := tl.SetConfig(ctx, "device.printer.profile", "58mm"); err != nil {
		t.Fatal(err)
	}
	if c, _ := tl.Devices().Config(ctx, pos.DevicePrinter); c.Profile != "58mm" {
		t.Fatalf("the printer's profile did not apply at once: %+v", c)
	}
	if err := tl.SetConfig(ctx, "device.printer.option", "9"); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a drawer on pin 9: %v", err)
	}
	path := tl.DB.Path()
	tl.Close()
	again, err := till.Open(ctx, path, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Register().Policy.CashierDiscountLimit != 500 {
		t.Fatalf("discount limit after a restart: %d", again.Register().Policy.CashierDiscountLimit)
	}
	if p, _ := again.Profile(); p.Name != "58mm" {
		t.Fatalf("printer profile after a restart: %s", p.Name)
	}
}
