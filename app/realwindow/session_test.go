// Package realwindow_test drives the built till in a real window: under Xvfb with Mesa's
// software GL, keys typed by xdotool as a cashier and a keyboard-wedge scanner type them,
// through Fyne's real (GLFW) driver, which delivers keys otherwise than fyne's test driver
// (a TypedKey for every key, printable ones too, before its TypedRune). Every result is
// checked in the till's database and on its receipts decoded from their ESC/POS bytes; the
// screenshots are kept for people to look at.
//
// The README's test command runs it (make test sets OMNITILL_REAL_WINDOW=1, which makes a
// missing Xvfb, xdotool or ImageMagick a failure rather than a skip).
package realwindow_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// tillBin is the till binary the tests drive, built once by TestMain.
var tillBin string

func TestMain(m *testing.M) {
	code := func() int {
		if missing := missingTools(); missing != "" {
			if os.Getenv("OMNITILL_REAL_WINDOW") == "1" {
				fmt.Fprintln(os.Stderr, "realwindow: missing "+missing+": make test installs them")
				return 1
			}
			fmt.Fprintln(os.Stderr, "realwindow: skipped, missing "+missing+" (make test installs them)")
			return 0
		}
		dir, err := os.MkdirTemp("", "omnitill-realwindow")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		tillBin = filepath.Join(dir, "omnitill")
		// The till as make builds it: FTS5 search, no Fyne animations.
		build := exec.Command("go", "build", "-tags", "sqlite_fts5,no_animations", "-o", tillBin, "github.com/omnitill/omnitill")
		build.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "realwindow: build the till: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

func missingTools() string {
	var missing []string
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	return strings.Join(missing, ", ")
}

// session is one till in its own virtual screen.
type session struct {
	t          testing.TB
	name       string // the screen's size, e.g. 1024x768
	display    string
	dir        string
	db, log    string
	till       *exec.Cmd
	started    time.Time
	ready      time.Time // the login screen was on screen
	logFile    *os.File
	logReader  *bufio.Reader
	logPartial string
	shots      string
}

// start starts Xvfb of the given size and the till in it, and waits for its login screen.
func start(t testing.TB, width, height int) *session {
	t.Helper()
	return startWith(t, width, height, nil)
}

// startWith is start with the till's database prepared first: prepare is given its path
// before the till starts (it may set the demo store up itself, as the till would).
func startWith(t testing.TB, width, height int, prepare func(db string)) *session {
	t.Helper()
	s := &session{t: t, name: fmt.Sprintf("%dx%d", width, height), dir: t.TempDir()}
	s.db, s.log = filepath.Join(s.dir, "till.db"), filepath.Join(s.dir, "omnitill.log")
	if prepare != nil {
		prepare(s.db)
	}
	s.shots = os.Getenv("OMNITILL_SCREENSHOTS")
	if s.shots == "" {
		s.shots = filepath.Join(os.TempDir(), "omnitill-screens")
	}
	if err := os.MkdirAll(s.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	s.startX(width, height)
	run := filepath.Join(s.dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	s.till = exec.Command(tillBin, "--db", s.db, "run", "--fullscreen")
	s.till.Env = append(os.Environ(), "DISPLAY="+s.display, "LIBGL_ALWAYS_SOFTWARE=1", "XDG_RUNTIME_DIR="+run,
		"OMNITILL_LOG_LEVEL=debug")
	out, err := os.Create(filepath.Join(s.dir, "till.out"))
	if err != nil {
		t.Fatal(err)
	}
	s.till.Stdout, s.till.Stderr = out, out
	s.started = time.Now()
	if err := s.till.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.till.Process.Kill()
		s.till.Wait()
		out.Close()
		if t.Failed() {
			b, _ := os.ReadFile(s.log)
			t.Logf("the till's log:\n%s", tail(string(b), 60))
			b, _ = os.ReadFile(out.Name())
			t.Logf("the till's output:\n%s", tail(string(b), 20))
		}
	})
	s.waitLog("the login screen", `msg="screen shown".*screen=login`)
	// Keys go to the focused window: wait for the till's to be on screen and give it the focus.
	cmd := exec.Command("xdotool", "search", "--sync", "--onlyvisible", "--name", "Omnitill", "windowfocus", "--sync")
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the till's window: %v\n%s", err, out)
	}
	s.ready = time.Now()
	return s
}

// stop ends the till before the test does (a benchmark starting several).
func (s *session) stop() {
	s.till.Process.Kill()
	s.till.Wait()
}

// startX starts a virtual screen and waits for it. Xvfb picks a free display itself
// (-displayfd), taking over locks that dead servers left behind, so neither other suites on
// the machine nor a killed run can use up the numbers; it is stopped with SIGTERM, which
// removes its lock and socket.
func (s *session) startX(width, height int) {
	numbers, written, err := os.Pipe()
	if err != nil {
		s.t.Fatal(err)
	}
	defer numbers.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", width, height), "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{written}
	var out strings.Builder
	x.Stderr = &out
	if err := x.Start(); err != nil {
		s.t.Fatal(err)
	}
	written.Close()
	s.t.Cleanup(func() {
		x.Process.Signal(syscall.SIGTERM)
		stopped := make(chan struct{})
		go func() { x.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			x.Process.Kill()
			<-stopped
		}
	})
	// Xvfb writes its display number once its socket listens; it closes the pipe when it fails.
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(numbers).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			x.Wait()
			s.t.Fatalf("Xvfb did not start: %s", out.String())
		}
		s.display = ":" + n
	case <-time.After(20 * time.Second):
		x.Process.Kill()
		x.Wait()
		s.t.Fatalf("Xvfb did not start in 20 s: %s", out.String())
	}
}

