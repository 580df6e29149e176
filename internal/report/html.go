package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"
)

//go:embed report.html.tmpl
var htmlTemplate string

// page is parsed once: a broken template is a bug that every test of WriteHTML shows at once.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"duration": formatDuration,
	"when":     formatTime,
}).Parse(htmlTemplate))

// WriteHTML writes the matrix as one self-contained page: inline CSS and SVG, no script, no
// external asset, so that it opens from a CI artifact or an e-mail as it is.
func WriteHTML(w io.Writer, m Matrix) error {
	data := struct {
		Matrix
		Chart     []Slice
		Failing   []Row
		Untested  []Row
		Generated time.Time
	}{Matrix: m, Chart: m.Chart(), Failing: m.rowsWith(VerdictFail), Untested: m.rowsWith(VerdictCouldNotTest), Generated: time.Now()}
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("writing the HTML report: %w", err)
	}
	return nil
}

// Slice is one verdict's arc of the summary donut.
type Slice struct {
	Verdict Verdict
	Label   string
	Count   int
	Dash    string // SVG stroke-dasharray: the arc, then the rest of the circle
	Offset  string // SVG stroke-dashoffset: where the arc starts
}

// donutRadius is the radius of the chart's circle in the template's viewBox.
const donutRadius = 52

// Chart is the donut's arcs, one per verdict that occurs, clockwise from the top.
func (m Matrix) Chart() []Slice {
	circumference := 2 * math.Pi * donutRadius
	var slices []Slice
	start := 0.0
	for _, s := range []struct {
		v     Verdict
		label string
		n     int
	}{
		{VerdictPass, "passed", m.Counts.Pass},
		{VerdictFail, "failed", m.Counts.Fail},
		{VerdictCouldNotTest, "could not test", m.Counts.CouldNotTest},
		{VerdictSkipped, "skipped", m.Counts.Skipped},
		{VerdictNotRun, "not run", m.Counts.NotRun},
	} {
		if s.n == 0 || m.Counts.Total == 0 {
			continue
		}
		arc := circumference * float64(s.n) / float64(m.Counts.Total)
		slices = append(slices, Slice{Verdict: s.v, Label: s.label, Count: s.n,
			Dash:   fmt.Sprintf("%.2f %.2f", arc, circumference-arc),
			Offset: fmt.Sprintf("%.2f", -start)})
		start += arc
	}
	return slices
}

// Verdict is the suite's overall outcome for the header: failed as soon as anything failed.
func (r Run) Verdict() Verdict {
	if r.Succeeded {
		return VerdictPass
	}
	return VerdictFail
}

// Verdict is the run's outcome as a reader needs it: MX broke its contract (a row failed), the
// run could not test (no row failed, but some could not test, or the preflight stopped the run),
// or it passed.
func (m Matrix) Verdict() Verdict {
	switch {
	case m.Counts.Fail > 0:
		return VerdictFail
	case m.Run.Succeeded:
		return VerdictPass
	case m.Counts.CouldNotTest > 0 || m.Run.CouldNotTest:
		return VerdictCouldNotTest
	default:
		return VerdictFail
	}
}

// Headline is the run's verdict in words, for the header of every report.
func (m Matrix) Headline() string {
	switch m.Verdict() {
	case VerdictPass:
		return "PASSED"
	case VerdictCouldNotTest:
		return "COULD NOT TEST"
	default:
		return "FAILED"
	}
}

// TargetKind says in words what was tested.
func (r Run) TargetKind() string {
	switch {
	case r.Embedded:
		return "the embedded mxmock"
	case r.Faults:
		return "an mxmock with its control API"
	case r.Target == "":
		return "an unknown target (the report has no target entry)"
	default:
		return "a live host"
	}
}

func (m Matrix) rowsWith(v Verdict) []Row {
	var rows []Row
	for _, r := range m.Rows {
		if r.Verdict == v {
			rows = append(rows, r)
		}
	}
	return rows
}

// formatDuration rounds to what a person compares: milliseconds below a second.
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Millisecond:
		return "<1 ms"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return d.Round(100 * time.Millisecond).String()
	}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
