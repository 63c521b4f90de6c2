// Package printer sends rendered receipt bytes to where the printer is: a serial port or a
// file (a file also reaches a USB printer's device node, and lets IT and tests capture output).
package printer

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Target says where the receipt printer is, as written in the till's settings:
//
//	file:/var/lib/omnitill/printer.bin   append to a file or device node
//	serial:/dev/ttyUSB0                  serial port at 9600 baud, 8N1
//	serial:/dev/ttyUSB0@19200            serial port at 19200 baud
type Target struct {
	Kind string // "file" or "serial"
	Path string
	Baud int
}

// ParseTarget reads a target setting.
func ParseTarget(s string) (Target, error) {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Target{}, fmt.Errorf("printer target %q: write file:PATH or serial:PORT[@BAUD]", s)
	}
	switch kind {
	case "file":
		return Target{Kind: kind, Path: rest}, nil
	case "serial":
		t := Target{Kind: kind, Path: rest, Baud: 9600}
		if port, baud, ok := strings.Cut(rest, "@"); ok {
			b, err := strconv.Atoi(baud)
			if err != nil || b <= 0 {
				return Target{}, fmt.Errorf("printer target %q: %q is not a baud rate", s, baud)
			}
			t.Path, t.Baud = port, b
		}
		return t, nil
	}
	return Target{}, fmt.Errorf("printer target %q: unknown kind %q (file or serial)", s, kind)
}

func (t Target) String() string {
	if t.Kind == "serial" {
		return fmt.Sprintf("serial:%s@%d", t.Path, t.Baud)
	}
	return t.Kind + ":" + t.Path
}

// Send writes one receipt's bytes to the target and returns when they are handed over.
func Send(t Target, data []byte) error {
	switch t.Kind {
	case "file":
		f, err := os.OpenFile(t.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("printer %s: %w", t, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("printer %s: %w", t, err)
		}
		return f.Close()
	case "serial":
		// A fresh link per receipt, printing blind: a target setting does not say whether
		// the printer answers status requests. The till's device manager keeps a Serial
		// with a long-lived Link instead, and reads the status.
		link := serialport.NewLink(serialport.Settings{Path: t.Path, Baud: t.Baud, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
		defer link.Close()
		p := &Serial{Link: link, NoStatus: true}
		if _, err := p.Print(context.Background(), data); err != nil {
			return fmt.Errorf("printer %s: %w", t, err)
		}
		return nil
	}
	return fmt.Errorf("printer %s: unknown target kind", t)
}