// xdo runs xdotool on the session's screen.
func (s *session) xdo(args ...string) {
	s.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

// typePerson types text at a person's pace (90 ms a key).
func (s *session) typePerson(text string) { s.xdo("type", "--delay", "90", text) }

// typeSettled types text at a person's pace and waits until it is in its field: the
// software-GL screen may take a few keys in one clump, which the wedge holds as a possible
// scan until its stall (700 ms) passes, and a key alone waits out its pause.
func (s *session) typeSettled(text string) {
	s.typePerson(text)
	time.Sleep(800 * time.Millisecond)
}

// burst types a code as a keyboard-wedge scanner does (2 ms a key), its Enter straight after.
func (s *session) burst(code string) {
	s.xdo("type", "--delay", "2", code+"\r") // CR types Return: no pause before the Enter
}

// key presses keys, one after the other, at a person's pace.
func (s *session) key(names ...string) {
	for _, n := range names {
		s.xdo("key", n)
		time.Sleep(60 * time.Millisecond) // a person's pace: Fyne reads the next key on its next frame
	}
}

// logLine is one line of the till's log, with its time.
type logLine struct {
	text string
	at   time.Time
}

var logTime = regexp.MustCompile(`^time=(\S+)`)

// waitLog waits for the next log line matching pattern (a regexp) and returns it; lines
// before it are passed over. The log is how the test knows the till took a key.
func (s *session) waitLog(what, pattern string) logLine {
	s.t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if s.logFile == nil {
			if f, err := os.Open(s.log); err == nil {
				s.logFile, s.logReader = f, bufio.NewReader(f)
				s.t.Cleanup(func() { f.Close() })
			}
		}
		if s.logReader != nil {
			for {
				line, err := s.logReader.ReadString('\n')
				if err == io.EOF {
					s.logPartial += line
					break
				}
				line, s.logPartial = s.logPartial+line, ""
				if re.MatchString(line) {
					l := logLine{text: line}
					if m := logTime.FindStringSubmatch(line); m != nil {
						l.at, _ = time.Parse(time.RFC3339Nano, m[1])
					}
					return l
				}
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: the till did not log %s (%q) in 30 s", s.name, what, pattern)
		}
		if s.till.ProcessState != nil {
			s.t.Fatalf("%s: the till ended while waiting for %s", s.name, what)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// shot saves a screenshot of the whole screen.
func (s *session) shot(name string) {
	s.t.Helper()
	// The log says what the till did; the screen shows it once the next frame is drawn
	// (software GL: tens of milliseconds). A picture only: no assertion waits on it.
	time.Sleep(300 * time.Millisecond)
	path := filepath.Join(s.shots, s.name+"-"+name+".png")
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("screenshot: %v\n%s", err, out)
	}
}

// openDB opens the till's database for reading, while the till runs.
func (s *session) openDB() *sql.DB {
	s.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+s.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { db.Close() })
	return db
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
