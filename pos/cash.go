package pos

// LargestNote is the largest banknote of a currency: a cash amount more than the amount due
// and one such note is surely mistyped (10 typed after 4,29 read as 104,29).
func (c Currency) LargestNote() Money {
	switch c {
	case PLN, EUR:
		return 50000 // 500 zł, 500 €
	}
	return 50000
}
