// Package devices is the till's device hub: the adapter between the screens and the serial
// drivers beside it (scanner, printer and its cash drawer, customer display, scale). It
// keeps one link per device, reopens a device that went away, hands serial scans over, and
// tells what state every device is in. The path of a serial scan: the port
// (serialport.Link) → scanner.Scanner frames it → Hub.Listen's onScan → the sale screen →
// pos.Register.Scan, where it becomes a line.
package devices

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/scanner"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
)

// SaveFunc keeps a device's changed set-up (the till keeps it in its settings); the hub
// applies a set-up only once it is saved.
type SaveFunc func(ctx context.Context, c pos.DeviceConfig) error

// Hub is the till's set of serial devices, built from its set-up: it keeps each device's
// link, restarts the scanner reader when its set-up changes, and tells screens what state
// every device is in.
type Hub struct {
	save SaveFunc
	log  *slog.Logger

	mu           sync.Mutex
	storeName    string        // for the customer display's idle and goodbye screens
	displayWords display.Words // in the store's language

	cfg         map[pos.DeviceKind]pos.DeviceConfig
	links       map[pos.DeviceKind]*serialport.Link
	problems    map[pos.DeviceKind]pos.Phrase // e.g. the printer's paper
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

var _ pos.Devices = (*Hub)(nil)

// New makes the hub of the devices set up in configs (one per kind; a kind missing has no
// device); nothing is opened until a device is used. save keeps a set-up changed later.
// The customer display greets in the store's name, in the store's words.
func New(configs []pos.DeviceConfig, storeName string, storeWords pos.Words, save SaveFunc, log *slog.Logger) (*Hub, error) {
	d := &Hub{storeName: storeName, displayWords: display.WordsOf(storeWords), save: save, log: log, cfg: map[pos.DeviceKind]pos.DeviceConfig{},
		links: map[pos.DeviceKind]*serialport.Link{}, problems: map[pos.DeviceKind]pos.Phrase{}}
	for _, k := range pos.DeviceKinds {
		d.cfg[k] = pos.DeviceConfig{Kind: k}
	}
	for _, c := range configs {
		if err := Check(c); err != nil {
			return nil, err
		}
		d.cfg[c.Kind] = c
	}
	return d, nil
}

// SetStore changes the store the customer display greets in and the test page names, and
// the display's words: the till was paired as another store.
func (d *Hub) SetStore(name string, words pos.Words) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.storeName, d.displayWords = name, display.WordsOf(words)
}

// store is the store's name and the display's words.
func (d *Hub) store() (string, display.Words) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.storeName, d.displayWords
}

// Check refuses a set-up the till could not use.
func Check(c pos.DeviceConfig) error {
	if !slices.Contains(pos.DeviceKinds, c.Kind) {
		return pos.Errorf(pos.EINVALID, "no device kind %q: the kinds are scanner, printer, display and scale", c.Kind)
	}
	if c.Port == "" || strings.HasPrefix(c.Port, "file:") {
		if strings.HasPrefix(c.Port, "file:") && c.Kind != pos.DevicePrinter {
			return pos.Errorf(pos.EINVALID, "only the printer can write to a file")
		}
	} else if _, err := SerialSettings(c); err != nil {
		return pos.Errorf(pos.EINVALID, "%s: %v", c.Kind, err)
	}
	switch c.Kind {
	case pos.DevicePrinter:
		if c.Profile != "" {
			if _, err := escpos.ProfileByName(c.Profile); err != nil {
				return pos.Errorf(pos.EINVALID, "%v", err)
			}
		}
		if _, _, err := DrawerKick(c.Option); err != nil {
			return err
		}
	case pos.DeviceDisplay:
		if _, err := display.ParseProfile(cmp.Or(c.Profile, "epson")); err != nil {
			return pos.Errorf(pos.EINVALID, "%v", err)
		}
	case pos.DeviceScanner:
		if _, err := scanner.ParseSuffix(c.Option); err != nil {
			return pos.Errorf(pos.EINVALID, "%v", err)
		}
	}
	return nil
}

