package tillcmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/drivers/scale"
	"github.com/omnitill/omnitill/drivers/scanner"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// Devices is the till's set of serial devices, built from its settings: it keeps each
// device's link, restarts the scanner reader when its set-up changes, and tells screens
// what state every device is in.
type Devices struct {
	db    *sqlite.DB
	store pos.StoreInfo

	mu          sync.Mutex
	cfg         map[pos.DeviceKind]pos.DeviceConfig
	links       map[pos.DeviceKind]*serialport.Link
	problems    map[pos.DeviceKind]string // e.g. the printer's paper
	stopScan    context.CancelFunc
	scanDone    chan struct{}
	onScan      func(string)
	onProblem   func(error)
	onChange    func()
	testScan    chan string // a scanner test waits here for the next scan
	closed      bool
	displayQ    chan displayJob
	displayDone chan struct{}
}

var _ pos.Devices = (*Devices)(nil)

func settingKey(k pos.DeviceKind, field string) string { return "device." + string(k) + "." + field }

// OpenDevices reads the device set-up; nothing is opened until a device is used.
func OpenDevices(ctx context.Context, db *sqlite.DB, store pos.StoreInfo) (*Devices, error) {
	d := &Devices{db: db, store: store, cfg: map[pos.DeviceKind]pos.DeviceConfig{},
		links: map[pos.DeviceKind]*serialport.Link{}, problems: map[pos.DeviceKind]string{}}
	all, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range pos.DeviceKinds {
		c := pos.DeviceConfig{Kind: k, Port: all[settingKey(k, "port")], Line: all[settingKey(k, "line")],
			Profile: all[settingKey(k, "profile")], Option: all[settingKey(k, "option")]}
		if c.Kind == pos.DevicePrinter && c.Port == "" {
			// A till without a printer keeps what it would have printed in a file beside its database.
			c.Port = "file:" + filepath.Join(filepath.Dir(db.Path()), defaultPrinterFile)
		}
		if err := checkDevice(c); err != nil {
			return nil, fmt.Errorf("device set-up in %s: %w", db.Path(), err)
		}
		d.cfg[k] = c
	}
	return d, nil
}

// checkDevice refuses a set-up the till could not use.
func checkDevice(c pos.DeviceConfig) error {
	if c.Port == "" || strings.HasPrefix(c.Port, "file:") {
		if strings.HasPrefix(c.Port, "file:") && c.Kind != pos.DevicePrinter {
			return pos.Errorf(pos.EINVALID, "only the printer can write to a file")
		}
	} else if _, err := serialSettings(c); err != nil {
		return pos.Errorf(pos.EINVALID, "%s: %v", c.Kind, err)
	}
	switch c.Kind {
	case pos.DevicePrinter:
		if c.Profile != "" {
			if _, err := escpos.ProfileByName(c.Profile); err != nil {
				return pos.Errorf(pos.EINVALID, "%v", err)
			}
		}
		if _, _, err := drawerKick(c.Option); err != nil {
			return err
		}
	case pos.DeviceDisplay:
		if _, err := display.ParseProfile(firstNonEmpty(c.Profile, "epson")); err != nil {
			return pos.Errorf(pos.EINVALID, "%v", err)
		}
	case pos.DeviceScanner:
		if _, err := scanner.ParseSuffix(c.Option); err != nil {
			return pos.Errorf(pos.EINVALID, "%v", err)
		}
	}
	return nil
}

