package printer

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Target
		bad  bool
	}{
		{in: "file:/tmp/p.bin", want: Target{Kind: "file", Path: "/tmp/p.bin"}},
		{in: "serial:/dev/ttyUSB0", want: Target{Kind: "serial", Path: "/dev/ttyUSB0", Baud: 9600}},
		{in: "serial:/dev/ttyS1@19200", want: Target{Kind: "serial", Path: "/dev/ttyS1", Baud: 19200}},
		{in: "serial:/dev/ttyS1@fast", bad: true},
		{in: "lpt:1", bad: true},
		{in: "/dev/ttyUSB0", bad: true},
	} {
		got, err := ParseTarget(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && got != tc.want) {
			t.Errorf("ParseTarget(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

func TestSendAppendsToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer.bin")
	target := Target{Kind: "file", Path: path}
	for _, chunk := range []string{"\x1b@first", "\x1b@second"} {
		if err := Send(target, []byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	if string(got) != "\x1b@first\x1b@second" {
		t.Fatalf("file holds %q", got)
	}
}

// TestSendSerialThroughPty sends through a real pseudo-terminal, the code path of hardware.
func TestSendSerialThroughPty(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer master.Close()
	defer slave.Close()
	// Raw mode on the slave side is set by the serial library when it opens the port.
	data := bytes.Repeat([]byte("\x1b@Żubrówka\n"), 50)
	got := make(chan []byte)
	go func() {
		buf := make([]byte, 0, len(data))
		tmp := make([]byte, 256)
		master.SetReadDeadline(time.Now().Add(5 * time.Second))
		for len(buf) < len(data) {
			n, err := master.Read(tmp)
			buf = append(buf, tmp[:n]...)
			if err != nil && err != io.EOF {
				break
			}
		}
		got <- buf
	}()
	if err := Send(Target{Kind: "serial", Path: slave.Name(), Baud: 19200}, data); err != nil {
		t.Fatal(err)
	}
	if b := <-got; !bytes.Equal(b, data) {
		t.Fatalf("printer received %d bytes, want %d identical bytes", len(b), len(data))
	}
}
