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
		// Receipts claimed in a web shop: the receipt page's address on the loyalty stream,
		// the claim answered twice alike, another customer refused.
		"loyalty rules 3\n\"receipt_url\":\"https://shop.example/r/\"\n",
		`{"error":"conflict","message":"sale 0190aaaa-0000-7000-8000-0000000000a6 is another customer's already"}` + "\n 409\n",
		// Returns: a receipt found, 600 g reserved, 500 g more refused with where the rest
		// went, the return booked with the points reversed, shown by receipt show.
		`{"kind":"sale","id":"0190aaaa-0000-7000-8000-0000000000a3","label":"PL-WAW/01/3","channel":"store","store_id":"PL-WAW","customer_id":"C-1","currency":"PLN","at":`,
		`"lines":[{"line_no":1,"sku":"KIE-SL","name":"Kiełbasa śląska","unit":"kg","qty_milli":1000,"amount":2499,"returned_milli":0`,
		`"tenders":[{"kind":"points","amount":100,"reference":"0190aaaa-0000-7000-8000-0000000000b3"},{"kind":"card","amount":2399,"reference":"T-004211"}]}`,
		`{"return_id":"0190aaaa-0000-7000-8000-0000000000e1","status":"reserved","expires_at":`,
		`{"error":"conflict","message":"PL-WAW/01/3: 0,400 kg of Kiełbasa śląska can go back, not 0,500 kg; gone back: 0,600 kg at till PL-WAW/01 on `,
		"(being returned now)\"}\n 409\n",
		`{"event_id":"0190aaaa-0000-7000-8000-000000000007","status":"applied"}`,
		"balance   106 points\n", "earn        +67      134  event claim:0190aaaa-0000-7000-8000-0000000000a6\n",
		"reverse     -28      106  event 0190aaaa-0000-7000-8000-000000000007\n",
		"sale PL-WAW/01/3 (0190aaaa-0000-7000-8000-0000000000a3), store, bought ", "line 1 back: 0,600 kg at till PL-WAW/01 on ",
		"paid: points 1.00 0190aaaa-0000-7000-8000-0000000000b3, card 23.99 T-004211\nrefunds: 1\n",
		"  till PL-WAW/01 return 1  15.00 PLN  card 15.00 T-004211  (changed-mind)\n",
		// An online order: refused until collected, then returned to an online refund.
		`{"error":"conflict","message":"Order WEB-100234 is ready, not collected: it is cancelled, not returned."}` + "\n 409\n",
		"order WEB-100234 is now collected", `{"event_id":"0190aaaa-0000-7000-8000-000000000008","status":"applied"}`,
		"order WEB-100234 (5f1c1a52-7d1e-4c53-9a51-0d4b7a1c2e01), web, bought ", "line 1 back: 1 pcs at till PL-WAW/01 on ",
		"paid: online 73.08 WEB-100234\nrefunds: 1\n", "  till PL-WAW/01 return 2  36.54 PLN  online 36.54 WEB-100234  (faulty)\n",
		// An exchange: the return's refund and the sale's tender of the same 24,99, no
		// exception; the lowest price of 30 days; a bottle back without a receipt as credit.
		`{"event_id":"0190aaaa-0000-7000-8000-00000000000b","status":"applied"}`, `{"event_id":"0190aaaa-0000-7000-8000-00000000000c","status":"applied"}`,
		"till PL-WAW/01 return 4  42.99 PLN  exchange 24.99 0190aaaa-0000-7000-8000-0000000000a8, cash 18.00  (wrong-item)\n",
		`{"sku":"ZUB-07","price":4299,"days":30}`, `{"event_id":"0190aaaa-0000-7000-8000-00000000000d","status":"applied"}`,
		`{"code":"SC7NW3QK5RT2","issued":4299,"balance":4299,"available":4299,"currency":"PLN"}`,
		// A customer's purchases by card and by e-mail: the collected order and the receipts,
		// of the customer only the name; an e-mail nobody has is 404.
		`{"customer":{"id":"C-1","name":"Anna Nowak"},"purchases":[{"kind":"order","ref":"WEB-100234","label":"WEB-100234","channel":"web","at":`,
		`"total":7308,"currency":"PLN","lines":1},{"kind":"sale","ref":"0190aaaa-0000-7000-8000-0000000000a6","label":"PL-WAW/01/6","channel":"store","at":`,
		`{"kind":"sale","ref":"0190aaaa-0000-7000-8000-0000000000a3","label":"PL-WAW/01/3","channel":"store","at":`, `"total":2499,"currency":"PLN","lines":1}]}` + "\n" +
			`{"customer":{"id":"C-1","name":"Anna Nowak"},"purchases":[{"` + "\n",
		`{"error":"not_found","message":"no customer has card, id, e-mail or phone \"nobody@example.com\""}` + "\n 404\n",
		// Store credit: an offline return to credit issues the voucher, held in part, short
		// beyond it, spent by a sale.
		`{"results":[{"event_id":"0190aaaa-0000-7000-8000-000000000009","status":"applied"}]}` + "\n" +
			`{"code":"SC4HK7M2QX9P","issued":1083,"balance":1083,"available":1083,"currency":"PLN"}` + "\n" +
			`{"code":"SC4HK7M2QX9P","status":"held","issued":1083,"balance":1083,"available":283,"currency":"PLN"}` + "\n" +
			`{"code":"SC4HK7M2QX9P","status":"short","issued":1083,"balance":1083,"available":283,"currency":"PLN"}` + "\n" +
			`{"results":[{"event_id":"0190aaaa-0000-7000-8000-00000000000a","status":"applied"}]}` + "\n" +
			`{"code":"SC4HK7M2QX9P","issued":1083,"balance":283,"available":283,"currency":"PLN"}` + "\n",
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
	// The claim earned once, and said so twice; receipt show and order show put each line's
	// bought, returned and returnable side by side.
	if n := strings.Count(string(out), `{"sale_id":"0190aaaa-0000-7000-8000-0000000000a6","customer_id":"C-1","store_id":"PL-WAW","till_id":"01","receipt_no":6,"total":3374,"currency":"PLN","earned":67,"balance":134}`+"\n 200\n"); n != 2 {
		t.Errorf("the claim of receipt 6 answered %d times as the doc says, not 2:\n%s", n, out)
	}
	for _, want := range []string{`(?m)^  1 +KIE-SL +Kiełbasa śląska +1,000 +0,600 +0,400 +24\.99 PLN`, `(?m)^  1 +ZUB-07 +Żubrówka Bison Grass 0\.7 l +2 +1 +1 +73\.08 PLN`} {
		if !regexp.MustCompile(want).Match(out) {
			t.Errorf("the session's output lacks %s:\n%s", want, out)
		}
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
