package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Plot layout: two panels side by side, one per run.
const (
	panelW, panelH = 560, 360
	margin         = 50
)

var (
	white  = color.RGBA{255, 255, 255, 255}
	black  = color.RGBA{0, 0, 0, 255}
	grey   = color.RGBA{200, 200, 200, 255}
	red    = color.RGBA{200, 30, 30, 255}
	blue   = color.RGBA{30, 80, 200, 255}
	orange = color.RGBA{230, 140, 0, 255}
)

// series is one line of a panel.
type series struct {
	label string
	c     color.Color
	value func(sample) int
}

var lines = []series{
	{"active connections (of 16)", blue, func(s sample) int { return s.active }},
	{"requests blocked on the full pool", orange, func(s sample) int { return s.queued }},
	{"open response bodies", red, func(s sample) int { return s.bodies }}, // on top: it hides under the connections otherwise
}

// plot writes a PNG with one panel per run, on the same scales.
func plot(path string, runs ...result) error {
	img := image.NewRGBA(image.Rect(0, 0, panelW*len(runs), panelH+40))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	var maxT time.Duration
	maxY := 16
	for _, r := range runs {
		for _, s := range r.samples {
			maxT = max(maxT, s.at)
			for _, l := range lines {
				maxY = max(maxY, l.value(s))
			}
		}
	}
	for i, r := range runs {
		panel(img, image.Pt(i*panelW, 0), r, maxT, maxY)
	}
	for i, l := range lines {
		x := margin + i*300
		fill(img, image.Rect(x, panelH+15, x+20, panelH+25), l.c)
		text(img, x+26, panelH+25, l.label, black)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// panel draws one run with its axes, the 75% mark and the alert.
func panel(img *image.RGBA, at image.Point, r result, maxT time.Duration, maxY int) {
	x0, y0 := at.X+margin, at.Y+panelH-margin // the origin
	w, h := panelW-2*margin, panelH-2*margin
	px := func(t time.Duration) int { return x0 + int(float64(w)*float64(t)/float64(max(maxT, 1))) }
	py := func(v int) int { return y0 - int(float64(h)*float64(v)/float64(maxY)) }
	hline(img, x0, x0+w, py(12), grey) // the alert's mark, 75% of 16
	text(img, x0+w-90, py(12)-4, "75% of the pool", grey)
	hline(img, x0, x0+w, y0, black)
	vline(img, x0, y0-h, y0, black)
	text(img, x0, at.Y+margin-20, fmt.Sprintf("%s client: %d answered, %d cut off at the end", r.name, r.ok, r.failed), black)
	text(img, x0-30, py(maxY)+4, fmt.Sprint(maxY), black)
	text(img, x0-14, y0+4, "0", black)
	text(img, x0+w-60, y0+16, maxT.Round(time.Millisecond).String(), black)
	text(img, x0, y0+16, "0s", black)
	if r.alertAt >= 0 {
		vline(img, px(r.alertAt), y0-h, y0, red)
		text(img, px(r.alertAt)+4, y0-h+12, "pool alert", red)
	}
	for _, l := range lines {
		for i := 1; i < len(r.samples); i++ {
			a, b := r.samples[i-1], r.samples[i]
			line(img, px(a.at), py(l.value(a)), px(b.at), py(l.value(b)), l.c)
		}
	}
}

func text(img *image.RGBA, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func hline(img *image.RGBA, x0, x1, y int, c color.Color) {
	for x := x0; x <= x1; x++ {
		img.Set(x, y, c)
	}
}

func vline(img *image.RGBA, x, y0, y1 int, c color.Color) {
	for y := y0; y <= y1; y++ {
		img.Set(x, y, c)
	}
}

// line draws a step from (x0, y0) to (x1, y1): across, then up or down,
// as the figures change in steps.
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	hline(img, x0, x1, y0, c)
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	vline(img, x1, y0, y1, c)
	for dy := -1; dy <= 0; dy++ { // two pixels thick
		img.Set(x1, y1+dy, c)
	}
}
