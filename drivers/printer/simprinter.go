package printer

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/omnitill/omnitill/drivers/escpos"
)

// simPrinter is the simulated printer's state and its handling of the byte stream, apart
// from the pseudo-terminal so it can be fed in any pieces.
type simPrinter struct {
	answer io.Writer // to the till
	save   io.Writer
	log    io.Writer

	offline, coverOpen, nearEnd, paperOut, failed bool

	carry   []byte // the start of a DLE EOT split across reads
	pending []byte // saved bytes not yet described in the log
	scanned int    // pending before this holds no boundary still worth decoding at
}

// maxPending bounds what is kept for the log when a stream never decodes.
const maxPending = 1 << 20

// receive takes bytes from the till: status requests are answered, everything else saved.
//
// Like an Epson printer, it answers DLE EOT n (n 1-4) wherever it appears in the stream, even
// inside image data, where a real printer would take it as a request too. The encoder's
// raster QR has modules at least 2 dots wide on 80 mm paper, so never holds the byte 0x10.
func (s *simPrinter) receive(b []byte) error {
	in := append(s.carry, b...)
	s.carry = nil
	var data []byte
	for i := 0; i < len(in); {
		if in[i] == 0x10 {
			rest := in[i:]
			if len(rest) == 1 || len(rest) == 2 && rest[1] == 0x04 {
				s.carry = bytes.Clone(rest) // wait for the rest of a possible request
				break
			}
			if rest[1] == 0x04 && rest[2] >= 1 && rest[2] <= 4 {
				// Save what came before first: once the till has its answer, it may look.
				if err := s.store(data); err != nil {
					return err
				}
				data = data[:0]
				if _, err := s.answer.Write([]byte{s.statusByte(rest[2])}); err != nil {
					return fmt.Errorf("answer status: %w", err)
				}
				i += 3
				continue
			}
		}
		data = append(data, in[i])
		i++
	}
	return s.store(data)
}

func (s *simPrinter) store(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	if _, err := s.save.Write(data); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	if f, ok := s.save.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			return fmt.Errorf("save: %w", err)
		}
	}
	s.pending = append(s.pending, data...)
	s.describe()
	return nil
}

// statusByte is the answer to DLE EOT n: the fixed bits (1 and 4) and the state's bits.
func (s *simPrinter) statusByte(n byte) byte {
	b := byte(0x12)
	switch n {
	case 1:
		if s.offline || s.coverOpen || s.paperOut || s.failed {
			b |= 0x08
		}
	case 2:
		if s.coverOpen {
			b |= 0x04
		}
		if s.paperOut {
			b |= 0x20
		}
		if s.failed {
			b |= 0x40
		}
	case 3:
		if s.failed {
			b |= 0x40 // an automatically recoverable error
		}
	case 4:
		if s.nearEnd || s.paperOut { // an empty roll is past its near end too
			b |= 0x0c
		}
		if s.paperOut {
			b |= 0x60
		}
	}
	return b
}

const controlHelp = "paper out, paper near end, paper ok, cover open, cover closed, offline, online, error"

// control applies one line typed by a person or a test.
func (s *simPrinter) control(line string) {
	cmd := strings.Join(strings.Fields(strings.ToLower(line)), " ")
	switch cmd {
	case "":
		return
	case "paper out":
		s.paperOut = true
	case "paper near end":
		s.paperOut, s.nearEnd = false, true
	case "paper ok":
		s.paperOut, s.nearEnd = false, false
	case "cover open":
		s.coverOpen = true
	case "cover closed":
		s.coverOpen = false
	case "offline":
		s.offline = true
	case "online":
		s.offline, s.failed = false, false
	case "error":
		s.failed = true
	default:
		fmt.Fprintf(s.log, "unknown command %q; try: %s\n", line, controlHelp)
		return
	}
	fmt.Fprintf(s.log, "now: %s\n", cmd)
}

// describe logs a line for each finished piece of output: a receipt up to its cut, or a
// drawer kick that ends what has arrived. A piece that does not decode yet (partial data)
// waits for more; one that never does is dropped from the log after maxPending bytes.
func (s *simPrinter) describe() {
	for {
		end, kickOnly, resume := nextBoundary(s.pending, s.scanned)
		if end < 0 {
			s.scanned = resume
			break
		}
		if kickOnly && end < len(s.pending) {
			s.scanned = end // a kick inside a receipt: described with its cut
			continue
		}
		out, err := escpos.Decode(s.pending[:end], escpos.DefaultProfile)
		if err != nil {
			s.scanned = end
			continue
		}
		fmt.Fprintln(s.log, summary(end, out))
		s.pending, s.scanned = s.pending[end:], 0
	}
	if len(s.pending) > maxPending {
		_, err := escpos.Decode(s.pending, escpos.DefaultProfile)
		fmt.Fprintf(s.log, "received %d bytes that do not decode: %v\n", len(s.pending), err)
		s.pending, s.scanned = nil, 0
	}
}

// nextBoundary finds the end of the first complete cut (GS V) or drawer kick (ESC p) at or
// after from. Without one, end is -1 and resume is where the next search starts: at a
// command still missing bytes, or at the last byte, which may begin one.
func nextBoundary(b []byte, from int) (end int, kick bool, resume int) {
	for i := from; i+1 < len(b); i++ {
		switch {
		case b[i] == 0x1d && b[i+1] == 'V':
			n := 3
			if i+2 < len(b) && (b[i+2] == 65 || b[i+2] == 66) {
				n = 4 // feed then cut: one more byte
			}
			if i+n > len(b) {
				return -1, false, i
			}
			return i + n, false, 0
		case b[i] == 0x1b && b[i+1] == 'p':
			if i+5 > len(b) {
				return -1, false, i
			}
			return i + 5, true, 0
		}
	}
	return -1, false, max(from, len(b)-1)
}

func summary(n int, out escpos.Printout) string {
	parts := []string{fmt.Sprintf("received %d bytes", n)}
	if len(out.Lines) > 0 {
		parts = append(parts, fmt.Sprintf("%d lines", len(out.Lines)))
	}
	if len(out.QR) > 0 {
		parts = append(parts, fmt.Sprintf("%d QR", len(out.QR)))
	}
	switch out.Cuts {
	case 0:
	case 1:
		parts = append(parts, "1 cut")
	default:
		parts = append(parts, fmt.Sprintf("%d cuts", out.Cuts))
	}
	for _, k := range out.Kicks {
		parts = append(parts, fmt.Sprintf("drawer kicked (pin %d, %s)", k.Pin, k.On))
	}
	return strings.Join(parts, ", ")
}
