package central

import (
	"context"
	"runtime"
)

// Gate admits the CPU-bound work that runs beside central's writer: reading pushed
// batches and answering reads. The writer applies every till's events one group after
// another, so the chain's throughput is what it gets of a core. Left to Go's scheduler,
// dozens of handlers decoding batches and answering availability took turns with it, and
// the writer waited for a core about a quarter of its time: under 32 tills' pushes it
// applied 12–15,000 events a second; with this gate, 15–18,500. Work past the gate waits
// its turn, in order, while the writer keeps a core.
//
// A nil *Gate admits everything at once (tests, the command line).
type Gate struct {
	slots chan struct{}
}

// NewGate admits n pieces of work at a time.
func NewGate(n int) *Gate {
	return &Gate{slots: make(chan struct{}, max(n, 1))}
}

// NewWriterGate admits as much work at a time as there are cores beyond the writer's, and
// at least one.
func NewWriterGate() *Gate {
	return NewGate(runtime.GOMAXPROCS(0) - 1)
}

// Enter waits for a turn; ctx's error when its caller gives up first. Every Enter that
// returned nil is followed by one Leave.
func (g *Gate) Enter(ctx context.Context) error {
	if g == nil {
		return nil
	}
	select { // a free turn is taken even by a caller about to give up
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Leave ends a turn.
func (g *Gate) Leave() {
	if g != nil {
		<-g.slots
	}
}
