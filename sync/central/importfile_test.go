package central

import (
	"io"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// TestImportFilesNameEveryBadLine checks that every file central imports keeps the one rule
// of the till's catalog file: a file with two bad lines names both, and nothing of it is read.
func TestImportFilesNameEveryBadLine(t *testing.T) {
	tests := map[string]struct {
		read func(io.Reader) (int, error)
		file string
	}{
		"Stores": {func(r io.Reader) (int, error) { s, err := ReadStores(r); return len(s), err },
			"id,name\nA,\nB,Bravo\nC,\n"},
		"Stock": {func(r io.Reader) (int, error) { m, err := ReadStock(r); return len(m), err },
			"store_id,sku,qty\nPL-WAW,,1\nPL-WAW,ZUB-07,1\nPL-WAW,ZUB-07,x\n"},
		"VAT": {func(r io.Reader) (int, error) { c, err := ReadVATClasses(r); return len(c), err },
			"country,class,rate\nPOL,standard,23\nPL,reduced,8\nPL,zero,nil\n"},
		"Promotions": {func(r io.Reader) (int, error) { p, err := ReadPromotions(r); return len(p), err },
			"id,name,kind,skus,value,starts,ends\nA,A,bogof,ZUB-07,10,2026-12-01,2026-12-02\nB,B,percent,ZUB-07,10,2026-12-01,2026-12-02\nC,C,percent,ZUB-07,10,tomorrow,2026-12-02\n"},
		"Customers": {func(r io.Reader) (int, error) { c, err := ReadCustomers(r); return len(c), err },
			"id,name\nC-1,\nC-2,Ewa\n,Nobody\n"},
		"Orders": {func(r io.Reader) (int, error) { o, err := ReadOrders(r); return len(o), err },
			"number,store_id,sku,qty\nA,PL-WAW,ZUB-07,x\nB,PL-WAW,ZUB-07,1\nC,,ZUB-07,1\n"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := tt.read(strings.NewReader(tt.file))
			if n != 0 || pos.ErrorCode(err) != pos.EINVALID {
				t.Fatalf("got %d records, %v; want none and invalid", n, err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "line 2: ") || !strings.HasPrefix(lines[1], "line 4: ") {
				t.Fatalf("got %q, want lines 2 and 4 named", err)
			}
		})
	}
}
