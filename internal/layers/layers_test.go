// Package layers_test holds the project's dependency rules (docs/architecture.md) as a test:
// a change that makes the domain import a driver, or one adapter another, fails here.
package layers_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/omnitill/omnitill/"

type pkg struct {
	ImportPath string
	Imports    []string // direct, without tests
	Deps       []string // every package it needs, transitively
}

func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", module+"...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module)] = p
	}
	return pkgs
}

// in reports whether path is one of the patterns: a path, or "path/..." for it and below.
func in(path string, patterns []string) bool {
	for _, p := range patterns {
		if tree, ok := strings.CutSuffix(p, "/..."); ok {
			if path == tree || strings.HasPrefix(path, tree+"/") {
				return true
			}
		} else if path == p {
			return true
		}
	}
	return false
}

// Third parties that mark a layer: the GUI, the SQLite driver, the serial port.
const (
	gui    = "fyne.io/..."
	sqlite = "github.com/mattn/go-sqlite3"
	serial = "go.bug.st/serial/..."
)

func mod(paths ...string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = module + p
	}
	return out
}

func TestDependencyRules(t *testing.T) {
	pkgs := listPackages(t)
	rules := []struct {
		what     string
		packages []string // by path in the module; "x/..." for x and below
		deps     []string // banned among every dependency
		imports  []string // banned among direct imports
	}{
		{"the domain is pure Go: no GUI, SQL driver or serial port, and no adapter",
			[]string{"pos", "pos/barcode"},
			append([]string{gui, sqlite, serial}, mod("pos/sqlite", "drivers/...", "sync/...", "till", "app", "internal/...")...),
			[]string{"database/sql", "net/http"}},
		{"screens hold no SQL, serial or sync, and reach the till only through app.Till",
			[]string{"app"},
			append([]string{sqlite, serial}, mod("pos/sqlite", "drivers/...", "sync/...", "till")...),
			[]string{"database/sql", "net/http"}},
		{"the sync client needs only pos and the protocol",
			[]string{"sync/client"},
			append([]string{sqlite, gui}, mod("pos/sqlite", "drivers/...", "till", "app", "sync/central/...", "internal/...")...),
			[]string{"database/sql"}},
		{"the till's store knows no driver, sync or screen",
			[]string{"pos/sqlite"},
			append([]string{gui, serial}, mod("drivers/...", "sync/...", "till", "app")...), nil},
		{"drivers know no store, sync or screen",
			[]string{"drivers/..."},
			append([]string{gui, sqlite}, mod("pos/sqlite", "sync/...", "till", "app")...),
			[]string{"database/sql"}},
		{"central never uses the till's store, devices or screens, and links no GUI",
			[]string{"sync/central/...", "cmd/omnitill-central"},
			append([]string{gui, serial, "github.com/go-gl/..."}, mod("pos/sqlite", "drivers/...", "till", "app")...), nil},
		{"central's rules hold no SQL, HTTP or CSV",
			[]string{"sync/central"},
			append([]string{sqlite}, mod("sync/central/sqlite", "sync/central/api", "sync/central/imports")...),
			[]string{"database/sql", "net/http", "encoding/csv"}},
		{"central's HTTP API asks central.Service, never the database",
			[]string{"sync/central/api"},
			append([]string{sqlite}, mod("sync/central/sqlite", "sync/central/imports")...),
			[]string{"database/sql"}},
		{"central's import files are read without SQL",
			[]string{"sync/central/imports"},
			append([]string{sqlite}, mod("sync/central/sqlite", "sync/central/api")...),
			[]string{"database/sql"}},
		{"the till's command line goes through the till, never its database or sync",
			[]string{"cmd/tillcmd"}, nil,
			append([]string{"database/sql"}, mod("pos/sqlite", "sync/client")...)},
	}
	for _, r := range rules {
		matched := 0
		for name, p := range pkgs {
			if !in(name, r.packages) {
				continue
			}
			matched++
			for _, dep := range p.Deps {
				if in(dep, r.deps) {
					t.Errorf("%s: %s needs %s", r.what, name, dep)
				}
			}
			for _, imp := range p.Imports {
				if in(imp, r.imports) {
					t.Errorf("%s: %s imports %s", r.what, name, imp)
				}
			}
		}
		if matched == 0 {
			t.Errorf("no package is %v: the rule %q checks nothing (did a package move?)", r.packages, r.what)
		}
	}
}
