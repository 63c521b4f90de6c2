package tillcmd

import (
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/sync/wire"
)

// runPair pairs the till from the command line.
func runPair(c *cli, args []string) error {
	fs := newFlagSet("pair")
	url := fs.String("central", "", "central's address, e.g. https://central.example:8420 (not needed with a pairing string)")
	code := fs.String("code", "", "the one-time pairing code from omnitill-central pair, or its pairing string OMNITILL:P:...")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || *code == "" || (*url == "" && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(*code)), wire.PairingPrefix)) {
		return usagef("usage: omnitill pair --central URL --code CODE, or omnitill pair --code 'OMNITILL:P:...' (the pairing string)")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	if err := t.Pair(c.ctx, *url, *code); err != nil {
		return err
	}
	link, err := t.DB.Link(c.ctx)
	if err != nil {
		return err
	}
	pinned := ""
	if link.Pin != "" {
		pinned = ", trusting only its certificate SHA-256 " + link.Pin
	}
	fmt.Fprintf(c.stdout, "till %s of store %s (%s) is paired with %s%s\n", t.Store.TillID, t.Store.ID, t.Store.Name, link.Central, pinned)
	return nil
}

// runSync runs one sync round from the command line, for IT.
func runSync(c *cli, args []string) error {
	if len(args) > 0 {
		return usagef("usage: omnitill sync")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	link, s, err := t.SyncOnce(c.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "synced with %s: %d events waiting, %d refused\n", link.Central, s.Pending, s.Rejections)
	return nil
}
