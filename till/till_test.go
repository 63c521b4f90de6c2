package till_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/till"
)

// testLog is a till log that shows in the test's output.
func testLog(tb testing.TB) *slog.Logger { return slog.New(slog.NewTextHandler(tb.Output(), nil)) }

func openTill(t *testing.T) *till.Till {
	t.Helper()
	tl, err := till.Open(context.Background(), filepath.Join(t.TempDir(), "till.db"), testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tl.Close() })
	return tl
}

func TestNewTillIsSetUpWithTheDemoStore(t *testing.T) {
	tl := openTill(t)
	if tl.Store.Currency != pos.PLN || len(tl.Store.VAT) != 4 || tl.Store.TillID == "" {
		t.Fatalf("store %+v", tl.Store)
	}
	for _, pin := range []string{"1111", "9999"} {
		if _, err := tl.DB.StaffByPIN(context.Background(), pin); err != nil {
			t.Errorf("demo PIN %s: %v", pin, err)
		}
	}
	if got, _ := tl.DB.SearchProducts(context.Background(), "zubrowka", 10); len(got) == 0 {
		t.Fatal("the demo catalog has no Żubrówka")
	}
	if q, _ := tl.DB.OnHand(context.Background(), tl.Store.ID, "PL-000278"); q != pos.Pieces(50) {
		t.Fatalf("opening stock of Żubrówka: %d", q)
	}
	// A till set up already is never set up again.
	if err := till.SetUpDemo(context.Background(), tl.DB); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("setting a set-up till up again: %v", err)
	}
}

// TestMain lets a test run this binary as a till starting for the first time, to kill it.
func TestMain(m *testing.M) {
	if path := os.Getenv("OMNITILL_TEST_FIRST_START"); path != "" {
		tl, err := till.Open(context.Background(), path, slog.New(slog.DiscardHandler))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		tl.Close()
		os.Exit(0)
	}
	if files := os.Getenv("OMNITILL_TEST_IMPORT"); files != "" {
		os.Exit(importInALoop(strings.Split(files, string(os.PathListSeparator))))
	}
	os.Exit(m.Run())
}

// A till killed at any moment of its first start comes up with its opening stock exactly
// once (it used to seed again after a kill between the stock and the store's settings).
func TestKilledFirstStartNeverDoublesTheOpeningStock(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a till 20 times")
	}
	// How long a whole first start takes here, to kill inside it.
	path := filepath.Join(t.TempDir(), "timing.db")
	start := time.Now()
	if out, err := firstStart(path).CombinedOutput(); err != nil {
		t.Fatalf("first start: %v\n%s", err, out)
	}
	whole := time.Since(start)
	killed := 0
	for i := range 20 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("till%d.db", i))
		cmd := firstStart(path)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(whole))))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			if err := cmd.Wait(); err != nil && strings.Contains(err.Error(), "killed") {
				killed++
			}
		}
		// The next start finds the till set up whole, or not at all and sets it up.
		tl, err := till.Open(context.Background(), path, testLog(t))
		if err != nil {
			t.Fatalf("start after a kill: %v\n%s", err, out.String())
		}
		q, err := tl.DB.OnHand(context.Background(), tl.Store.ID, "PL-000278")
		tl.Close()
		if err != nil || q != pos.Pieces(50) {
			t.Fatalf("after kill %d: opening stock %d, %v", i, q, err)
		}
	}
	t.Logf("%d of 20 first starts killed before they ended (a whole one takes %s)", killed, whole.Round(time.Millisecond))
	if killed == 0 {
		t.Fatal("no first start was killed while it ran: the test checked nothing")
	}
}

func firstStart(path string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OMNITILL_TEST_FIRST_START="+path)
	return cmd
}

// A manager sends a refused sale again once central can take it; a cashier cannot.
func TestManagerSendsARefusedSaleAgain(t *testing.T) {
	tl := openTill(t)
	ctx := context.Background()
	cashier, err := tl.DB.StaffByPIN(ctx, "1111")
	if err != nil {
		t.Fatal(err)
	}
	manager, err := tl.DB.StaffByPIN(ctx, "9999")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	s := &pos.Sale{ID: "s-1", Store: tl.Store.ID, Till: tl.Store.TillID, Currency: pos.PLN, Cashier: cashier, StartedAt: at, CompletedAt: at,
		Lines:   []pos.Line{{No: 1, SKU: "PL-000278", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(1), VAT: 2300}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 4299}}}
	if err := tl.DB.CommitSale(ctx, s); err != nil {
		t.Fatal(err)
	}
	evs, _ := tl.DB.PendingEvents(ctx, 10)
	if err := tl.DB.MarkEventsSent(ctx, []pos.Delivery{{Event: evs[0].ID, Rejected: true, Reason: "central knows no PL-000278"}}); err != nil {
		t.Fatal(err)
	}
	if err := tl.ResendException(ctx, evs[0].ID, cashier); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("a cashier sends it again: %v", err)
	}
	if err := tl.ResendException(ctx, evs[0].ID, manager); err != nil {
		t.Fatal(err)
	}
	if again, _ := tl.DB.PendingEvents(ctx, 10); len(again) != 1 || again[0].ID != evs[0].ID {
		t.Fatalf("the queue after sending again: %+v", again)
	}
	if list, _ := tl.Exceptions(ctx); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
	if err := tl.ResendException(ctx, evs[0].ID, manager); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("sent again twice: %v", err)
	}
}

// The Lithuanian demo store is a Vilnius shop: euros, PVM, Lithuanian words on screen and
// on paper. A training sale rung on it prints a Lithuanian receipt in euros.
func TestLithuanianDemoStore(t *testing.T) {
	ctx := context.Background()
	tl, err := till.OpenDemo(ctx, filepath.Join(t.TempDir(), "till.db"), testLog(t), till.DemoLT)
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	if tl.Store.Currency != pos.EUR || tl.Store.Country != "LT" || !slices.Equal(tl.Store.VAT, pos.LithuanianVAT) || tl.Language() != lang.Lithuanian {
		t.Fatalf("store %+v, language %s", tl.Store, tl.Language())
	}
	c, err := tl.Devices().Config(ctx, pos.DevicePrinter)
	if err != nil || !strings.HasPrefix(c.Port, "file:") {
		t.Fatalf("printer %+v, %v", c, err)
	}
	s, _, printErr, err := tl.TrainSale(ctx, "1111", []string{"4776968863303", "4776968280834"}, false, func(pos.Line) {})
	if err != nil || printErr != nil {
		t.Fatal(err, printErr)
	}
	if s.Currency != pos.EUR || s.Total() != 208 {
		t.Fatalf("sale in %s of %d", s.Currency, s.Total())
	}
	data, err := os.ReadFile(strings.TrimPrefix(c.Port, "file:"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := tl.Profile()
	out, err := escpos.Decode(data, p)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(out.Lines, "\n")
	for _, want := range []string{"*** MOKYMAI ***", "NEFISKALINIS", "Kefyras 2,5% 1 l", "IŠ VISO", "2,08 €", "Apmokestinta PVM A 21%", "Grynieji", "Ačiū"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Lithuanian receipt lacks %q:\n%s", want, text)
		}
	}
}
