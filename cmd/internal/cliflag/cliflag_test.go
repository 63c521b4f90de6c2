package cliflag

import (
	"slices"
	"testing"
)

func TestTake(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		value string
		found bool
		rest  []string
	}{
		{[]string{"sync"}, "", false, []string{"sync"}},
		{[]string{"--db", "a.db", "sync"}, "a.db", true, []string{"sync"}},
		{[]string{"sync", "--db=b.db", "--now"}, "b.db", true, []string{"sync", "--now"}},
		{[]string{"-db", "c.db", "-db=d.db"}, "d.db", true, nil}, // the last one counts
	} {
		value, found, rest, err := Take(tc.args, "db", "a path")
		if err != nil || value != tc.value || found != tc.found || !slices.Equal(rest, tc.rest) {
			t.Errorf("Take(%q) = %q %v %q %v", tc.args, value, found, rest, err)
		}
	}
	if _, _, _, err := Take([]string{"sync", "--db"}, "db", "a path"); err == nil || err.Error() != "--db needs a path" {
		t.Errorf("--db without a value: %v", err)
	}
}
