package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/catalogcsv"
)

const (
	// eanSpace is how many 9-digit bodies follow a 3-digit country prefix in an EAN-13.
	eanSpace = 1_000_000_000
	// eanStride spreads consecutive products over the body space, so codes look like
	// real ones rather than a counter. Coprime with eanSpace, so no two products collide.
	eanStride = 387_420_489
	firstPLU  = 10000
	lastPLU   = 99999
)

var priceEndings = []int{99, 49, 29, 79, 89, 19, 59}

// Generate emits a deterministic synthetic catalog of n products: the same n and seed give
// the same products. Names combine Polish and Lithuanian word lists; every product has a
// unique EAN-13 (prefix 590 or 477) and SKU G-0000001...; about 5 % are sold per kilogram, the
// first 90,000 of those with PLUs 10000–99999. Products are streamed, never held.
func Generate(n int, seed int64, emit func(pos.Product) error) error {
	return generate(n, seed, lastPLU, emit)
}

// generate is Generate with the last PLU to hand out, which tests lower.
func generate(n int, seed int64, lastPLU int, emit func(pos.Product) error) error {
	if n < 0 || n > eanSpace {
		return pos.Errorf(pos.EINVALID, "cannot generate %d products: up to %d", n, eanSpace)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6f6d6e6974696c6c))
	offset := rng.Uint64N(eanSpace)
	var name strings.Builder
	weighed := 0
	for i := range n {
		polish := rng.IntN(3) > 0 // two in three products are Polish
		families, brands, prefix := plFamilies, plBrands, "590"
		if !polish {
			families, brands, prefix = ltFamilies, ltBrands, "477"
		}
		kg := rng.IntN(100) < 5
		f := families[rng.IntN(len(families))]
		for kg && !f.weighed {
			f = families[rng.IntN(len(families))]
		}

		// A bigger pack costs more; a kilogram is priced like the biggest pack.
		pack := len(f.packs) - 1
		if !kg {
			pack = rng.IntN(len(f.packs))
		}
		name.Reset()
		name.WriteString(pick(rng, f.articles))
		if rng.IntN(4) > 0 {
			name.WriteString(" " + pick(rng, f.variants))
		}
		name.WriteString(" " + pick(rng, brands))
		if !kg {
			name.WriteString(" " + f.packs[pack])
		}

		t := (float64(pack) + rng.Float64()) / float64(len(f.packs))
		whole := f.lo + int(float64(f.hi-f.lo+1)*t*t) // squared: most articles are cheap
		price := pos.Money(whole*100 + pick(rng, priceEndings) - 100)
		price = max(99, min(price, 39999))

		body := (uint64(i)*eanStride + offset) % eanSpace
		data := fmt.Sprintf("%s%09d", prefix, body)
		p := pos.Product{
			SKU:      pos.SKU(fmt.Sprintf("G-%07d", i+1)),
			Name:     name.String(),
			Barcodes: []string{data + string(barcode.CheckDigit(data))},
			Price:    price,
			VAT:      pos.VATRate(f.vat),
			Unit:     pos.UnitPiece,
		}
		if kg {
			p.Unit = pos.UnitKg
			if firstPLU+weighed <= lastPLU {
				p.PLU = fmt.Sprintf("%05d", firstPLU+weighed)
			}
			weighed++
		}
		if err := emit(p); err != nil {
			return err
		}
	}
	return nil
}

// GenerateCSV writes Generate's catalog in the catalog CSV format.
func GenerateCSV(w io.Writer, n int, seed int64) error {
	cw := catalogcsv.NewWriter(w)
	if err := Generate(n, seed, cw.Write); err != nil {
		return err
	}
	return cw.Flush()
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
