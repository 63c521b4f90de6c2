package central

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// vatColumns of a VAT classes file, all required.
var vatColumns = []string{"country", "class", "rate"}

// ReadVATClasses reads a VAT classes file: country (PL), class (reduced) and rate, a percent
// (8, 5.5 or 0). All or nothing: a bad row is an EINVALID error naming its line.
func ReadVATClasses(r io.Reader) ([]Numbered[VATClass], error) {
	f, err := openCSV(r, "VAT classes", vatColumns, len(vatColumns))
	if err != nil {
		return nil, err
	}
	var out []Numbered[VATClass]
	seen := map[[2]string]int{} // line by country and class
	for {
		if ok, err := f.next(); err != nil {
			return nil, err
		} else if !ok {
			break
		}
		c := VATClass{Country: strings.ToUpper(f.get("country")), Class: strings.ToLower(f.get("class"))}
		switch {
		case !validCountry(c.Country):
			return nil, f.errorf("country is %q: use its two-letter code, e.g. PL or LT", f.get("country"))
		case c.Class == "":
			return nil, f.errorf("the class of %s is empty", c.Country)
		}
		rate, err := parseRate(f.get("rate"))
		if err != nil {
			return nil, f.errorf("%s %s: %s", c.Country, c.Class, pos.ErrorMessage(err))
		}
		if at := seen[[2]string{c.Country, c.Class}]; at > 0 {
			return nil, f.errorf("%s %s is already on line %d", c.Country, c.Class, at)
		}
		seen[[2]string{c.Country, c.Class}] = f.line
		c.Rate = rate
		out = append(out, Numbered[VATClass]{Line: f.line, Rec: c})
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no VAT classes: the file has only its header")
	}
	return out, nil
}

// parseRate reads a VAT rate as a percent: "23", "5.5", "5,5", "8%" or "0".
func parseRate(s string) (pos.VATRate, error) {
	if z, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", "."), 64); err == nil && z == 0 {
		return 0, nil
	}
	bp, err := pos.ParsePercent(s)
	if err != nil {
		return 0, pos.Errorf(pos.EINVALID, "rate %q is not a percent from 0 to 100 (use e.g. 23, 5.5 or 0)", s)
	}
	return pos.VATRate(bp), nil
}
