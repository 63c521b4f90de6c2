//go:build linux

package serialport

import (
	"fmt"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// PTY is a pseudo-terminal standing in for a device: the till opens Path like any serial
// port, and the simulator (or test) reads and writes the device's side through Device.
type PTY struct {
	Device *os.File // the device's end
	Path   string   // the till's end: the symlink when one was asked for, else the tty itself
	tty    *os.File
	link   string
}

// NewPTY makes a pseudo-terminal. With link set, a symlink of that name points at it, so a
// device can be "replugged" at the same configured path (a new PTY, the same link).
func NewPTY(link string) (*PTY, error) {
	device, tty, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("make pseudo-terminal: %w", err)
	}
	// Raw from the start, as a real serial line is: no echo back to the device, no CR→LF.
	if err := makeRaw(tty); err != nil {
		device.Close()
		tty.Close()
		return nil, err
	}
	p := &PTY{Device: device, Path: tty.Name(), tty: tty}
	if link != "" {
		tmp := link + ".new"
		os.Remove(tmp)
		if err := os.Symlink(tty.Name(), tmp); err != nil {
			p.Close()
			return nil, fmt.Errorf("link %s to %s: %w", link, tty.Name(), err)
		}
		if err := os.Rename(tmp, link); err != nil { // atomic: the till never sees no link
			os.Remove(tmp)
			p.Close()
			return nil, fmt.Errorf("link %s to %s: %w", link, tty.Name(), err)
		}
		p.Path, p.link = link, link
	}
	return p, nil
}

// TTYName is the pseudo-terminal's own device node.
func (p *PTY) TTYName() string { return p.tty.Name() }

// Close unplugs the device: the till's reads and writes on it fail from now on. The symlink
// stays, as a configured path does when a cable is pulled.
func (p *PTY) Close() error {
	p.tty.Close()
	return p.Device.Close()
}

// Remove closes the pseudo-terminal and removes its symlink.
func (p *PTY) Remove() error {
	err := p.Close()
	if p.link != "" {
		os.Remove(p.link)
	}
	return err
}

// makeRaw does what cfmakeraw(3) does to the terminal.
func makeRaw(tty *os.File) error {
	fd := int(tty.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return fmt.Errorf("read terminal settings of %s: %w", tty.Name(), err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return fmt.Errorf("make %s raw: %w", tty.Name(), err)
	}
	return nil
}
