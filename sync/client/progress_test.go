package client_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
)

// TestSnapshotProgress: a till's first pull and a pull after "reset" report each page of
// the snapshot against central's total; an incremental pull reports nothing.
func TestSnapshotProgress(t *testing.T) {
	c := startCentral(t)
	more := make([]pos.Product, 9)
	for i := range more {
		more[i] = pos.Product{SKU: pos.SKU(fmt.Sprintf("ART-%d", i)), Name: fmt.Sprintf("Artykuł %d", i), Price: 100, VAT: 2300, Unit: pos.UnitPiece}
	}
	c.importProducts(more) // 12 products in all
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.worker.Page = 5
	var got []client.Progress
	tl.worker.OnProgress = func(stream pos.Stream, done, total int) {
		if _, ok := tl.worker.Snapshot(); !ok {
			t.Errorf("Snapshot() knows of no snapshot while one reports progress")
		}
		got = append(got, client.Progress{Stream: stream, Done: done, Total: total})
	}
	tl.syncOnce()
	want := []client.Progress{{"products", 5, 12}, {"products", 10, 12}, {"products", 12, 12}, {"stock", 2, 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("first pull reported %v, want %v", got, want)
	}
	if p, ok := tl.worker.Snapshot(); ok {
		t.Fatalf("a snapshot %+v is still under way after the round", p)
	}

	got = nil
	more[0].Price = 200
	c.importProducts(more)
	tl.syncOnce()
	if len(got) != 0 {
		t.Fatalf("an incremental pull reported %v", got)
	}

	c.admin("resend", "products")
	tl.syncOnce()
	if want := want[:3]; !slices.Equal(got, want) {
		t.Fatalf("pull after reset reported %v, want %v", got, want)
	}
	if p, _ := tl.db.ProductBySKU(t.Context(), "ART-0"); p.Price != 200 {
		t.Fatalf("price after the snapshot %d", p.Price)
	}
}
