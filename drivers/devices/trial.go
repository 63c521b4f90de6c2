package devices

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/scanner"
	"github.com/omnitill/omnitill/pos"
)

// Test exercises a device on the spot.
func (d *Hub) Test(ctx context.Context, kind pos.DeviceKind) (pos.Phrase, error) {
	switch kind {
	case pos.DevicePrinter:
		_, c := d.link(pos.DevicePrinter)
		profile, err := escpos.ProfileByName(cmp.Or(c.Profile, escpos.DefaultProfile.Name))
		if err != nil {
			return pos.Phrase{}, err
		}
		name, _ := d.store()
		data, err := escpos.Encode(TestPage(name, profile), profile)
		if err != nil {
			return pos.Phrase{}, err
		}
		warning, err := d.Print(ctx, data)
		if err != nil {
			return pos.Phrase{}, err
		}
		if warning != "" {
			return pos.Phrasef("Test page printed (%d bytes). %s", len(data), pos.Phrasef(warning)), nil
		}
		return pos.Phrasef("Test page printed (%d bytes).", len(data)), nil
	case pos.DeviceDisplay:
		if link, _ := d.link(pos.DeviceDisplay); link == nil {
			return pos.Phrase{}, pos.Errorf(pos.ENOTFOUND, "no customer display is set up")
		}
		_, c := d.link(pos.DeviceDisplay)
		profile, _ := display.ParseProfile(cmp.Or(c.Profile, "epson"))
		link, _ := d.link(pos.DeviceDisplay)
		ctx, cancel := context.WithTimeout(ctx, deviceTimeout)
		defer cancel()
		if err := (&display.Display{Link: link, Profile: profile}).Show(ctx, "Omnitill display test", "ĄČĘĖĮŠŲŪŽ ŁŃÓŚŹŻ €"); err != nil {
			return pos.Phrase{}, err
		}
		return pos.Phrasef("The display shows two test lines; letters it lacks are shown without accents."), nil
	case pos.DeviceScale:
		q, err := d.Weigh(ctx)
		if err != nil {
			return pos.Phrase{}, err
		}
		return pos.Phrasef("The scale reads %s.", pos.Measure{Qty: q, Unit: pos.UnitKg}), nil
	case pos.DeviceScanner:
		link, _ := d.link(pos.DeviceScanner)
		if link == nil {
			return pos.Phrase{}, pos.Errorf(pos.ENOTFOUND, "no serial scanner is set up (keyboard scanners need no set-up)")
		}
		wait := make(chan string, 1)
		d.mu.Lock()
		d.testScan = wait
		running := d.stopScan != nil
		d.mu.Unlock()
		defer func() { d.mu.Lock(); d.testScan = nil; d.mu.Unlock() }()
		if !running {
			d.startScanner()
		}
		select {
		case code := <-wait:
			return pos.Phrasef("Scanned: %s", scanner.Describe(code)), nil
		case <-time.After(10 * time.Second):
			return pos.Phrase{}, pos.Errorf(pos.ENOTFOUND, "No scan arrived in 10 seconds: check the scanner's cable, baud and suffix.")
		case <-ctx.Done():
			return pos.Phrase{}, ctx.Err()
		}
	}
	return pos.Phrase{}, pos.Errorf(pos.EINVALID, "no test for %q", kind)
}

// TestPage is the printer test page for IT: every Polish and Lithuanian letter in the
// profile's code page, the euro sign, a QR code and a cut.
func TestPage(storeName string, p escpos.Profile) []pos.Block {
	line := func(s string) pos.Block { return pos.Block{Kind: pos.BlockText, Text: s} }
	return []pos.Block{
		{Kind: pos.BlockText, Text: "OMNITILL TEST", Align: pos.AlignCenter, Bold: true, Large: true},
		{Kind: pos.BlockText, Text: storeName, Align: pos.AlignCenter},
		{Kind: pos.BlockRule},
		line(fmt.Sprintf("Profile %s: %d columns, %s", p.Name, p.Columns, p.CodePage.Name)),
		line("Polski:   ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"),
		line("Lietuvių: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"),
		line("Euro: € 1234,56   Złoty: 99,99 zł"),
		line(strings.Repeat("1234567890", p.Columns/10) + strings.Repeat("X", p.Columns%10)),
		{Kind: pos.BlockText, Text: "Bold line", Bold: true},
		{Kind: pos.BlockRule},
		{Kind: pos.BlockQR, Text: "OMNITILL:TEST:" + p.Name, Align: pos.AlignCenter},
		{Kind: pos.BlockCut},
	}
}
