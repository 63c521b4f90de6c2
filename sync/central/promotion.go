package central

import (
	"cmp"
	"slices"

	"github.com/omnitill/omnitill/pos"
)

// SamePromotion says whether b says what a says: the same promotion imported again, which
// keeps its place in the promotions stream and sends the tills nothing. The order of its
// SKUs and stores does not matter.
func SamePromotion(a, b pos.Promotion) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.Value == b.Value && a.MinQty == b.MinQty &&
		a.Starts.Equal(b.Starts) && a.Ends.Equal(b.Ends) && a.Withdrawn == b.Withdrawn &&
		sameSet(a.SKUs, b.SKUs) && sameSet(a.Stores, b.Stores)
}

func sameSet[T cmp.Ordered](a, b []T) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