func serialSettings(c pos.DeviceConfig) (serialport.Settings, error) {
	s := c.Port
	if c.Line != "" {
		s += "@" + c.Line
	}
	return serialport.ParseSettings(s)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Ports lists the machine's serial ports.
func (d *Devices) Ports() ([]string, error) {
	infos, err := serialport.List()
	out := make([]string, len(infos))
	for i, p := range infos {
		out[i] = p.String()
	}
	return out, err
}

// Profiles lists the profiles of a kind of device.
func (d *Devices) Profiles(kind pos.DeviceKind) []string {
	switch kind {
	case pos.DevicePrinter:
		var names []string
		for _, p := range escpos.Profiles() {
			names = append(names, p.Name)
		}
		return names
	case pos.DeviceDisplay:
		return []string{string(display.ProfileEpson), string(display.ProfileCD5220)}
	case pos.DeviceScanner:
		return []string{"any", "CR", "LF", "CRLF"}
	}
	return nil
}

// Config returns a device's set-up.
func (d *Devices) Config(_ context.Context, kind pos.DeviceKind) (pos.DeviceConfig, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.cfg[kind]
	if !ok {
		return pos.DeviceConfig{}, pos.Errorf(pos.ENOTFOUND, "no device kind %q", kind)
	}
	return c, nil
}

// Configure checks, saves and applies a device's set-up: its link is reopened with it.
func (d *Devices) Configure(ctx context.Context, c pos.DeviceConfig) error {
	if c.Kind == pos.DeviceScanner && strings.EqualFold(c.Option, "any") {
		c.Option = ""
	}
	if err := checkDevice(c); err != nil {
		return err
	}
	if err := d.db.SetSettings(ctx, map[string]string{settingKey(c.Kind, "port"): c.Port, settingKey(c.Kind, "line"): c.Line,
		settingKey(c.Kind, "profile"): c.Profile, settingKey(c.Kind, "option"): c.Option}); err != nil {
		return err
	}
	d.mu.Lock()
	d.cfg[c.Kind] = c
	old := d.links[c.Kind]
	delete(d.links, c.Kind)
	delete(d.problems, c.Kind)
	listening := d.onScan != nil
	d.mu.Unlock()
	if old != nil {
		old.Close() // outside the lock: closing a port with output pending can take a while
	}
	if c.Kind == pos.DeviceScanner && listening {
		d.startScanner()
	}
	d.changed()
	return nil
}

// configureField changes one field of a device's set-up, as `omnitill config set
// device.KIND.FIELD VALUE` does (fields: port, line, profile, option).
func (d *Devices) configureField(ctx context.Context, key, value string) error {
	kind, field, _ := strings.Cut(key, ".")
	c, err := d.Config(ctx, pos.DeviceKind(kind))
	if err != nil {
		return err
	}
	switch field {
	case "port":
		c.Port = value
	case "line":
		c.Line = value
	case "profile":
		c.Profile = value
	case "option":
		c.Option = value
	default:
		return pos.Errorf(pos.EINVALID, "device settings are port, line, profile and option, not %q", field)
	}
	return d.Configure(ctx, c)
}

// link returns the device's link, made on first use; nil when the device is not on a serial port.
func (d *Devices) link(kind pos.DeviceKind) (*serialport.Link, pos.DeviceConfig) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.cfg[kind]
	if d.closed || c.Port == "" || strings.HasPrefix(c.Port, "file:") {
		return nil, c
	}
	if l := d.links[kind]; l != nil {
		return l, c
	}
	s, err := serialSettings(c)
	if err != nil {
		return nil, c // checked when configured
	}
	l := serialport.NewLink(s, func(bool, error) { d.changed() })
	d.links[kind] = l
	return l, c
}

func (d *Devices) changed() {
	d.mu.Lock()
	cb := d.onChange
	d.mu.Unlock()
	if cb != nil {
		cb()
	}
}

// Status tells the state of every device.
func (d *Devices) Status() []pos.DeviceStatus {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []pos.DeviceStatus
	for _, k := range pos.DeviceKinds {
		c := d.cfg[k]
		st := pos.DeviceStatus{Kind: k, Configured: c.Port != "", Connected: true, Detail: d.problems[k]}
		if strings.HasPrefix(c.Port, "file:") {
			st.Detail = firstNonEmpty(st.Detail, "to file")
		} else if l := d.links[k]; l != nil {
			connected, _ := l.Status()
			st.Connected = connected
		}
		out = append(out, st)
	}
	return out
}

func (d *Devices) setProblem(kind pos.DeviceKind, problem string) {
	d.mu.Lock()
	changed := d.problems[kind] != problem
	if problem == "" {
		delete(d.problems, kind)
	} else {
		d.problems[kind] = problem
	}
	d.mu.Unlock()
	if changed {
		d.changed()
	}
}

// Listen starts the serial scanner (when one is set up) and hands its scans over.
func (d *Devices) Listen(onScan func(string), onProblem func(error), onChange func()) {
	d.mu.Lock()
	d.onScan, d.onProblem, d.onChange = onScan, onProblem, onChange
	d.mu.Unlock()
	d.startScanner()
}

