package display

// The cursor movements, as the Epson DM-D manual describes them per display mode; the
// CD5220 behaves the same.

func (s *screen) init() {
	s.clear()
	s.mode = overwrite
}

func (s *screen) clear() {
	s.cells = [2][Columns]byte{blankLine, blankLine}
	s.row, s.col, s.changed, s.strMode = 0, 0, true, false
}

func (s *screen) moveTo(x, y byte) {
	if x >= 1 && x <= Columns && y >= 1 && y <= 2 {
		s.row, s.col = int(y)-1, int(x)-1
	}
}

// put writes a character at the cursor and moves the cursor on.
func (s *screen) put(c byte) {
	if s.col == Columns { // horizontal scroll mode, past the end: the line moves left
		copy(s.cells[s.row][:], s.cells[s.row][1:])
		s.col = Columns - 1
	}
	s.cells[s.row][s.col] = c
	s.changed = true
	if s.mode == hscroll && s.col == Columns-1 {
		s.col = Columns
		return
	}
	s.right()
}

func (s *screen) right() {
	if s.col < Columns-1 {
		s.col++
		return
	}
	switch s.mode {
	case overwrite:
		s.row, s.col = 1-s.row, 0
	case vscroll:
		if s.row == 1 {
			s.scrollUp()
		}
		s.row, s.col = 1, 0
	}
}

func (s *screen) left() {
	if s.col == Columns {
		s.col = Columns - 1
	}
	if s.col > 0 {
		s.col--
		return
	}
	switch s.mode {
	case overwrite:
		s.row, s.col = 1-s.row, Columns-1
	case vscroll:
		if s.row == 0 {
			s.cells[1], s.cells[0], s.changed = s.cells[0], blankLine, true
		}
		s.row, s.col = 0, Columns-1
	}
}

func (s *screen) down() {
	if s.row == 1 && s.mode == vscroll {
		s.scrollUp()
		return
	}
	s.row = 1 - s.row
}

func (s *screen) up() {
	if s.row == 0 && s.mode == vscroll {
		s.cells[1], s.cells[0], s.changed = s.cells[0], blankLine, true
		return
	}
	s.row = 1 - s.row
}

func (s *screen) scrollUp() {
	s.cells[0], s.cells[1], s.changed = s.cells[1], blankLine, true
}
