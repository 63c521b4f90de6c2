package barcode

import "strings"

// CheckDigit computes the GS1 mod-10 check digit of data (the code without its check
// digit): weights 3 and 1 alternate from the right, starting with 3.
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

// validCheck reports whether the last digit of an all-digit code is its check digit.
func validCheck(code string) bool {
	return len(code) >= 2 && CheckDigit(code[:len(code)-1]) == code[len(code)-1]
}

func checkError(code string, expected byte) *Error {
	return errorf("check-digit", "Wrong check digit in %s: expected %c. Scan again or type the code.", code, expected)
}

// NormalizeGTIN left-pads a GTIN-8, -12 or -13 with zeros to the 14 digits the catalog keys on.
func NormalizeGTIN(code string) string {
	if len(code) >= 14 {
		return code
	}
	return strings.Repeat("0", 14-len(code)) + code
}

// ValidGTIN reports whether s is a GTIN-8, -12, -13 or -14 with a correct check digit.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
		return allDigits(s) && validCheck(s)
	}
	return false
}

// readGTIN reads an all-digit code by its length.
func readGTIN(c *Code) *Error {
	s := c.Raw
	switch len(s) {
	case 6: // UPC-E typed without number system and check digit: number system 0
		return readUPCE(c, "0"+s)
	case 7: // UPC-E without check digit
		if s[0] != '0' && s[0] != '1' {
			return errorf("length", "A code of 7 digits must be a UPC-E code starting with 0 or 1; %s is not", s)
		}
		return readUPCE(c, s)
	case 8:
		return read8(c)
	case 12:
		return readChecked(c, UPCA)
	case 13:
		return readChecked(c, EAN13)
	case 14:
		return readChecked(c, GTIN14)
	}
	return errorf("length", "A code of %d digits is not an EAN or UPC barcode", len(s))
}

func readChecked(c *Code, k Kind) *Error {
	if !validCheck(c.Raw) {
		return checkError(c.Raw, CheckDigit(c.Raw[:len(c.Raw)-1]))
	}
	c.Kind, c.GTIN = k, NormalizeGTIN(c.Raw)
	return nil
}

// read8 tells EAN-8 from UPC-E, which share the length. The scanner's AIM identifier
// settles it: "]E0" is the EAN/UPC family that sends UPC-E, "]E4" is EAN-8. Without one, a
// code starting with 0 is a UPC-E when its check digit fits (a UPC-E whose last data digit
// is 5 to 9 often checks as an EAN-8 too): the EAN-8 reading is kept as AltGTIN, for an
// article the catalog knows by it. Any other code is an EAN-8, or else a UPC-E of number
// system 1.
func read8(c *Code) *Error {
	s := c.Raw
	upce := s[0] == '0' || s[0] == '1'
	var upceCheck byte
	if upce {
		upceCheck = ExpandUPCE(s[:7])[11]
	}
	upceOK, ean8OK := upce && upceCheck == s[7], validCheck(s)
	switch {
	case c.Symbology == "]E0" && upce:
		if !upceOK {
			return checkError(s, upceCheck)
		}
		return readUPCE(c, s)
	case c.Symbology == "]E4" || !upce:
		if !ean8OK {
			return checkError(s, CheckDigit(s[:7]))
		}
	case s[0] == '0' && upceOK:
		if err := readUPCE(c, s); err != nil {
			return err
		}
		if ean8 := NormalizeGTIN(s); ean8OK && ean8 != c.GTIN { // 00000000 reads the same both ways
			c.AltGTIN = ean8
		}
		return nil
	case s[0] == '0' && !ean8OK:
		return checkError(s, upceCheck)
	case !ean8OK && upceOK:
		return readUPCE(c, s)
	case !ean8OK:
		return checkError(s, CheckDigit(s[:7]))
	}
	c.Kind, c.GTIN = EAN8, NormalizeGTIN(s)
	return nil
}

// readUPCE reads a UPC-E code of 7 digits (number system and 6 digits; the check digit
// is computed) or 8 digits (check digit validated against the expanded UPC-A).
func readUPCE(c *Code, s string) *Error {
	upca := ExpandUPCE(s[:7])
	if len(s) == 8 && upca[11] != s[7] {
		return checkError(s, upca[11])
	}
	c.Kind, c.GTIN = UPCE, NormalizeGTIN(upca)
	return nil
}

// ExpandUPCE turns a zero-suppressed UPC-E (number system digit and 6 data digits, with
// or without the check digit) into the 12-digit UPC-A it stands for, with its check
// digit. The last data digit says where the zeros were taken out. It returns "" for
// anything else.
func ExpandUPCE(s string) string {
	if (len(s) != 7 && len(s) != 8) || !allDigits(s) || (s[0] != '0' && s[0] != '1') {
		return ""
	}
	d := s[1:7]
	var body string
	switch d[5] {
	case '0', '1', '2':
		body = d[0:2] + d[5:6] + "0000" + d[2:5]
	case '3':
		body = d[0:3] + "00000" + d[3:5]
	case '4':
		body = d[0:4] + "00000" + d[4:5]
	default:
		body = d[0:5] + "0000" + d[5:6]
	}
	data := s[:1] + body
	return data + string(CheckDigit(data))
}
