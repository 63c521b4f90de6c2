package imports

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// vatColumns of a VAT classes file, all required.
var vatColumns = []string{"country", "class", "rate"}

// ReadVATClasses reads a VAT classes file: country (PL), class (reduced) and rate, a percent
// (8, 5.5 or 0). All or nothing: a bad file is an *csvfile.ImportError naming every bad row.
func ReadVATClasses(r io.Reader) ([]central.Numbered[central.VATClass], error) {
	f, err := csvfile.Open(r, "VAT classes", vatColumns, len(vatColumns))
	if err != nil {
		return nil, err
	}
	var out []central.Numbered[central.VATClass]
	seen := map[[2]string]int{} // line by country and class
	for f.Next() {
		c := central.VATClass{Country: strings.ToUpper(f.Get("country")), Class: strings.ToLower(f.Get("class"))}
		switch {
		case !central.ValidCountry(c.Country):
			f.Refuse("country is %q: use its two-letter code, e.g. PL or LT", f.Get("country"))
			continue
		case c.Class == "":
			f.Refuse("the class of %s is empty", c.Country)
			continue
		case seen[[2]string{c.Country, c.Class}] > 0:
			f.Refuse("%s %s is already on line %d", c.Country, c.Class, seen[[2]string{c.Country, c.Class}])
			continue
		}
		seen[[2]string{c.Country, c.Class}] = f.Line()
		if c.Rate, err = parseRate(f.Get("rate")); err != nil {
			f.Refuse("%s %s: %s", c.Country, c.Class, pos.ErrorMessage(err))
			continue
		}
		out = append(out, central.Numbered[central.VATClass]{Line: f.Line(), Rec: c})
	}
	if err := f.Err(); err != nil {
		return nil, err
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
