// Command mxreport turns the contract suite's JSON report into the reports people read: an HTML
// page and a Markdown summary with one row per documented error, and what changed since a
// previous run. `mxreport docs-drift` compares MX's errors page with the catalog.
//
//	mxreport [--in reports/report.json] [--html reports/index.html] [--md reports/summary.md] [--previous old.json]
//	mxreport docs-drift [--page fixtures/sso-v2-errors.md | --page https://...]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/mockdrift"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/onsi/ginkgo/v2/types"
)

// Exit statuses: scripts tell "drift found" from "could not check".
const (
	exitOK    = 0
	exitDrift = 1 // docs-drift found a difference
	exitUsage = 2 // bad flags, unreadable input, unwritable output
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "docs-drift" {
		return runDocsDrift(args[1:], stdout, stderr)
	}
	return runReport(args, stdout, stderr)
}

func runReport(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("mxreport", flag.ContinueOnError)
	flags.SetOutput(stderr)
	in := flags.String("in", "reports/report.json", "Ginkgo's JSON report of the run (make contract writes it)")
	htmlOut := flags.String("html", "reports/index.html", "where to write the HTML report; empty: none")
	mdOut := flags.String("md", "reports/summary.md", "where to write the Markdown summary; empty: none")
	previous := flags.String("previous", "", "a previous run's report.json: list what changed since")
	history := flags.String("history", "", "a history file of the last runs' verdicts (created if missing): add this run, show each id's trend")
	driftOut := flags.String("mock-drift", "reports/mock-drift.md", "after a live run, where to write what mxmock answers differently from the host; empty: no replay")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: mxreport [flags]            the HTML and Markdown reports of a run")
		fmt.Fprintln(stderr, "       mxreport docs-drift [flags] MX's errors page against the catalog")
		flags.PrintDefaults()
	}
	if code, done := parse(flags, args, stderr); done {
		return code
	}
	cat, err := catalog.Load()
	if err != nil {
		return fail(stderr, err)
	}
	cur, run, err := loadReport(*in, cat)
	switch {
	case errors.Is(err, report.ErrNoSuite):
		fmt.Fprintf(stderr, "mxreport: %s: %v; the reports say so\n", *in, err)
	case errors.Is(err, fs.ErrNotExist):
		return fail(stderr, fmt.Errorf("%w (run `make contract` first, or give --in)", err))
	case err != nil:
		return fail(stderr, err)
	}
	if *previous != "" {
		prev, err := loadMatrix(*previous, cat)
		if err != nil && !errors.Is(err, report.ErrNoSuite) { // a run that never started still compares
			return fail(stderr, fmt.Errorf("--previous: %w", err))
		}
		cur.CompareWith(prev)
	}
	historyErr := addToHistory(*history, &cur, errors.Is(err, report.ErrNoSuite), stdout)
	if *driftOut != "" && mockdrift.Live(run) {
		compareWithMxmock(&cur, run, cat, *driftOut, stdout)
	}
	if err := writeFile(*htmlOut, func(w io.Writer) error { return report.WriteHTML(w, cur) }); err != nil {
		return fail(stderr, err)
	}
	if err := writeFile(*mdOut, func(w io.Writer) error { return report.WriteMarkdown(w, cur) }); err != nil {
		return fail(stderr, err)
	}
	if historyErr == nil && *history != "" && cur.HistoryRuns > 0 {
		historyErr = report.WriteHistory(*history, cur.History)
	}
	printSummary(stdout, cur, *htmlOut, *mdOut)
	if historyErr != nil {
		return fail(stderr, historyErr)
	}
	return exitOK
}

// compareWithMxmock replays the live run against mxmock and writes what differs; it never changes
// the run's verdict nor mxreport's exit status, so a failure here is only said.
func compareWithMxmock(m *report.Matrix, run types.Report, cat *catalog.Catalog, path string, stdout io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	drift, err := mockdrift.Replay(ctx, run, cat)
	if err == nil {
		drift.Path = path
		err = writeFile(path, func(w io.Writer) error { return mockdrift.WriteMarkdown(w, drift) })
	}
	if err != nil {
		fmt.Fprintf(stdout, "mock drift: not compared: %v\n", err)
		return
	}
	m.MockDrift = &drift
	fmt.Fprintln(stdout, mockdrift.Line(drift))
}

// addToHistory reads the history, adds this run and attaches each row's trend. A history that
// cannot be read is left as it is, and said; a run whose suite never started is not added.
func addToHistory(path string, m *report.Matrix, noSuite bool, stdout io.Writer) error {
	if path == "" {
		return nil
	}
	h, err := report.ReadHistory(path)
	if err != nil {
		return err
	}
	if noSuite {
		fmt.Fprintf(stdout, "mxreport: history %s not updated: the suite did not run\n", path)
		return nil
	}
	h.Add(*m)
	m.WithHistory(h)
	return nil
}

// parse handles flag errors and -h alike for both commands; done means return code now.
func parse(flags *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true // the flag package has printed the problem and the usage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q (flags only; see -h)\n", flags.Name(), flags.Arg(0))
		return exitUsage, true
	}
	return exitOK, false
}

func loadMatrix(path string, cat *catalog.Catalog) (report.Matrix, error) {
	m, _, err := loadReport(path, cat)
	return m, err
}

// loadReport reads a run's report.json into its matrix, and keeps Ginkgo's report too.
func loadReport(path string, cat *catalog.Catalog) (report.Matrix, types.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return report.Matrix{}, types.Report{}, fmt.Errorf("reading the run's report: %w", err)
	}
	defer f.Close()
	r, err := report.ReadReports(f)
	if err != nil && !errors.Is(err, report.ErrNoSuite) {
		return report.Matrix{}, types.Report{}, fmt.Errorf("%s: %w", path, err)
	}
	return report.Build(r, cat), r, err
}

// writeFile writes through a temporary file, so a failed render never leaves half a report
// where yesterday's whole one was.
func writeFile(path string, render func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mxreport-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if err := render(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func printSummary(w io.Writer, m report.Matrix, htmlOut, mdOut string) {
	fmt.Fprintf(w, "mxreport: suite %s: %d passed, %d failed, %d could not test, %d skipped, %d not run (%d documented errors)\n",
		m.Headline(), m.Counts.Pass, m.Counts.Fail, m.Counts.CouldNotTest, m.Counts.Skipped, m.Counts.NotRun, m.Counts.Total)
	for _, f := range m.Run.SetupFailures {
		fmt.Fprintf(w, "  %s\n", firstLine(f))
	}
	if n := len(m.LeftBehind); n > 0 {
		fmt.Fprintf(w, "  %s left on the host (see the report); `go run ./cmd/mxsweep` removes them once the cause is mended:\n", count(n, "resource"))
		for _, l := range m.LeftBehind {
			fmt.Fprintf(w, "    - %s\n", l.LeftBehind)
		}
	}
	for _, out := range []struct{ what, path string }{{"HTML report", htmlOut}, {"Markdown summary", mdOut}} {
		if out.path != "" {
			fmt.Fprintf(w, "  %s: %s\n", out.what, out.path)
		}
	}
	if m.Previous == nil {
		return
	}
	if len(m.Changes) == 0 {
		fmt.Fprintln(w, "No changes since the previous run.")
		return
	}
	fmt.Fprintf(w, "%s since the previous run:\n", count(len(m.Changes), "change"))
	for _, c := range m.Changes {
		fmt.Fprintf(w, "  - %s\n", c)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// count is "1 change" or "3 changes".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "mxreport: %v\n", err)
	return exitUsage
}
