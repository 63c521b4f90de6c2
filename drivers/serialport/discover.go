package serialport

import (
	"path/filepath"
	"sort"

	"go.bug.st/serial/enumerator"
)

// Info describes a port found on the machine.
type Info struct {
	Path    string
	USB     bool
	VID     string
	PID     string
	Product string
	Serial  string
}

func (i Info) String() string {
	s := i.Path
	if i.USB {
		s += "  USB " + i.VID + ":" + i.PID
		if i.Product != "" {
			s += "  " + i.Product
		}
		if i.Serial != "" {
			s += "  serial " + i.Serial
		}
	}
	return s
}

// List finds the serial ports of the machine: what the system reports (with USB VID/PID
// and product name), plus ttyUSB/ttyACM device nodes it may have missed and the stable
// /dev/serial/by-id names, so a port can be chosen by a name that survives replugging.
func List() ([]Info, error) {
	found := map[string]Info{}
	ports, err := enumerator.GetDetailedPortsList()
	for _, p := range ports {
		found[p.Name] = Info{Path: p.Name, USB: p.IsUSB, VID: p.VID, PID: p.PID, Product: p.Product, Serial: p.SerialNumber}
	}
	for _, pattern := range []string{"/dev/ttyUSB*", "/dev/ttyACM*", "/dev/serial/by-id/*"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if _, ok := found[m]; !ok {
				info := Info{Path: m}
				if target, err := filepath.EvalSymlinks(m); err == nil && target != m {
					if t, ok := found[target]; ok {
						info = t
						info.Path = m
					}
				}
				found[m] = info
			}
		}
	}
	out := make([]Info, 0, len(found))
	for _, i := range found {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Path < out[b].Path })
	return out, err
}
