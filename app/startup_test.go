package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/till"
)

// BenchmarkStartup: from opening the till's database to a sale screen ready for the first
// scan (cashier logged in, quick keys loaded). Budget: < 1.5 s. OMNITILL_STARTUP_DB points it at
// another database, e.g. the benchmarks' million-product one (log in with OMNITILL_STARTUP_PIN).
func BenchmarkStartup(b *testing.B) {
	path, pin := os.Getenv("OMNITILL_STARTUP_DB"), os.Getenv("OMNITILL_STARTUP_PIN")
	if path == "" {
		path, pin = filepath.Join(b.TempDir(), "till.db"), "1111"
		t, err := till.Open(context.Background(), path, testLog(b)) // the first start seeds the demo store
		if err != nil {
			b.Fatal(err)
		}
		t.Close()
	}
	a := test.NewApp()
	defer a.Quit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t, err := till.Open(context.Background(), path, testLog(b))
		if err != nil {
			b.Fatal(err)
		}
		ui := New(a, t)
		ui.login.pin.SetText(pin)
		ui.login.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if ui.screen != ui.sale.content {
			b.Fatalf("no sale screen: %s", ui.login.message.Text)
		}
		b.StopTimer()
		ui.win.Close()
		t.Close()
		b.StartTimer()
	}
}
