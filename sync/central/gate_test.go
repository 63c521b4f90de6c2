package central

import (
	"context"
	"errors"
	"testing"
)

// TestGateAdmitsItsTurnsAndNoMore: a gate of two admits two at once; a third waits until
// one leaves, or gives up with its context. A nil gate admits everyone.
func TestGateAdmitsItsTurnsAndNoMore(t *testing.T) {
	g := NewGate(2)
	ctx := context.Background()
	for range 2 {
		if err := g.Enter(ctx); err != nil {
			t.Fatal(err)
		}
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if err := g.Enter(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("a third entered a full gate: %v", err)
	}
	g.Leave()
	if err := g.Enter(gone); err != nil {
		t.Fatalf("no turn after one left: %v", err)
	}
	if NewGate(0).Enter(ctx) != nil || cap(NewGate(0).slots) != 1 {
		t.Error("a gate of no turns must still admit one")
	}
	var none *Gate
	if err := none.Enter(gone); err != nil {
		t.Errorf("a nil gate refused: %v", err)
	}
	none.Leave()
}