func (d *Devices) startScanner() {
	d.mu.Lock()
	if d.stopScan != nil {
		d.stopScan()
		done := d.scanDone
		d.mu.Unlock()
		<-done
		d.mu.Lock()
	}
	d.stopScan, d.scanDone = nil, nil
	d.mu.Unlock()
	link, c := d.link(pos.DeviceScanner)
	if link == nil {
		return
	}
	suffix, _ := scanner.ParseSuffix(c.Option)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	d.mu.Lock()
	d.stopScan, d.scanDone = cancel, done
	d.mu.Unlock()
	s := &scanner.Scanner{Link: link, Framer: scanner.Framer{Suffix: suffix},
		OnScan: d.scanned,
		OnError: func(err error) {
			d.mu.Lock()
			cb := d.onProblem
			d.mu.Unlock()
			if cb != nil {
				cb(err)
			}
		}}
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
}

// scanned hands a scan to a waiting scanner test, or else to the sale.
func (d *Devices) scanned(code string) {
	d.mu.Lock()
	test, cb := d.testScan, d.onScan
	d.mu.Unlock()
	if test != nil {
		select {
		case test <- code:
			return
		default:
		}
	}
	if cb != nil {
		cb(code)
	}
}

// Close stops the scanner and closes every port.
func (d *Devices) Close() {
	d.mu.Lock()
	stop, done := d.stopScan, d.scanDone
	q, displayDone := d.displayQ, d.displayDone
	d.displayQ = nil
	if q != nil {
		close(q)
	}
	d.onScan, d.onProblem, d.onChange = nil, nil, nil
	d.closed = true // no device is opened again after this
	d.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	if q != nil {
		<-displayDone
	}
	d.mu.Lock()
	links := d.links
	d.links = map[pos.DeviceKind]*serialport.Link{}
	d.mu.Unlock()
	for _, l := range links {
		l.Close()
	}
}

// inWords gives a device failure the words a cashier reads: a driver's own message when it
// has one, else what is known of the device (a timeout means it did not answer in time).
func inWords(err error, device string) error {
	var e pos.Explained
	if err == nil || errors.As(err, &e) {
		return err
	}
	msg := "The " + device + " failed: ask IT to check it."
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "The " + device + " did not answer in time: check that it is on and connected."
	}
	return fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "%s", msg), err)
}

// deviceTimeout bounds every device call made during a sale.
const deviceTimeout = 3 * time.Second

// Print sends receipt bytes to the printer: a file, or a serial printer whose status is
// read before and after. The warning is for a printer that printed but needs attention soon.
func (d *Devices) Print(ctx context.Context, data []byte) (warning string, err error) {
	link, c := d.link(pos.DevicePrinter)
	if link == nil {
		return "", sendToFile(c.Port, data)
	}
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout+link.Settings.WireTime(len(data)))
	defer cancel()
	p := &printer.Serial{Link: link}
	warning, err = p.Print(ctx, data)
	err = inWords(err, "printer")
	problem := warning
	if err != nil {
		problem = pos.ErrorMessage(err)
	}
	d.setProblem(pos.DevicePrinter, problem)
	return warning, err
}

// sendToFile writes to a printer that is a file, saying in words what went wrong.
func sendToFile(port string, data []byte) error {
	t, err := printer.ParseTarget(port)
	if err == nil {
		err = printer.Send(t, data)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The printer file %s cannot be written: ask IT to check it.", strings.TrimPrefix(port, "file:")), err)
	}
	return nil
}

// drawerKick reads the drawer's set-up, "PIN[,PULSE_MS]" (default "2,100") or "none": the
// pin the drawer hangs on and how long its solenoid is driven. Pin 0 means no drawer.
func drawerKick(option string) (pin int, pulse time.Duration, err error) {
	if option == "none" {
		return 0, 0, nil
	}
	p, ms, _ := strings.Cut(firstNonEmpty(option, "2"), ",")
	pulse = 100 * time.Millisecond
	if ms != "" {
		n, perr := strconv.Atoi(strings.TrimSpace(ms))
		if perr != nil || n < 10 || n > 500 {
			return 0, 0, pos.Errorf(pos.EINVALID, "the drawer pulse is 10 to 500 ms, not %q", ms)
		}
		pulse = time.Duration(n) * time.Millisecond
	}
	switch strings.TrimSpace(p) {
	case "2":
		return 2, pulse, nil
	case "5":
		return 5, pulse, nil
	}
	return 0, 0, pos.Errorf(pos.EINVALID, "the drawer is on pin 2 or 5 (e.g. \"2,100\" for a 100 ms pulse) or none, not %q", option)
}

