//go:build linux

package printer

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkPrintReceipt prints the demo receipt, status before and after, through a
// pseudo-terminal to the simulator at 115200 baud: the wire time (pacing) dominates.
func BenchmarkPrintReceipt(b *testing.B) {
	path := filepath.Join(b.TempDir(), "printer")
	startSim(b, path)
	p := newSerial(b, path, 115200)
	data, _, _ := demoReceipt(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := p.Print(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "bytes/receipt")
}
