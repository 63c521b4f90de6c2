package pos_test

import (
	"math"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func TestCheckedArithmetic(t *testing.T) {
	for _, tc := range []struct {
		a, b     int64
		sum, mul bool // fits
	}{
		{1, 2, true, true},
		{math.MaxInt64, 1, false, true},
		{math.MinInt64, -1, false, false},
		{-1, math.MinInt64, false, false},
		{math.MaxInt64, -1, true, true},
		{1 << 32, 1 << 30, true, true},
		{1 << 32, 1 << 31, true, false}, // 2^63: one past the largest int64
		{0, math.MinInt64, true, true},
		{-3, 5, true, true},
	} {
		if _, ok := pos.CheckedAdd(tc.a, tc.b); ok != tc.sum {
			t.Errorf("CheckedAdd(%d, %d) fits: %v", tc.a, tc.b, ok)
		}
		if p, ok := pos.CheckedMul(tc.a, tc.b); ok != tc.mul || (ok && p != tc.a*tc.b) {
			t.Errorf("CheckedMul(%d, %d) = %d, %v", tc.a, tc.b, p, ok)
		}
	}
	// A label's price of 10^16 for 1 kg: × 1000 thousandths does not fit.
	if _, ok := pos.CheckedMulQty(1e16, pos.Pieces(1)); ok {
		t.Error("a price that overflows when multiplied by a quantity was priced")
	}
	if m, ok := pos.CheckedMulQty(2499, pos.Grams(734)); !ok || m != pos.MulQty(2499, pos.Grams(734)) {
		t.Errorf("CheckedMulQty(24,99 × 0,734 kg) = %d, %v", m, ok)
	}
	if _, ok := pos.CheckedSum(math.MaxInt64/2, math.MaxInt64/2, 2); ok {
		t.Error("an overflowing sum was summed")
	}
	if s, ok := pos.CheckedSum(100, -30, 5); !ok || s != 75 {
		t.Errorf("CheckedSum = %d, %v", s, ok)
	}
}