// OpenDrawer kicks the cash drawer through the printer, on its pin with its pulse.
func (d *Devices) OpenDrawer(ctx context.Context) error {
	link, c := d.link(pos.DevicePrinter)
	pin, pulse, err := drawerKick(c.Option)
	if err != nil || pin == 0 {
		return err
	}
	if link == nil {
		return sendToFile(c.Port, escpos.DrawerKick(pin, pulse, 2*pulse))
	}
	// A receipt may be printing: the drawer waits for the printer, then has its own time.
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout+link.Settings.WireTime(4096))
	defer cancel()
	return inWords((&printer.Serial{Link: link}).OpenDrawer(ctx, pin, pulse, 2*pulse), "cash drawer (through the printer)")
}

// CustomerSees shows the customer the last line and the total, or once paid the change and
// then a goodbye. A single writer goroutine talks to the display, so the sale never waits for
// it and screens arrive in order; a newer screen replaces one still waiting.
func (d *Devices) CustomerSees(ctx context.Context, v pos.CustomerView) {
	link, c := d.link(pos.DeviceDisplay)
	if link == nil {
		return
	}
	profile, _ := display.ParseProfile(firstNonEmpty(c.Profile, "epson"))
	cur := string(v.Currency)
	job := displayJob{show: &display.Display{Link: link, Profile: profile}}
	switch {
	case v.Done:
		job.screens = [][2]string{display.ChangeScreen(v.Paid, v.Change, cur), display.GoodbyeScreen(d.store.Name)}
	case v.Line != nil:
		job.screens = [][2]string{display.ItemScreen(v.Line.Name, v.Line.Qty.Format(v.Line.Unit), v.Line.Due(), v.Total, cur)}
	default:
		job.screens = [][2]string{display.IdleScreen(d.store.Name)}
	}
	d.mu.Lock()
	if d.displayQ == nil {
		d.displayQ = make(chan displayJob, 1)
		d.displayDone = make(chan struct{})
		go d.displayLoop(d.displayQ, d.displayDone)
	}
	defer d.mu.Unlock() // held while sending (never blocks) so Close cannot close q meanwhile
	for {
		select {
		case d.displayQ <- job:
			return
		default:
			select { // the display is behind: the waiting screen is stale, drop it
			case <-d.displayQ:
			default:
			}
		}
	}
}

type displayJob struct {
	show    *display.Display
	screens [][2]string
}

// displayLoop writes screens to the customer display; a job's later screens (the goodbye
// after the change) follow after a pause, unless a newer job comes first.
func (d *Devices) displayLoop(q chan displayJob, done chan struct{}) {
	defer close(done)
	var rest displayJob
	for {
		var job displayJob
		var ok bool
		if len(rest.screens) == 0 {
			if job, ok = <-q; !ok {
				return
			}
		} else {
			select {
			case job, ok = <-q:
				if !ok {
					return
				}
			case <-time.After(3 * time.Second): // the change stays long enough to read
				job = rest
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), deviceTimeout)
		err := job.show.Show(ctx, job.screens[0][0], job.screens[0][1])
		cancel()
		rest = displayJob{show: job.show, screens: job.screens[1:]}
		if err != nil {
			rest.screens = nil
			d.setProblem(pos.DeviceDisplay, pos.ErrorMessage(inWords(err, "customer display")))
		} else {
			d.setProblem(pos.DeviceDisplay, "")
		}
	}
}

// HasScale reports whether a scale is set up.
func (d *Devices) HasScale() bool {
	link, _ := d.link(pos.DeviceScale)
	return link != nil
}

