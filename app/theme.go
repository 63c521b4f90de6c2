package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// tillTheme is Fyne's theme with larger text and padding (the till is read at arm's length
// and tapped with fingers on a kiosk), every size at the till's scale.
type tillTheme struct {
	fyne.Theme
	scale float32
}

func newTillTheme(scale float32) fyne.Theme { return tillTheme{theme.DefaultTheme(), scale} }

func (t tillTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 17 * t.scale
	case theme.SizeNameHeadingText:
		return 26 * t.scale
	case theme.SizeNameSubHeadingText:
		return 20 * t.scale
	case theme.SizeNameInnerPadding:
		return 10 * t.scale
	case theme.SizeNamePadding:
		return 5 * t.scale
	}
	return t.Theme.Size(n) * t.scale
}

func (t tillTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// Colours of the message bar and the training badge.
var (
	colorOK       = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	colorError    = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colorTraining = color.NRGBA{R: 0xef, G: 0x6c, B: 0x00, A: 0xff}
	colorBar      = color.NRGBA{R: 0x26, G: 0x32, B: 0x38, A: 0xff}
	colorWhite    = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)
