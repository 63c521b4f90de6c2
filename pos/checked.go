package pos

import "math"

// Overflow-checked arithmetic for every boundary where an amount or a quantity comes from
// outside (a file, a label, another till): int64 must never wrap into a plausible number.

// CheckedAdd returns a+b, or false when the sum does not fit an int64.
func CheckedAdd(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// CheckedMul returns a×b, or false when the product does not fit an int64.
func CheckedMul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// CheckedMulQty prices a quantity as MulQty does, or returns false when unit price ×
// quantity does not fit an int64.
func CheckedMulQty(unitPrice Money, q Qty) (Money, bool) {
	p, ok := CheckedMul(int64(unitPrice), int64(q))
	if !ok {
		return 0, false
	}
	return Money(divRound(p, 1000)), true
}

// CheckedSum adds amounts, or returns false when their sum does not fit an int64.
func CheckedSum(amounts ...Money) (Money, bool) {
	var s int64
	for _, m := range amounts {
		var ok bool
		if s, ok = CheckedAdd(s, int64(m)); !ok {
			return 0, false
		}
	}
	return Money(s), true
}

// MulDiv is a×b/c and its remainder, for 0 ≤ a, b and 0 < c, the product taken in 128
// bits: a proportion of an amount (points of a refund) never wraps.
func MulDiv(a, b, c int64) (q, r int64) { return mulDiv(a, b, c) }
