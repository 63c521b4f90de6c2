package lang

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/assets"
)

// The packages whose texts reach a person at the till. The command line, central and the
// import files speak English to IT (README, Languages).
var translatedDirs = []string{"app", "pos", "drivers", "till"}

// A text is a key of the catalogs when the code passes it as a literal to one of these:
// T and N (any Words), Errorf (pos and the packages with their own), Phrasef, and Key (a
// text kept in a table, translated where it is shown). Constants named msg… in the drivers
// are the fixed messages of their errors.
var (
	keyArg    = map[string]int{"T": 0, "N": 0, "Errorf": 1, "errorf": 1, "scanErrorf": 1, "Phrasef": 0, "Key": 0}
	pluralArg = map[string]bool{"N": true}
)

type key struct {
	plural bool
	at     string // where the code uses it first
}

// keysInCode finds every catalog key the code uses.
func keysInCode(t *testing.T) map[string]key {
	t.Helper()
	keys := map[string]key{}
	fset := token.NewFileSet()
	for _, dir := range translatedDirs {
		err := filepath.WalkDir(filepath.Join("..", "..", dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			add := func(lit ast.Expr, plural bool) {
				bl, ok := lit.(*ast.BasicLit)
				if !ok || bl.Kind != token.STRING {
					return
				}
				s, _ := strconv.Unquote(bl.Value)
				k := keys[s]
				if k.at == "" {
					k.at = fset.Position(bl.Pos()).String()
				}
				k.plural = k.plural || plural
				keys[s] = k
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					name := ""
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
							return true // fmt.Errorf is for the log
						}
						name = fn.Sel.Name
					}
					if i, ok := keyArg[name]; ok && len(n.Args) > i {
						add(n.Args[i], pluralArg[name])
					}
				case *ast.ValueSpec:
					for i, id := range n.Names {
						if strings.HasPrefix(id.Name, "msg") && i < len(n.Values) {
							add(n.Values[i], false)
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// catalog is one language's entries as written: a string, or the plural forms.
type catalog map[string]any

func readCatalogs(t *testing.T) map[Language]catalog {
	t.Helper()
	out := map[Language]catalog{}
	files, err := fs.Glob(assets.Lang, "lang/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogs: %v", err)
	}
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		l, err := Parse(parts[len(parts)-2])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		data, _ := fs.ReadFile(assets.Lang, f)
		var c catalog
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[l] == nil {
			out[l] = catalog{}
		}
		for k, v := range c {
			if _, twice := out[l][k]; twice {
				t.Errorf("%s: %q is in two %s catalogs", f, k, l)
			}
			out[l][k] = v
		}
	}
	return out
}

// The plural forms each language needs (CLDR): Polish and Lithuanian have four.
var pluralForms = map[Language][]string{
	English:    {"one", "other"},
	Polish:     {"one", "few", "many", "other"},
	Lithuanian: {"one", "few", "many", "other"},
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a format's verbs by the argument each takes: "%s of %d" is [s d].
func verbs(format string) []string {
	var out []string
	next := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		v := m[0][len(m[0])-1:]
		if v == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(strings.Trim(m[1], "[]"))
			next--
		}
		for len(out) <= next {
			out = append(out, "")
		}
		out[next] = v
		next++
	}
	return out
}

// Every text the code shows is in every language's catalog, with the plural forms the
// language needs and the same fmt verbs as the English, for the same arguments; no catalog
// keeps a text the code no longer uses.
func TestEveryTextInEveryLanguage(t *testing.T) {
	keys := keysInCode(t)
	cats := readCatalogs(t)
	for _, l := range All {
		c := cats[l]
		for k, use := range keys {
			v, ok := c[k]
			if !ok {
				t.Errorf("%s: %q (%s) has no %s translation", l, k, use.at, l.Name())
				continue
			}
			var forms map[string]string
			switch v := v.(type) {
			case string:
				if use.plural {
					t.Errorf("%s: %q (%s) needs plural forms %v", l, k, use.at, pluralForms[l])
					continue
				}
				forms = map[string]string{"other": v}
			case map[string]any:
				if !use.plural {
					t.Errorf("%s: %q (%s) is not plural but has forms", l, k, use.at)
					continue
				}
				forms = map[string]string{}
				for f, s := range v {
					forms[f], _ = s.(string)
				}
				for _, f := range pluralForms[l] {
					if forms[f] == "" {
						t.Errorf("%s: %q lacks its %q form", l, k, f)
					}
				}
			}
			for f, s := range forms {
				if s == "" {
					t.Errorf("%s: %q (%s) is empty", l, k, f)
				}
				if got, want := verbs(s), verbs(k); !slices.Equal(got, want) {
					t.Errorf("%s: %q (%s) has verbs %v, the English %v", l, s, f, got, want)
				}
				if strings.Contains(s, "{{") {
					t.Errorf("%s: %q would be read as a template", l, s)
				}
			}
		}
		var stale []string
		for k := range c {
			if _, used := keys[k]; !used {
				stale = append(stale, k)
			}
		}
		sort.Strings(stale)
		for _, k := range stale {
			t.Errorf("%s: %q is in the catalog but no code uses it", l, k)
		}
	}
	// The bundle go-i18n builds from the same files loads (reserved words, bad JSON).
	if _, err := catalogs(); err != nil {
		t.Fatal(err)
	}
}

func TestVerbs(t *testing.T) {
	for in, want := range map[string][]string{
		"%s of %d":        {"s", "d"},
		"%[2]s, %[1]d":    {"d", "s"},
		"100%% %s":        {"s"},
		"%.1f kg and %3d": {"f", "d"},
	} {
		if got := verbs(in); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %v, want %v", in, got, want)
		}
	}
}
