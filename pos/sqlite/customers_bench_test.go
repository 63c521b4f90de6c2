package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// BenchmarkCustomerByCard finds a customer by the card scanned among 1,000,000 customers
// pulled from central (budget: under 1 ms), as every scan at the till asks first.
func BenchmarkCustomerByCard(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "till.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const customers, page = 1_000_000, 20_000
	card := func(i int) string {
		digits := fmt.Sprintf("29%010d", i)
		return digits + string(barcode.CheckDigit(digits))
	}
	for start := 0; start < customers; start += page {
		changes := make([]pos.CustomerChange, page)
		for i := range changes {
			n := start + i
			changes[i].Customer = pos.Customer{ID: pos.CustomerID(fmt.Sprintf("C-%07d", n)), Card: card(n), Name: fmt.Sprintf("Customer %d", n),
				Email: fmt.Sprintf("c%d@example.pl", n), Phone: fmt.Sprintf("+48 6%08d", n), Points: int64(n % 1000)}
		}
		if err := db.ApplyCustomerPage(ctx, changes, int64(start+page)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		n := (i * 7919) % customers
		if c, err := db.CustomerByCard(ctx, card(n)); err != nil || c.Points != int64(n%1000) {
			b.Fatalf("card %s: %+v %v", card(n), c, err)
		}
	}
	if per := time.Since(start) / time.Duration(b.N); per > time.Millisecond {
		b.Errorf("a card takes %s among %d customers; the budget is 1 ms", per, customers)
	}
}
