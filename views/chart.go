package views

// Bar is one bar of a chart, in SVG user units.
type Bar struct {
	X, Y, W, H float64
	Value      int
	Text       string // the value as written instead of Value (a hidden small group)
	Label      string
	LabelX     float64
	ShowValue  bool // the number above the bar
	ShowLabel  bool // the label below it
}

// legibleBars is how many bars fit with a number above each and a label below; beyond
// it the labels are thinned out and only the tallest bar keeps its number (the table
// beside every chart has them all, and each bar's tooltip too).
const legibleBars = 16

// Chart is a bar chart laid out for an SVG of Width × Height, with room at the bottom
// for labels. Templates draw it; no script is needed.
type Chart struct {
	Width, Height float64
	Baseline      float64
	Max           int
	Bars          []Bar
	Title         string
}

// BarChart lays out values (with a label each) as bars. The tallest bar fills the
// plot area; zero values get no bar but keep their label.
func BarChart(title string, labels []string, values []int) Chart {
	const width, height, bottom, top, gap = 640.0, 240.0, 36.0, 20.0, 6.0
	c := Chart{Width: width, Height: height, Baseline: height - bottom, Title: title}
	for _, v := range values {
		if v > c.Max {
			c.Max = v
		}
	}
	n := float64(len(values))
	if n == 0 {
		return c
	}
	slot := width / n
	every := (len(values) + legibleBars - 1) / legibleBars // show one label in every so many
	plot := height - bottom - top
	for i, v := range values {
		h := 0.0
		if c.Max > 0 {
			h = plot * float64(v) / float64(c.Max)
		}
		x := float64(i)*slot + gap/2
		c.Bars = append(c.Bars, Bar{X: x, Y: c.Baseline - h, W: slot - gap, H: h, Value: v, Label: labels[i], LabelX: x + (slot-gap)/2,
			ShowValue: len(values) <= legibleBars || v == c.Max, ShowLabel: i%every == 0})
	}
	return c
}
