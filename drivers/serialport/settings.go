// Package serialport opens serial ports the way the till's devices need them: settings
// written as IT writes them ("/dev/ttyUSB0@9600,8N1"), discovery of the ports on the machine,
// a Link that reopens a port by itself when its cable comes back, and pseudo-terminals for
// simulators and tests (the same code path as hardware).
package serialport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.bug.st/serial"
)

// Settings say which port a device is on and how to talk to it.
type Settings struct {
	Path     string
	Baud     int
	DataBits int
	Parity   byte // 'N', 'E' or 'O'
	StopBits int
}

// ParseSettings reads "PATH", "PATH@BAUD" or "PATH@BAUD,8N1"; the default is 9600 8N1.
func ParseSettings(s string) (Settings, error) {
	out := Settings{Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}
	path, rest, hasRest := strings.Cut(strings.TrimSpace(s), "@")
	if path == "" {
		return Settings{}, fmt.Errorf("serial port %q: no port name", s)
	}
	out.Path = path
	if !hasRest {
		return out, nil
	}
	baud, frame, hasFrame := strings.Cut(rest, ",")
	b, err := strconv.Atoi(baud)
	if err != nil || b < 300 || b > 921600 {
		return Settings{}, fmt.Errorf("serial port %q: %q is not a baud rate", s, baud)
	}
	out.Baud = b
	if hasFrame {
		f := strings.ToUpper(frame)
		if len(f) != 3 || (f[0] != '7' && f[0] != '8') || strings.IndexByte("NEO", f[1]) < 0 || (f[2] != '1' && f[2] != '2') {
			return Settings{}, fmt.Errorf("serial port %q: frame %q is not like 8N1", s, frame)
		}
		out.DataBits, out.Parity, out.StopBits = int(f[0]-'0'), f[1], int(f[2]-'0')
	}
	return out, nil
}

func (s Settings) String() string {
	return fmt.Sprintf("%s@%d,%d%c%d", s.Path, s.Baud, s.DataBits, s.Parity, s.StopBits)
}

// WireTime is how long n bytes take on the wire at these settings (start, data, parity, stop bits).
func (s Settings) WireTime(n int) time.Duration {
	bits := 1 + s.DataBits + s.StopBits
	if s.Parity != 'N' {
		bits++
	}
	return time.Duration(n*bits) * time.Second / time.Duration(s.Baud)
}

func (s Settings) mode() *serial.Mode {
	m := &serial.Mode{BaudRate: s.Baud, DataBits: s.DataBits, Parity: serial.NoParity, StopBits: serial.OneStopBit}
	switch s.Parity {
	case 'E':
		m.Parity = serial.EvenParity
	case 'O':
		m.Parity = serial.OddParity
	}
	if s.StopBits == 2 {
		m.StopBits = serial.TwoStopBits
	}
	return m
}

// Open opens the port. Reads return after at most readTimeout with what has arrived
// (possibly nothing), so a reader can notice it is asked to stop.
func Open(s Settings, readTimeout time.Duration) (serial.Port, error) {
	p, err := serial.Open(s.Path, s.mode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", s.Path, err)
	}
	if err := p.SetReadTimeout(readTimeout); err != nil {
		p.Close()
		return nil, fmt.Errorf("set read timeout on %s: %w", s.Path, err)
	}
	return p, nil
}
