package pos

import (
	"context"
	"fmt"
	"strings"
)

// DeviceKind names a kind of device the till drives.
type DeviceKind string

const (
	DeviceScanner DeviceKind = "scanner"
	DevicePrinter DeviceKind = "printer"
	DeviceDisplay DeviceKind = "display"
	DeviceScale   DeviceKind = "scale"
)

// Name is the kind's name for a person: "printer", "customer display".
func (k DeviceKind) Name() Phrase {
	switch k {
	case DeviceScanner:
		return Phrasef("scanner")
	case DevicePrinter:
		return Phrasef("printer")
	case DeviceDisplay:
		return Phrasef("customer display")
	case DeviceScale:
		return Phrasef("scale")
	}
	return Phrasef("%s", string(k))
}

// DeviceKinds are the configurable devices, in the order screens list them. The cash drawer
// hangs on the printer and is set up with it.
var DeviceKinds = []DeviceKind{DeviceScanner, DevicePrinter, DeviceDisplay, DeviceScale}

// DeviceConfig is how one device is connected, as a manager or IT sets it up.
type DeviceConfig struct {
	Kind    DeviceKind
	Port    string // serial port path; empty when the till has no such device
	Line    string // baud and frame, e.g. "9600,8N1"
	Profile string // printer or display profile
	Option  string // scanner suffix (CR, LF, CRLF, any) or drawer pin (2 or 5)
}

// DeviceStatus is what the cashier sees of a device.
type DeviceStatus struct {
	Kind       DeviceKind
	Configured bool
	Connected  bool
	Detail     Phrase // the device's problem in words
}

func (s DeviceStatus) String() string {
	switch {
	case !s.Configured:
		return fmt.Sprintf("%s: none", s.Kind)
	case !s.Connected:
		return fmt.Sprintf("%s: DISCONNECTED", s.Kind)
	case s.Detail.Format != "":
		return fmt.Sprintf("%s: %s", s.Kind, s.Detail)
	}
	return fmt.Sprintf("%s: ok", s.Kind)
}

// Describe is the device's state for the status bar, in w's language.
func (s DeviceStatus) Describe(w Words) string {
	kind := w.Phrase(s.Kind.Name())
	switch {
	case !s.Configured:
		return w.T("%s: none", kind)
	case !s.Connected:
		return w.T("%s: DISCONNECTED", kind)
	case s.Detail.Format != "":
		return kind + ": " + w.Phrase(s.Detail)
	}
	return w.T("%s: ok", kind)
}

// Devices are the till's serial devices as screens use them. Every call returns within a
// bounded time: a sale never waits forever on a device.
type Devices interface {
	// Ports lists the serial ports of the machine, described for a person.
	Ports() ([]string, error)
	// Profiles lists the profiles a kind of device can have.
	Profiles(kind DeviceKind) []string
	// Config returns how a device is set up.
	Config(ctx context.Context, kind DeviceKind) (DeviceConfig, error)
	// Configure checks, saves and applies a device's set-up.
	Configure(ctx context.Context, c DeviceConfig) error
	// Test exercises a device on the spot and says what happened.
	Test(ctx context.Context, kind DeviceKind) (Phrase, error)
	// Status tells the state of every device.
	Status() []DeviceStatus
	// Listen hands over every scan of a serial scanner, every scanner problem, and a call
	// whenever a device's state changes; all from the devices' own goroutines.
	Listen(onScan func(code string), onProblem func(error), onChange func())
	// CustomerSees shows the customer what the till is doing, on the customer display if
	// there is one; it never holds the sale up.
	CustomerSees(ctx context.Context, v CustomerView)
	// OpenDrawer kicks the cash drawer through the receipt printer.
	OpenDrawer(ctx context.Context) error
	// Weigh reads a steady, non-zero weight from the scale.
	Weigh(ctx context.Context) (Qty, error)
	// HasScale reports whether a scale is set up.
	HasScale() bool
}

// CustomerView is what the customer display shows: the last line rung up and the total,
// then, once paid, the change and a goodbye.
type CustomerView struct {
	Line     *Line // the line just added; nil for the total alone
	Total    Money
	Currency Currency
	Paid     Money
	Change   Money
	Done     bool // the sale is committed: show change and goodbye
}

// Handover is what followed a committed sale at the counter: the cash drawer, opened for a
// cash payment only, and the printed receipt. The sale is saved whatever these say.
type Handover struct {
	Drawer  error  // the drawer did not open: open it with the key, or no sale (F3)
	Warning string // the receipt printed, but the printer needs attention soon
	Print   error  // the receipt did not print: print it again
}

// PaidInCash reports whether a cash tender was taken, or an exchange pays cash back: the
// drawer opens only then.
func (s Sale) PaidInCash() bool {
	for _, t := range s.Tenders {
		if t.Kind == TenderCash {
			return true
		}
	}
	if s.Exchange != nil {
		for _, t := range s.Exchange.Refund {
			if t.Kind == TenderCash {
				return true
			}
		}
	}
	return false
}

// NoSale opens the drawer outside a sale (change for the float, a correction): only a
// manager may, and it is written to the audit log first.
func (r *Register) NoSale(ctx context.Context, manager Staff, reason string, d Devices) error {
	if !manager.IsManager() {
		return Errorf(EFORBIDDEN, "only a manager can open the drawer without a sale")
	}
	if strings.TrimSpace(reason) == "" {
		return Errorf(EINVALID, "say why the drawer opens without a sale: the audit log keeps it")
	}
	c, _ := r.Cashier()
	if err := r.Staff.RecordAudit(ctx, AuditEntry{Till: r.StoreInfo().TillID, Staff: c.ID, Action: "no-sale", Detail: reason, ApprovedBy: manager.ID}); err != nil {
		return err
	}
	return d.OpenDrawer(ctx)
}