// SerialSettings are the port settings of a device on a serial port.
func SerialSettings(c pos.DeviceConfig) (serialport.Settings, error) {
	s := c.Port
	if c.Line != "" {
		s += "@" + c.Line
	}
	return serialport.ParseSettings(s)
}

// Ports lists the machine's serial ports.
func (d *Hub) Ports() ([]string, error) {
	infos, err := serialport.List()
	out := make([]string, len(infos))
	for i, p := range infos {
		out[i] = p.String()
	}
	return out, err
}

// Profiles lists the profiles of a kind of device.
func (d *Hub) Profiles(kind pos.DeviceKind) []string {
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
func (d *Hub) Config(_ context.Context, kind pos.DeviceKind) (pos.DeviceConfig, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.cfg[kind]
	if !ok {
		return pos.DeviceConfig{}, pos.Errorf(pos.ENOTFOUND, "no device kind %q", kind)
	}
	return c, nil
}

// Configure checks, saves and applies a device's set-up: its link is reopened with it.
func (d *Hub) Configure(ctx context.Context, c pos.DeviceConfig) error {
	if c.Kind == pos.DeviceScanner && strings.EqualFold(c.Option, "any") {
		c.Option = ""
	}
	if err := Check(c); err != nil {
		return err
	}
	if err := d.save(ctx, c); err != nil {
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

// link returns the device's link, made on first use; nil when the device is not on a serial port.
func (d *Hub) link(kind pos.DeviceKind) (*serialport.Link, pos.DeviceConfig) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.cfg[kind]
	if d.closed || c.Port == "" || strings.HasPrefix(c.Port, "file:") {
		return nil, c
	}
	if l := d.links[kind]; l != nil {
		return l, c
	}
	s, err := SerialSettings(c)
	if err != nil {
		return nil, c // checked when configured
	}
	l := serialport.NewLink(s, func(connected bool, err error) {
		if !connected && err != nil {
			d.log.Warn("device disconnected", "device", kind, "port", c.Port, "err", err)
		} else if connected {
			d.log.Info("device connected", "device", kind, "port", c.Port)
		}
		d.changed()
	})
	d.links[kind] = l
	return l, c
}

func (d *Hub) changed() {
	d.mu.Lock()
	cb := d.onChange
	d.mu.Unlock()
	if cb != nil {
		cb()
	}
}

// Status tells the state of every device.
func (d *Hub) Status() []pos.DeviceStatus {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []pos.DeviceStatus
	for _, k := range pos.DeviceKinds {
		c := d.cfg[k]
		st := pos.DeviceStatus{Kind: k, Configured: c.Port != "", Connected: true, Detail: d.problems[k]}
		if strings.HasPrefix(c.Port, "file:") && st.Detail.Format == "" {
			st.Detail = pos.Phrasef("to file")
		} else if l := d.links[k]; l != nil {
			connected, _ := l.Status()
			st.Connected = connected
		}
		out = append(out, st)
	}
	return out
}

func (d *Hub) setProblem(kind pos.DeviceKind, problem pos.Phrase) {
	d.mu.Lock()
	changed := d.problems[kind].String() != problem.String()
	if problem.Format == "" {
		delete(d.problems, kind)
	} else {
		d.problems[kind] = problem
	}
	d.mu.Unlock()
	if changed {
		d.changed()
	}
}

// Close stops the scanner and closes every port.
func (d *Hub) Close() {
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
func inWords(err error, device pos.Phrase) error {
	var e pos.Explained
	if err == nil || errors.As(err, &e) {
		return err
	}
	msg := pos.Errorf(pos.EINTERNAL, "The %s failed: ask IT to check it.", device)
	if errors.Is(err, context.DeadlineExceeded) {
		msg = pos.Errorf(pos.EINTERNAL, "The %s did not answer in time: check that it is on and connected.", device)
	}
	return fmt.Errorf("%w: %w", msg, err)
}

// deviceTimeout bounds every device call made during a sale.
const deviceTimeout = 3 * time.Second
