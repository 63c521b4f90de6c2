package barcode

import (
	"strconv"
	"strings"
)

// aiTable lists the GS1 application identifiers, as the GS1 General Specifications define
// them (section 3.2; the GS1 Barcode Syntax Dictionary gives the same table in machine
// form). A till acts on a few of them (01, 02, 10, 17, 310n, 392n: see fill); every other
// one is read, checked and kept in Code.AIs, so that a valid label is never a failed scan.
//
// One line per identifier or range of identifiers: the identifier(s) ("3110-3165/5": those
// whose last digit, the number of decimals, is at most 5), the format of the value, a name
// for messages. A format is one or more parts: N digits, X the 82 characters
// of CSET 82, Y those of CSET 39, Z those of CSET 64; "N6" exactly 6, "X..20" 1 to 20;
// "[N6]" an optional last part. After a comma, checks of the part: "csum" a GS1 check
// digit last, "yymmdd" a date, "yymmd0" a date whose day may be 00 (the whole month),
// "hhmm" a time of day.
const aiTable = `
00        N18,csum                    SSCC
01        N14,csum                    GTIN
02        N14,csum                    GTIN of the contents
10        X..20                       batch
11        N6,yymmd0                   production date
12        N6,yymmd0                   due date
13        N6,yymmd0                   packing date
15        N6,yymmd0                   best before date
16        N6,yymmd0                   sell by date
17        N6,yymmd0                   expiry date
20        N2                          variant
21        X..20                       serial number
22        X..20                       consumer product variant
235       X..28                       third party GTIN extension
240       X..30                       additional product id
241       X..30                       customer part number
242       N..6                        made-to-order variant
243       X..20                       packaging component number
250       X..30                       secondary serial number
251       X..30                       reference to source entity
253       N13,csum [X..17]            GDTI
254       X..20                       GLN extension
255       N13,csum [N..12]            GCN
30        N..8                        variable count
3100-3105 N6                          net weight
3110-3165/5 N6                        measure
3200-3375/5 N6                        measure
3400-3575/5 N6                        measure
3600-3695/5 N6                        measure
37        N..8                        count
3900-3909 N..15                       amount payable
3910-3919 N3 N..15                    amount payable with currency
3920-3929 N..15                       price
3930-3939 N3 N..15                    price with currency
3940-3943 N4                          percentage discount
3950-3955 N6                          price per unit of measure
400       X..30                       order number
401       X..30                       GINC
402       N17,csum                    GSIN
403       X..30                       routing code
410-417   N13,csum                    GLN
420       X..20                       ship to postal code
421       N3 X..9                     ship to postal code with country
422-424   N3                          country
425       N..15                       country of disassembly
426       N3                          country of full process
427       X..3                        country subdivision of origin
4300-4301 X..35                       ship to name
4302-4306 X..70                       ship to address
4307      X2                          ship to country
4308      X..30                       ship to phone
4309      N10 N10                     ship to geolocation
4310-4311 X..35                       return to name
4312-4316 X..70                       return to address
4317      X2                          return to country
4318      X..20                       return to postal code
4319      X..30                       return to phone
4320      X..35                       service description
4321-4323 N1                          delivery flag
4324-4325 N6,yymmd0 N4,hhmm           delivery date and time
4326      N6,yymmdd                   release date
4330-4333 N6 [X1]                     temperature
7001      N13                         NATO stock number
7002      X..30                       meat cut
7003      N6,yymmdd N4,hhmm           expiry date and time
7004      N..4                        active potency
7005      X..12                       catch area
7006      N6,yymmdd                   first freeze date
7007      N6,yymmdd [N6],yymmdd       harvest date
7008      X..3                        aquatic species
7009      X..10                       fishing gear type
7010      X..2                        production method
7011      N6,yymmdd [N4],hhmm         test by date
7020-7022 X..20                       refurbishment or status
7023      X..30                       GIAI of an assembly
7030-7039 N3 X..27                    processor
7040      N1 X1 X1 X1                 UIC with extension
710-715   X..20                       national healthcare reimbursement number
7230-7239 X2 X..28                    certification reference
7240      X..20                       protocol id
7241      N2                          AIDC media type
7242      X..25                       version control number
8001      N4 N5 N3 N1 N1              roll dimensions
8002      X..20                       mobile phone id
8003      N1 N13,csum [X..16]         GRAI
8004      X..30                       GIAI
8005      N6                          price per unit
8006      N14,csum N4                 ITIP
8007      X..34                       IBAN
8008      N8 [N..4]                   production date and time
8009      X..50                       optically readable sensor
8010      Y..30                       component or part id
8011      N..12                       component or part serial
8012      X..20                       software version
8013      X..25                       GMN
8017-8018 N18,csum                    GSRN
8019      N..10                       service relation instance
8020      X..25                       payment slip reference
8026      N14,csum N4                 ITIP of the contents
8030      Z..90                       digital signature
8110      X..70                       coupon code
8111      N4                          loyalty points
8112      X..70                       paperless coupon code
8200      X..70                       product URL
90        X..30                       internal
91-99     X..90                       internal
`

