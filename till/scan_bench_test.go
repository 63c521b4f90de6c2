package till_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// BenchmarkSerialScanToCart: from the scanner writing a code on its port to the line being
// in the cart (scanner framing, the devices hub, the Register's lookup and add), through a
// real pseudo-terminal. Budget: < 2 ms beyond the wire time (a pseudo-terminal has none).
func BenchmarkSerialScanToCart(b *testing.B) {
	dir := b.TempDir()
	tl, err := till.Open(context.Background(), filepath.Join(dir, "till.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer tl.Close()
	if _, err := tl.Register().Login(context.Background(), "1111"); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "scanner")
	dev, err := serialport.NewPTY(path)
	if err != nil {
		b.Skip(err)
	}
	defer dev.Remove()
	if err := tl.Devices().Configure(context.Background(), pos.DeviceConfig{Kind: pos.DeviceScanner, Port: path, Line: "115200,8N1", Option: "CR"}); err != nil {
		b.Fatal(err)
	}
	added := make(chan error, 1)
	tl.Devices().Listen(func(code string) {
		_, err := tl.Register().Scan(context.Background(), code)
		added <- err
	}, func(err error) { added <- err }, nil)
	code := []byte("5902754113850\r")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dev.Device.Write(code); err != nil {
			b.Fatal(err)
		}
		select {
		case err := <-added:
			if err != nil {
				b.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			b.Fatal("the scan never reached the cart")
		}
		if i%500 == 499 {
			b.StopTimer()
			tl.Register().CancelSale()
			b.StartTimer()
		}
	}
}
