package display

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Control bytes of both command sets.
const (
	bs  = 0x08 // cursor left
	ht  = 0x09 // cursor right
	lf  = 0x0a // cursor down
	hom = 0x0b // cursor home
	clr = 0x0c // clear screen, cursor home
	cr  = 0x0d // cursor to the left end (CD5220: ends ESC Q text)
	can = 0x18 // clear the cursor's line
	esc = 0x1b
	us  = 0x1f
)

type mode int

const (
	overwrite mode = iota // at a line's end the cursor goes to the other line
	vscroll               // at the lower line's end the screen scrolls up
	hscroll               // at a line's end the line scrolls left
)

// screen is the display's state, fed the byte stream in pieces of any size.
type screen struct {
	profile  Profile
	cells    [2][Columns]byte
	row, col int
	mode     mode
	strMode  bool   // CD5220 after ESC Q: only CLR, CAN and ESC Q act
	pend     []byte // the start of a command split across writes
	changed  bool   // cells changed since the flag was last cleared
	unknown  []string
}

func newScreen(p Profile) *screen {
	s := &screen{profile: p}
	s.clear()
	return s
}

// Decode interprets a byte stream as the display would and returns what it then shows: two
// lines of exactly 20 columns. An unknown command or one cut off at the end is an error;
// the lines are still what the display would show.
func Decode(p Profile, b []byte) ([2]string, error) {
	s := newScreen(p)
	s.feed(b)
	var err error
	switch {
	case len(s.unknown) > 0:
		err = fmt.Errorf("display: unknown commands: %s", strings.Join(s.unknown, ", "))
	case len(s.pend) > 0:
		err = errIncomplete
	}
	return s.lines(), err
}

func (s *screen) lines() [2]string {
	var out [2]string
	for i := range s.cells {
		var b strings.Builder
		for _, c := range s.cells[i] {
			b.WriteRune(charmap.CodePage437.DecodeByte(c))
		}
		out[i] = b.String()
	}
	return out
}

// maxPend bounds a command kept waiting for its end: user characters are the longest.
const maxPend = 1024

func (s *screen) feed(b []byte) {
	in := b
	if len(s.pend) > 0 {
		in = append(s.pend, b...)
		s.pend = nil
	}
	for len(in) > 0 {
		n := s.step(in)
		if n == 0 { // the command goes on in the next piece
			if len(in) > maxPend {
				s.unknown = append(s.unknown, fmt.Sprintf("% X...", in[:4]))
				in = in[1:]
				continue
			}
			s.pend = append([]byte(nil), in...)
			return
		}
		in = in[n:]
	}
}

// step acts on the command or character at the start of b and returns its length, or 0
// when b holds only its beginning.
func (s *screen) step(b []byte) int {
	c := b[0]
	switch {
	case c == esc || c == us:
		if len(b) < 2 {
			return 0
		}
		if s.profile == ProfileCD5220 {
			return s.cd5220(b)
		}
		return s.epson(b)
	case c == clr:
		s.clear()
	case c == can:
		s.cells[s.row] = blankLine
		s.col, s.changed, s.strMode = 0, true, false
	case s.strMode:
		// ignored until CLR or CAN
	case c == bs:
		s.left()
	case c == ht:
		s.right()
	case c == lf:
		s.down()
	case c == hom:
		s.row, s.col = 0, 0
	case c == cr:
		s.col = 0
	case c < 0x20 || c == 0x7f:
		s.unknown = append(s.unknown, fmt.Sprintf("%02X", c))
	default:
		s.put(c)
	}
	return 1
}

// epson acts on an ESC or US command of the Epson DM-D set.
func (s *screen) epson(b []byte) int {
	if b[0] == esc {
		switch b[1] {
		case '@':
			s.init()
			return 2
		case 't', 'R', '=', '%', '?': // code table, character set, device, user characters
			return need(b, 3)
		case '&':
			return userChars(b)
		}
		return s.bad(b[:2])
	}
	return s.usCommand(b)
}

