package tillcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/drivers/escpos"
)

// `device test printer` prints the Devices screen's test page, and with --drawer kicks the
// drawer after it; the bytes decode back to the page.
func TestDeviceTestPrinter(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "printed.bin")
	code, stdout, errOut := run(t, filepath.Join(dir, "till.db"), "device", "test", "printer", "--port", "file:"+out, "--profile", "tm-t88", "--drawer")
	if code != 0 || !strings.Contains(stdout, "Test page printed (") || !strings.Contains(stdout, "profile tm-t88") {
		t.Fatalf("exit %d: %q %q", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := escpos.ProfileByName("tm-t88")
	got, err := escpos.Decode(data, p)
	if err != nil || got.Cuts != 1 || got.DrawerKicks != 1 || !strings.Contains(strings.Join(got.Lines, "\n"), "Omnitill") {
		t.Fatalf("decoded %+v, %v", got, err)
	}
}
