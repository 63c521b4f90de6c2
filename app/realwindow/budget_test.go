package realwindow_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The budgets, measured on the real window (run with -benchtime=1x; each reports
// its figure as a metric):
//
//	go test -run '^$' -bench . -benchtime=1x ./app/realwindow/
//
// Budgets: idle CPU at the sale screen < 2 % of a core; key press to the line on screen
// < 50 ms; memory after 100 sales < 200 MB RSS; first window to a usable login < 1 s.

// BenchmarkFirstWindow: from starting the till (a new one: its first start sets the demo
// store up) to its login screen on screen, ready for a PIN.
func BenchmarkFirstWindow(b *testing.B) {
	var total time.Duration
	for range b.N {
		s := start(b, 1024, 768)
		total += s.ready.Sub(s.started)
		s.stop()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/window")
}

// BenchmarkScanToLine: from a scanner's Enter (taken as the moment xdotool, having typed the
// burst, returns) to the line added, as the till logs it once the cart is refreshed; the
// screen shows it at the next frame.
func BenchmarkScanToLine(b *testing.B) {
	s := start(b, 1024, 768)
	defer s.stop()
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	var total time.Duration
	b.ResetTimer()
	for i := range b.N {
		s.burst(zubrowka)
		enter := time.Now()
		l := s.waitLog("the line", `msg="line added"`)
		total += max(0, l.at.Sub(enter))
		if i%50 == 49 {
			s.key("F10")
			s.waitLog("the question", `msg="dialog opened"`)
			s.key("Return")
		}
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/scan")
}

// BenchmarkIdleCPU: the share of a core the till takes over 10 s at the sale screen with
// nothing changing.
func BenchmarkIdleCPU(b *testing.B) {
	s := start(b, 1024, 768)
	defer s.stop()
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	time.Sleep(3 * time.Second)
	b.ResetTimer()
	var share float64
	for range b.N {
		before := cpuTicks(b, s.till.Process.Pid)
		time.Sleep(10 * time.Second)
		share += float64(cpuTicks(b, s.till.Process.Pid)-before) / 100 / 10 * 100 // USER_HZ is 100 on Linux
	}
	b.ReportMetric(share/float64(b.N), "%cpu")
}

// BenchmarkRSSAfter100Sales: the till's resident memory after 100 sales of three lines each,
// paid in cash, each receipt shown and printed.
func BenchmarkRSSAfter100Sales(b *testing.B) {
	for range b.N {
		s := start(b, 1024, 768)
		s.typePerson("1111")
		s.key("Return")
		s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
		for i := 1; i <= 100; i++ {
			s.burst(zubrowka)
			s.burst(sakotis)
			s.burst(zubrowka)
			s.waitLog("the third line", `msg="line added".*line=3`)
			s.key("F12")
			s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
			s.key("Return")
			s.waitLog("the receipt", `msg="receipt shown".*receipt=`+strconv.Itoa(i)+` `)
			time.Sleep(450 * time.Millisecond) // the Enter that paid does not close the receipt at once
			s.key("Return")
			s.waitLog("the next customer", `msg="message shown".*Następny klient`)
			if i%10 == 0 {
				b.Logf("after %d sales: %d MB", i, rssKB(b, s.till.Process.Pid)/1024)
			}
		}
		b.ReportMetric(float64(rssKB(b, s.till.Process.Pid))/1024, "MB-rss")
		s.stop()
	}
}

func cpuTicks(tb testing.TB, pid int) int64 {
	tb.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		tb.Fatal(err)
	}
	// Fields after the command name (which may hold spaces) start at ") ".
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime
}

func rssKB(tb testing.TB, pid int) int64 {
	tb.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}
