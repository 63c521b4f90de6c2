package app

import (
	"math"

	"fyne.io/fyne/v2"
)

// The till draws at one scale everywhere: 1 at 1024x768, growing with the screen (1.4 at
// 1920x1080, in landscape or portrait) and shrinking to fit 800x600. Text, padding, targets
// and the fixed sizes of the screens all follow it.
const (
	minScale = 0.78
	maxScale = 2.2
)

// scaleFor is the scale for a window of that size.
func scaleFor(size fyne.Size) float32 {
	if size.Width <= 0 || size.Height <= 0 {
		return 1
	}
	long, short := max(size.Width, size.Height), min(size.Width, size.Height)
	f := min(long/1024, short/768)
	// In steps of 5 %: a window a few pixels short of 1024x768 is drawn at 1.
	f = float32(math.Round(float64(f)*20) / 20)
	return max(minScale, min(maxScale, f))
}

// px is a size in the till's units at 1024x768, scaled for the window.
func (u *UI) px(v float32) float32 { return float32(math.Round(float64(v * u.scale))) }

// size is a size at 1024x768, scaled for the window.
func (u *UI) size(w, h float32) fyne.Size { return fyne.NewSize(u.px(w), u.px(h)) }

// sized registers what a screen sizes by hand (a canvas.Text's size, a strut): it runs now
// and again whenever the scale changes.
func (u *UI) sized(apply func()) {
	u.sizers = append(u.sizers, apply)
	apply()
}

// resized takes the window's new size: a new scale is applied once the layout that noticed
// it has ended.
func (u *UI) resized(size fyne.Size) {
	f := scaleFor(size)
	if math.Abs(float64(f-u.scale)) < 0.02 || f == u.pendingScale {
		return
	}
	u.pendingScale = f
	u.do(func() { u.setScale(f) })
}

// setScale draws everything at scale f.
func (u *UI) setScale(f float32) {
	u.pendingScale = 0
	if f == u.scale {
		return
	}
	u.scale = f
	u.app.Settings().SetTheme(newTillTheme(f))
	for _, apply := range u.sizers {
		apply()
	}
	u.log.Debug("scale", "scale", f, "window", u.win.Canvas().Size())
	u.root.Refresh()
}

// rootLayout lays the screen shown over the whole window and tells the UI the window's size.
type rootLayout struct{ u *UI }

func (l rootLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.u.resized(size)
}

// MinSize lets the window be as small as 800x600 at the smallest scale, whatever a screen
// would like: the screens fit themselves into what they get.
func (l rootLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(640, 480) }
