package till_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/till"
)

// An alert sounds the printer's buzzer where its profile has one, and only there.
func TestAlertSoundsTheBuzzer(t *testing.T) {
	dir := t.TempDir()
	tl, err := till.Open(context.Background(), filepath.Join(dir, "till.db"), testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	printed := filepath.Join(dir, "printer.bin")
	tl.Alert()
	tl.Close() // waits for the alert
	if data, _ := os.ReadFile(printed); len(data) != 0 {
		t.Fatalf("a printer without a buzzer got % x", data)
	}
	tl, err = till.Open(context.Background(), filepath.Join(dir, "till.db"), testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.SetConfig(context.Background(), "device.printer.profile", "58mm-buzzer"); err != nil {
		t.Fatal(err)
	}
	tl.Alert()
	tl.Close()
	data, _ := os.ReadFile(printed)
	p, _ := escpos.ProfileByName("58mm-buzzer")
	if out, err := escpos.Decode(data, p); err != nil || out.Beeps != 2 {
		t.Fatalf("the buzzer sounded %d times (%v): % x", out.Beeps, err, data)
	}
}
