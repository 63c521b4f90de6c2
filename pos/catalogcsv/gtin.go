package catalogcsv

// CheckDigit computes the GS1 mod-10 check digit of data, a GTIN without its last digit:
// weights 3 and 1 alternate from the right, starting with 3.
func CheckDigit(data string) byte {
	sum := 0
	for i := len(data) - 1; i >= 0; i -= 2 {
		sum += 3 * int(data[i]-'0')
	}
	for i := len(data) - 2; i >= 0; i -= 2 {
		sum += int(data[i] - '0')
	}
	return byte('0' + (10-sum%10)%10)
}

// ValidGTIN reports whether s is a GTIN-8, -12, -13 or -14 with a correct check digit.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
		return allDigits(s) && CheckDigit(s[:len(s)-1]) == s[len(s)-1]
	}
	return false
}

// gtin14 is the lookup key of a printed GTIN: 012345678905 (UPC-A) and 0012345678905
// (the same code as EAN-13) are one article.
func gtin14(s string) string {
	for len(s) < 14 {
		s = "0" + s
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
