package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAPIDocSession runs the sh blocks of docs/api.md, in order, as one bash script against
// a freshly built omnitill-central: the curl examples work as written. Only the listening
// port is changed, to a free one.
func TestAPIDocSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs curl")
	}
	for _, tool := range []string{"bash", "curl", "sed"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("set -euo pipefail\n")
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		script.WriteString(m[1])
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	text := strings.Replace(script.String(), "ADDR=127.0.0.1:8420", "ADDR="+addr, 1)
	if text == script.String() {
		t.Fatal("the doc no longer sets ADDR=127.0.0.1:8420")
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "omnitill-central"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	sh := exec.Command("bash", "-c", text)
	sh.Dir = dir
	sh.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("the doc's session failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"2 products: 2 added", "8 VAT classes: 0 added, 0 changed, 8 unchanged", `"status":"ok"`, `"store_id":"PL-WAW","token":`,
		`"last_receipt_no":0,"store":{"name":"Warszawa Centrum","address":["ul. Marszałkowska 100"],"tax_id":"5250001009","country":"PL","currency":"PLN","vat":[{"letter":"A","rate_bp":2300},{"letter":"B","rate_bp":800},{"letter":"C","rate_bp":500},{"letter":"D","rate_bp":0}]}}`, `"status":"conflict","reason":"central has event 0190aaaa-0000-7000-8000-000000000001 with another body`,
		`"status":"rejected","reason":"sale 0190aaaa-0000-7000-8000-0000000000a2 is paid 0.00 of its total 85.98"`,
		"PL-WAW/01  rejected  0190aaaa-0000-7000-8000-000000000002", "is refused again: sale 0190aaaa-0000-7000-8000-0000000000a2 is paid 0.00",
		"exception 1 resolved by ewa", "the pairing code is for till 01 of store PL-WAW, but this till is 02 of store PL-WAW", "}\n 409\n", `"status":"applied"`, `"status":"duplicate"`,
		"unknown field \\\"till\\\"\"}\n 400", `"next_cursor":1,"more":true,"total":2}`, `"plu":"101"}],"next_cursor":2,"more":false`,
		"\"error\":\"reset\"", `"on_hand_milli":8000`, "till PL-WAW/01 revoked", "\"error\":\"unauthorized\"",
		"3 promotions: 3 added", "2 customers: 0 added, 0 changed, 2 unchanged", "1 orders: 1 added",
		`"value":1500,"starts":`, `"points":120}`,
		`"status":"placed","paid":true,"currency":"PLN","total":7308,"lines":[{"line":1,"sku":"ZUB-07"`,
		`"price":4299,"discount":1290,"amount":7308,"promotion":"BW-15"}]`, "}\n 201\n200\n",
		`"error":"conflict","message":"ZUB-07 (Żubrówka Bison Grass 0.7 l): 6 can be promised at PL-WAW (8 on hand, 2 held by open orders), not 7"}`,
		"till's token cannot place orders",
		`{"store_id":"LT-VNO","on_hand_milli":4000,"reserved_milli":1000,"available_milli":3000,`,
		`{"store_id":"PL-WAW","on_hand_milli":8000,"reserved_milli":2000,"available_milli":6000,`,
		`"next_cursor":2,"more":false,"total":1}`, "order WEB-100234 is now ready", "already ready: nothing changed",
		"web shop shop.example revoked", "no till token or web shop key that central knows",
		"OMNITILL:P:http://" + addr + "#", `{"till_id":"03","store_id":"PL-WAW","token":"…","last_receipt_no":0,"store":{"name":"Warszawa Centrum"`,
		`"customer":{"id":"C-1","name":"Anna Nowak"}}`, "{\"error\":\"not_found\",\"message\":\"central has no order WEB-100234\"}\n 404\n",
		// Loyalty points: the rules imported (the same file twice), pulled, points held, refused
		// when short, released, captured by the sale, booked by the rules and shown.
		"  category Deli         × 2: KIE-SL\n  category Spirits      excluded: ZUB-07\n", "loyalty rules unchanged (2)",
		`{"rules":{"version":2,"points_per_unit_milli":1000,"point_value":1,"categories":[{"name":"Deli","multiplier_milli":2000,"skus":["KIE-SL"]},{"name":"Spirits","multiplier_milli":0,"skus":["ZUB-07"]}],"offline_customer_cap":500,"offline_till_daily":5000,"offline_max_age_s":86400,"hold_ttl_s":900,"expire_after_days":730},"next_cursor":1,"more":false}`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000b1","customer_id":"C-1","points":100,"status":"held","expires_at":`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000b2","customer_id":"C-1","points":50,"status":"short",`,
		`"status":"released","expires_at":`, `"balance":120,"available":120}`,
		`{"event_id":"0190aaaa-0000-7000-8000-000000000003","status":"applied"}`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000b3","customer_id":"C-1","points":100,"status":"captured",`, `"balance":67,"available":67}`,
		`"phone":"+48 600 000 001","points":67}],"next_cursor":3,"more":false}`,
		"balance   67 points\n\nledger: 3 entries\n", "adjust    +120      120  import customers.csv\n",
		"redeem    -100       20  event 0190aaaa-0000-7000-8000-000000000003\n", "earn       +47       67  event 0190aaaa-0000-7000-8000-000000000003\n",
		"store: 1 sale\n", "  PL-WAW  01          3  24.99 PLN\n",
		`{"event_id":"0190aaaa-0000-7000-8000-000000000004","status":"applied"}`,
		"redeemed 50 points of customer C-2 offline, who had 0: the balance is now -50",
		"0 customers' balances expired: 0 points",
		// Coupons: imported (the same file twice), pulled with central's key, held and
		// released, taken by a sale and used by it; looked up and redeemed by a web shop, then
		// refused to a till; a till's offline second use booked as coupon_reused.
		"3 coupons: 3 added, 0 changed, 0 unchanged\n3 coupons: 0 added, 0 changed, 3 unchanged\n",
		`"coupons":[{"code":"NL7K2Q9XPM","campaign":"Newsletter grudzień","kind":"percent","value":1000,"min_total":0,"starts":`,
		`{"code":"BDAY-C1","campaign":"Birthday","kind":"percent","value":2000,"min_total":0,"starts":`,
		`"customer_id":"C-1","signature":`, `"next_cursor":3,"more":false,"total":3}`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000d1","status":"held","coupon":{"code":"NL4TRW8BHD","campaign":"Newsletter grudzień","kind":"amount","value":500,"min_total":3000,"starts":`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000d1","status":"released"}`,
		`{"event_id":"0190aaaa-0000-7000-8000-000000000005","status":"applied"}`,
		`{"status":"used","coupon":{"code":"NL4TRW8BHD",`, `"used_by":"sale PL-WAW/01/5"}`,
		`"coupons":[{"code":"NL4TRW8BHD","campaign":"Newsletter grudzień","kind":"amount","value":500,"min_total":3000,"starts":`,
		`"gone":true}],"next_cursor":4,"more":false}`,
		`{"status":"free","coupon":{"code":"NL7K2Q9XPM",`,
		`{"hold_id":"0190aaaa-0000-7000-8000-0000000000d3","status":"used","used_by":"order WEB-100236 of shop.example"}`,
		`{"event_id":"0190aaaa-0000-7000-8000-000000000006","status":"applied"}`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the session's output lacks %q:\n%s", want, out)
		}
	}
	// Exceptions in order: the sale paid with held points raised none (its points are what the
	// rules say), the offline one only its overdraft.
	for _, want := range []string{
		`(?m)^2 +\S+ \S+ +PL-WAW/01 +rejected +0190aaaa-0000-7000-8000-000000000002 `,
		`(?m)^3 +\S+ \S+ +PL-WAW/01 +loyalty_overdraft +0190aaaa-0000-7000-8000-000000000004 `,
		`(?m)^4 +\S+ \S+ +PL-WAW/01 +coupon_reused +0190aaaa-0000-7000-8000-000000000006 +coupon NL7K2Q9XPM of sale 0190aaaa-0000-7000-8000-0000000000a6 .*order WEB-100236 of shop\.example`,
	} {
		if !regexp.MustCompile(want).Match(out) {
			t.Errorf("the session's output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "the till said the sale earned") {
		t.Errorf("central counted the points of a sale otherwise than the doc:\n%s", out)
	}
	// The coupon sale raised no exception (its coupon gives what it took off); the web order
	// redeemed the coupon once, answered so twice.
	if regexp.MustCompile(`(?m)^5 +\S+ \S+ +PL-WAW/01 `).Match(out) || strings.Contains(string(out), "coupon NL4TRW8BHD of sale") {
		t.Errorf("central raised an exception of the sale with coupon NL4TRW8BHD:\n%s", out)
	}
	if n := strings.Count(string(out), `{"status":"redeemed","coupon":{"code":"NL7K2Q9XPM",`); n != 2 {
		t.Errorf("the web shop's redemption answered redeemed %d times, not 2:\n%s", n, out)
	}
	checkCouponSignature(t, string(doc), string(out))
}

// checkCouponSignature checks the doc's account of the coupon signature as an auditor
// would, with the standard library only: the bytes the doc says central signs for
// NL4TRW8BHD, with the session's dates, verify against the key and signature the session's
// coupons stream sent.
func checkCouponSignature(t *testing.T, doc, out string) {
	t.Helper()
	m := regexp.MustCompile(`"key":"([^"]+)","coupons":\[\{"code":"NL7K2Q9XPM".*?\{"code":"NL4TRW8BHD",[^{}]*"starts":"([^"]+)","ends":"([^"]+)","signature":"([^"]+)"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the session's coupons stream has no key, or no signed NL4TRW8BHD:\n%s", out)
	}
	key, errKey := base64.StdEncoding.DecodeString(m[1])
	sig, errSig := base64.StdEncoding.DecodeString(m[4])
	if errKey != nil || errSig != nil || len(key) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		t.Fatalf("the key %q or signature %q is not base64 of 32 and 64 bytes", m[1], m[4])
	}
	signed := regexp.MustCompile(`(?m)^17:omnitill-coupon-1;10:NL4TRW8BHD;.*;$`).FindString(doc)
	if signed == "" {
		t.Fatal("the doc no longer shows the bytes signed for NL4TRW8BHD")
	}
	signed = strings.NewReplacer("2026-11-24T00:00:00Z", m[2], "2026-11-25T00:00:00Z", m[3]).Replace(signed)
	if !ed25519.Verify(key, []byte(signed), sig) {
		t.Errorf("the doc's signed bytes %q do not verify against the session's key and signature", signed)
	}
}
