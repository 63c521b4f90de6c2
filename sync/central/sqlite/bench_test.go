package sqlite

import (
	"fmt"
	"testing"

	"github.com/omnitill/omnitill/sync/wire"
)

// BenchmarkApplyBatch applies batches of 500 sales as a push does, without HTTP.
func BenchmarkApplyBatch(b *testing.B) {
	db, _ := mustOpen(b)
	till, _ := mustPair(b, db, waw.ID, "01")
	n := 0
	batch := make([]wire.Event, 500)
	for b.Loop() {
		b.StopTimer()
		for i := range batch {
			n++
			batch[i] = saleEvent(b, till, fmt.Sprintf("0190aaaa-0000-7000-8000-%012d", n), int64(n), 1)
		}
		b.StartTimer()
		if _, err := db.Apply(ctx, till, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