// Weigh reads a steady weight from the scale.
func (d *Devices) Weigh(ctx context.Context) (pos.Qty, error) {
	link, _ := d.link(pos.DeviceScale)
	if link == nil {
		return 0, pos.Errorf(pos.ENOTFOUND, "this till has no scale: type the weight")
	}
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout)
	defer cancel()
	grams, err := (&scale.Scale{Link: link}).Weigh(ctx)
	if err != nil {
		return 0, inWords(err, "scale")
	}
	return pos.Grams(grams), nil
}

// Test exercises a device on the spot.
func (d *Devices) Test(ctx context.Context, kind pos.DeviceKind) (string, error) {
	switch kind {
	case pos.DevicePrinter:
		_, c := d.link(pos.DevicePrinter)
		profile, err := escpos.ProfileByName(firstNonEmpty(c.Profile, escpos.DefaultProfile.Name))
		if err != nil {
			return "", err
		}
		data, err := escpos.Encode(TestPage(d.store.Name, profile), profile)
		if err != nil {
			return "", err
		}
		warning, err := d.Print(ctx, data)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace("Test page printed (" + strconv.Itoa(len(data)) + " bytes). " + warning), nil
	case pos.DeviceDisplay:
		if link, _ := d.link(pos.DeviceDisplay); link == nil {
			return "", pos.Errorf(pos.ENOTFOUND, "no customer display is set up")
		}
		_, c := d.link(pos.DeviceDisplay)
		profile, _ := display.ParseProfile(firstNonEmpty(c.Profile, "epson"))
		link, _ := d.link(pos.DeviceDisplay)
		ctx, cancel := context.WithTimeout(ctx, deviceTimeout)
		defer cancel()
		if err := (&display.Display{Link: link, Profile: profile}).Show(ctx, "Omnitill display test", "ĄČĘĖĮŠŲŪŽ ŁŃÓŚŹŻ €"); err != nil {
			return "", err
		}
		return "The display shows two test lines; letters it lacks are shown without accents.", nil
	case pos.DeviceScale:
		q, err := d.Weigh(ctx)
		if err != nil {
			return "", err
		}
		return "The scale reads " + q.Format(pos.UnitKg) + " kg.", nil
	case pos.DeviceScanner:
		link, _ := d.link(pos.DeviceScanner)
		if link == nil {
			return "", pos.Errorf(pos.ENOTFOUND, "no serial scanner is set up (keyboard scanners need no set-up)")
		}
		wait := make(chan string, 1)
		d.mu.Lock()
		d.testScan = wait
		running := d.stopScan != nil
		d.mu.Unlock()
		defer func() { d.mu.Lock(); d.testScan = nil; d.mu.Unlock() }()
		if !running {
			d.startScanner()
		}
		select {
		case code := <-wait:
			return "Scanned: " + scanner.Describe(code), nil
		case <-time.After(10 * time.Second):
			return "", pos.Errorf(pos.ENOTFOUND, "No scan arrived in 10 seconds: check the scanner's cable, baud and suffix.")
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", pos.Errorf(pos.EINVALID, "no test for %q", kind)
}

// TestPage is the printer test page for IT: every Polish and Lithuanian letter in the
// profile's code page, the euro sign, a QR code and a cut.
func TestPage(storeName string, p escpos.Profile) []pos.Block {
	line := func(s string) pos.Block { return pos.Block{Kind: pos.BlockText, Text: s} }
	return []pos.Block{
		{Kind: pos.BlockText, Text: "OMNITILL TEST", Align: pos.AlignCenter, Bold: true, Large: true},
		{Kind: pos.BlockText, Text: storeName, Align: pos.AlignCenter},
		{Kind: pos.BlockRule},
		line(fmt.Sprintf("Profile %s: %d columns, %s", p.Name, p.Columns, p.CodePage.Name)),
		line("Polski:   ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"),
		line("Lietuvių: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"),
		line("Euro: € 1234,56   Złoty: 99,99 zł"),
		line(strings.Repeat("1234567890", p.Columns/10) + strings.Repeat("X", p.Columns%10)),
		{Kind: pos.BlockText, Text: "Bold line", Bold: true},
		{Kind: pos.BlockRule},
		{Kind: pos.BlockQR, Text: "OMNITILL:TEST:" + p.Name, Align: pos.AlignCenter},
		{Kind: pos.BlockCut},
	}
}
