package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos/lang"
)

// What a screen shows comes from the catalogs (assets/lang), never from a literal: a string
// with letters in the screens' code must be a key handed to T or N, or something no person
// reads as words (a log message, a key cap, a letter of the on-screen keyboard).
func TestNoWordsOutsideTheCatalogs(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		allowed := map[*ast.BasicLit]bool{}
		allow := func(e ast.Expr) { // the literals of e, "scan " in "scan "+code too
			ast.Inspect(e, func(n ast.Node) bool {
				if bl, ok := n.(*ast.BasicLit); ok {
					allowed[bl] = true
				}
				return true
			})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec:
				allow(n.Path)
			case *ast.ValueSpec: // the on-screen keys' names
				for i, id := range n.Names {
					if notShown(id.Name) && i < len(n.Values) {
						allow(n.Values[i])
					}
				}
			case *ast.CallExpr:
				fn := callName(n.Fun)
				switch {
				case fn == "T" || fn == "N" || fn == "Phrasef":
					allow(n.Args[0]) // a key of the catalogs
				case fn == "Errorf" && len(n.Args) > 1:
					allow(n.Args[1])
				case fn == "report" || fn == "explain" || fn == "fail":
					allow(n.Args[0]) // what failed, for the log
				case isLogCall(n.Fun):
					for _, a := range n.Args {
						allow(a)
					}
				case fn == "HasPrefix" || fn == "MeasureText": // compared or measured, not shown
					for _, a := range n.Args {
						allow(a)
					}
				case fn == "newTouchKey" && len(n.Args) > 2:
					allow(n.Args[2]) // the keyboard key it answers to: F2, Enter, Esc
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			bl, ok := n.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING || allowed[bl] {
				return true
			}
			s, _ := strconv.Unquote(bl.Value)
			if looksLikeWords(s) {
				t.Errorf("%s: %q is shown without a translation: give it to u.T (and its translations to assets/lang)", fset.Position(bl.Pos()), s)
			}
			return true
		})
	}
}

// notShown says a constant holds no words: an on-screen key's name (pad…), a value of the
// till's settings as `omnitill config` takes it (cfg…), an example of what a field takes
// (example…).
func notShown(name string) bool {
	return strings.HasPrefix(name, "pad") || strings.HasPrefix(name, "cfg") || strings.HasPrefix(name, "example")
}

// notWords are literals with letters that are not words a person reads in a language.
var notWords = map[string]bool{
	"Omnitill": true,                                // the product's name, the window's title
	"login":    true, "sale": true, "devices": true, // screen names, for the log
}

// keyCap is a key's name as printed on it, alone or as a hint after a label ("  [F2]").
var keyCap = regexp.MustCompile(`^(F[0-9]{1,2}|Enter|Esc|kg|\s*\[(F[0-9]{1,2}|Enter|Esc)\])$`)

func looksLikeWords(s string) bool {
	if notWords[s] || keyCap.MatchString(s) || utf8.RuneCountInString(s) <= 1 {
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0 && !isFormatOnly(s)
}

// isFormatOnly says a string's letters are all fmt verbs: "%d  %s".
func isFormatOnly(s string) bool {
	return strings.IndexFunc(regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z]`).ReplaceAllString(s, ""), unicode.IsLetter) < 0
}

func callName(e ast.Expr) string {
	switch fn := e.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

// isLogCall is a call of a logger's Debug, Info, Warn or Error (u.log, s.u.log).
func isLogCall(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Debug", "Info", "Warn", "Error", "With":
	default:
		return false
	}
	switch x := sel.X.(type) {
	case *ast.SelectorExpr: // u.log.Debug
		return x.Sel.Name == "log"
	case *ast.CallExpr: // t.Log().With
		return callName(x.Fun) == "Log"
	}
	return isIdent(sel.X, "log")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// shownTexts is every text on screen under root, one per line, as a person reads them.
func shownTexts(root fyne.CanvasObject) string {
	var b strings.Builder
	eachShown(root, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		default:
			return true
		}
		return false
	})
	return b.String()
}

// A cashier chooses Polish at the login of an English till: the sale screen, its messages
// and the cart's plural forms are Polish for the session, and the next login is in the
// till's language again.
func TestLanguageChosenAtLoginLastsTheSession(t *testing.T) {
	ui, tl, _ := openTill(t)
	c := ui.win.Canvas()
	if !strings.Contains(shownTexts(c.Content()), "enter your PIN") {
		t.Fatalf("the English login shows:\n%s", shownTexts(c.Content()))
	}
	test.Tap(findButton(t, c.Content(), "Polski"))
	if ui.w.Lang != lang.Polish {
		t.Fatalf("the screens speak %s after Polski was chosen", ui.w.Lang)
	}
	login(t, ui, "1111")
	piece, _, other := demoCodes(t)
	scanBurst(ui, piece.Barcodes[0])
	texts := shownTexts(c.Content())
	for _, want := range []string{"Szukaj", "1 produkt", "ZAPŁATA"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the Polish sale screen lacks %q:\n%s", want, texts)
		}
	}
	scanBurst(ui, other.Barcodes[0])
	if texts := shownTexts(c.Content()); !strings.Contains(texts, "2 produkty") {
		t.Errorf("two lines are not \"2 produkty\":\n%s", texts)
	}
	if !strings.Contains(ui.sale.message.Text, "szt.") {
		t.Errorf("the message after a scan is not Polish: %q", ui.sale.message.Text)
	}
	glfwKey(c, fyne.KeyF11) // logout
	if ui.w.Lang != tl.Language() || ui.w.Lang != lang.English {
		t.Fatalf("after logout the screens speak %s, the till %s", ui.w.Lang, tl.Language())
	}
	if texts := shownTexts(c.Content()); !strings.Contains(texts, "enter your PIN") || strings.Contains(texts, "PIN i naciśnij") {
		t.Errorf("the next login is not in the till's language:\n%s", texts)
	}
}

// Longer words must not widen a screen beyond the smallest window: every screen fits
// 800 px wide in every language (a card's title never wraps: the Polish scanner title
// pushed the Devices screen's fields off the right edge).
func TestEveryLanguageFitsTheSmallestWindow(t *testing.T) {
	ui, _, _ := openTill(t)
	for _, l := range lang.All {
		ui.build(l)
		for name, screen := range map[string]fyne.CanvasObject{"login": ui.login.content, "sale": ui.sale.content, "devices": ui.devices.content} {
			if w := screen.MinSize().Width; w > 800 {
				t.Errorf("%s: the %s screen needs %.0f px", l, name, w)
			}
		}
	}
}