// cd5220 acts on an ESC or US command of the CD5220 set.
func (s *screen) cd5220(b []byte) int {
	if b[0] == us {
		if s.strMode {
			return usLen(b)
		}
		return s.usCommand(b)
	}
	if b[1] == 'Q' {
		return s.stringCommand(b)
	}
	if s.strMode { // ignored, but its parameters must not be shown as text
		if n, ok := cd5220Len(b); ok {
			return n
		}
		return 2
	}
	switch b[1] {
	case '@':
		s.init()
		return 2
	case 0x11, 0x12, 0x13: // DC1 DC2 DC3: the modes
		s.mode = mode(b[1] - 0x11)
		return 2
	case 'l':
		if len(b) < 4 {
			return 0
		}
		s.moveTo(b[2], b[3])
		return 4
	case '[':
		if len(b) < 3 {
			return 0
		}
		switch b[2] {
		case 'D':
			s.left()
		case 'C':
			s.right()
		case 'A':
			s.up()
		case 'B':
			s.down()
		case 'H':
			s.row, s.col = 0, 0
		case 'L':
			s.col = 0
		case 'R':
			s.col = Columns - 1
		case 'K':
			s.row, s.col = 1, 0
		default:
			return s.bad(b[:3])
		}
		return 3
	}
	if n, ok := cd5220Len(b); ok {
		return n // a setting with no effect on the text
	}
	return s.bad(b[:2])
}

// cd5220Len is the length of a CD5220 ESC command (0: not all here yet), if it is one.
func cd5220Len(b []byte) (int, bool) {
	switch b[1] {
	case '@', 0x11, 0x12, 0x13:
		return 2, true
	case '*', '_', 'f', 'c', '=', '%', '?', '#', 's', 'd', '[': // brightness, cursor, fonts...
		return need(b, 3), true
	case 'l':
		return need(b, 4), true
	case 'W': // window
		return need(b, 6), true
	case 'b': // demo message: two lines of 20
		return need(b, 42), true
	case '&':
		return userChars(b), true
	}
	return 0, false
}

// stringCommand is CD5220 ESC Q A|B|D text CR: the text replaces the upper (A, D: a
// scrolling message, shown here from its start) or lower (B) line.
func (s *screen) stringCommand(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	row := 0
	switch b[2] {
	case 'A', 'D':
	case 'B':
		row = 1
	default:
		return s.bad(b[:3])
	}
	end := -1
	for i := 3; i < len(b); i++ {
		if b[i] == cr {
			end = i
			break
		}
	}
	if end < 0 {
		return 0
	}
	s.cells[row] = blankLine
	copy(s.cells[row][:], b[3:end])
	s.changed, s.strMode = true, true
	return end + 1
}

// usCommand acts on a US command, the same in both sets.
func (s *screen) usCommand(b []byte) int {
	switch b[1] {
	case 0x01, 0x02, 0x03: // MD1 MD2 MD3
		s.mode = mode(b[1] - 0x01)
	case lf:
		s.up()
	case cr:
		s.col = Columns - 1
	case 'B':
		s.row, s.col = 1, 0
	case '$':
		if len(b) < 4 {
			return 0
		}
		s.moveTo(b[2], b[3])
		return 4
	case '@', 'U': // self-test, show the clock
	default:
		if n := usLen(b); n != 2 {
			return n // a setting with no effect on the text
		}
		return s.bad(b[:2])
	}
	return 2
}

// usLen is the length of a US command (0: not all here yet).
func usLen(b []byte) int {
	switch b[1] {
	case 'C', 'E', 'X', 'r', '.', ',', ';': // cursor, blink, brightness, reverse, annunciators
		return need(b, 3)
	case '$', '#', 'T': // cursor position, annunciator, set the clock
		return need(b, 4)
	}
	return 2
}

// userChars is the length of ESC & s n m, then for each character n..m: a, then s×a bytes.
func userChars(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	size, i := int(b[2]), 5
	for k := int(b[3]); k <= int(b[4]); k++ {
		if i >= len(b) {
			return 0
		}
		i += 1 + size*int(b[i])
	}
	if i > len(b) {
		return 0
	}
	return i
}

func need(b []byte, n int) int {
	if len(b) < n {
		return 0
	}
	return n
}

func (s *screen) bad(cmd []byte) int {
	s.unknown = append(s.unknown, fmt.Sprintf("% X", cmd))
	return len(cmd)
}

var blankLine = [Columns]byte{' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '}