// part is one part of an identifier's value.
type part struct {
	set      byte // 'N', 'X', 'Y' or 'Z'
	min, max int  // length; min == max for a fixed length
	optional bool // may be absent (the last parts only)
	check    string
}

// aiSpec is what the till knows of one application identifier.
type aiSpec struct {
	name  string
	parts []part
}

// fixedLen is the value's length when every part has a fixed length, else 0.
func (s aiSpec) fixedLen() int {
	n := 0
	for _, p := range s.parts {
		if p.min != p.max || p.optional {
			return 0
		}
		n += p.max
	}
	return n
}

// isDate says the value is a date alone (YYMMDD), as Code.AIs show dates.
func (s aiSpec) isDate() bool {
	return len(s.parts) == 1 && (s.parts[0].check == "yymmdd" || s.parts[0].check == "yymmd0")
}

// ais are the identifiers of aiTable, by identifier.
var ais = parseAITable(aiTable)

func parseAITable(table string) map[string]aiSpec {
	out := map[string]aiSpec{}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		fields := strings.Fields(line)
		ids, spec := fields[0], aiSpec{}
		i := 1
		for ; i < len(fields) && isPart(fields[i]); i++ {
			spec.parts = append(spec.parts, parsePart(fields[i]))
		}
		spec.name = strings.Join(fields[i:], " ")
		ids, lastDigit, ok := strings.Cut(ids, "/")
		maxLast := 9
		if ok {
			maxLast = atoi(lastDigit)
		}
		from, to, ok := strings.Cut(ids, "-")
		if !ok {
			to = from
		}
		for n := atoi(from); n <= atoi(to); n++ {
			if n%10 <= maxLast {
				out[strconv.Itoa(n + pow10(len(from)))[1:]] = spec // keeps leading zeros: "00"
			}
		}
	}
	return out
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// isPart tells a format part ("N6", "[X..17]", "N6,yymmdd") from the name's first word.
func isPart(f string) bool {
	f = strings.TrimPrefix(f, "[")
	return len(f) >= 2 && strings.IndexByte("NXYZ", f[0]) >= 0 && (isDigit(f[1]) || f[1] == '.')
}

func parsePart(f string) part {
	var p part
	f, p.check, _ = strings.Cut(f, ",")
	if strings.HasPrefix(f, "[") {
		p.optional, f = true, strings.Trim(f, "[]")
	}
	p.set, f = f[0], f[1:]
	if rest, ok := strings.CutPrefix(f, ".."); ok {
		p.min, p.max = 1, atoi(rest)
	} else {
		p.min, p.max = atoi(f), atoi(f)
	}
	return p
}

// lookupAI finds the spec of a complete identifier such as "17" or "3103".
func lookupAI(id string) (aiSpec, bool) {
	spec, ok := ais[id]
	return spec, ok
}

// leadingAI reads the identifier at the start of an unbracketed element string. GS1's
// identifiers are prefix-free, so at most one of the first 2, 3 or 4 digits is one. For
// one the till does not know, the length follows from its first two digits, as GS1
// assigns them, for the clearer message.
func leadingAI(s string) string {
	for n := 2; n <= 4 && n <= len(s); n++ {
		if _, ok := ais[s[:n]]; ok {
			return s[:n]
		}
	}
	n := 4
	if len(s) >= 2 && allDigits(s[:2]) {
		switch p := s[:2]; {
		case p <= "22", p == "30", p == "37", p[0] == '5', p[0] == '6', p >= "90":
			n = 2
		case p <= "29", p[0] == '4' && p != "43", p == "71":
			n = 3
		}
	}
	return s[:min(n, len(s))]
}

// cset82 reports whether s uses only the characters GS1 allows in alphanumeric fields.
func cset82(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < '!' || ch > 'z' || strings.IndexByte(`#$@[\]^`+"`", ch) >= 0 {
			return false
		}
	}
	return true
}

// cset39 is CSET 39: digits, capital letters, "#", "-" and "/".
func cset39(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !isDigit(ch) && (ch < 'A' || ch > 'Z') && ch != '#' && ch != '-' && ch != '/' {
			return false
		}
	}
	return true
}

// cset64 is CSET 64, the file-safe base64 alphabet with "=" padding.
func cset64(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !isDigit(ch) && !isLetter(ch) && ch != '-' && ch != '_' && ch != '=' {
			return false
		}
	}
	return true
}

func inSet(set byte, s string) bool {
	switch set {
	case 'N':
		return allDigits(s)
	case 'Y':
		return cset39(s)
	case 'Z':
		return cset64(s)
	}
	return cset82(s)
}
