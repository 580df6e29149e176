package report

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"github.com/onsi/ginkgo/v2/types"
)

// Bounds on what a report shows of any text that came from the target: its readers need the
// place where it differs, not a megabyte of it.
const (
	maxBodyRunes    = 160 // a raw (non-envelope) body
	maxReasonLines  = 6
	maxShownText    = 1 << 10 // a message, a request, a cause, a setup failure
	maxShownReason  = 2 << 10
	maxShownFailure = 16 << 10 // the whole failure, unfolded on demand
)

// show makes text from a report safe and short: secrets and k= values redacted, control
// characters escaped, at most limit bytes.
func show(s string, limit int) string { return scrub.Shorten(redactor.Text(s), limit) }

func buildRun(r types.Report) Run {
	run := Run{Suite: r.SuiteDescription, LabelFilter: r.SuiteConfig.LabelFilter, Start: r.StartTime,
		Duration: r.EndTime.Sub(r.StartTime), Succeeded: r.SuiteSucceeded}
	if run.Duration < 0 {
		run.Duration = r.RunTime
	}
	for _, s := range r.SpecReports {
		var t record.Target
		if run.Target == "" && lastEntry(s, record.EntryTarget, &t) {
			run.Target, run.Embedded, run.Faults = show(t.URL, maxShownText), t.Embedded, t.Faults
			run.RunID, run.Config = t.RunID, t.Config
		}
		if s.LeafNodeType != types.NodeTypeIt && s.State.Is(types.SpecStateFailureStates) {
			msg := show(firstLines(s.Failure.Message, 3), maxShownReason)
			run.SetupFailures = append(run.SetupFailures, fmt.Sprintf("%s failed: %s", s.LeafNodeType, msg))
			run.CouldNotTest = run.CouldNotTest || record.IsCouldNotTest(msg)
		}
	}
	for _, reason := range r.SpecialSuiteFailureReasons {
		run.SetupFailures = append(run.SetupFailures, show(reason, maxShownReason))
	}
	return run
}

func buildRow(row Row, specs map[string]types.SpecReport, run Run) Row {
	s, ok := specs[row.ID]
	if !ok {
		row.Verdict, row.Reason = VerdictNotRun, "no spec for this id in the report"
		switch {
		case run.CouldNotTest:
			row.Reason = "not run: " + firstLines(run.SetupFailures[0], 1) + " (see the run's header)"
		case len(run.SetupFailures) > 0:
			row.Reason = "not run: the suite failed before its specs (see the run's header)"
		}
		return row
	}
	row.Verdict, row.Duration = verdictOf(s.State), s.RunTime
	row.Setup = setupSteps(s)
	var o record.Observed
	if lastEntry(s, record.EntryObserved, &o) {
		row.ObservedStatus = o.Status
		row.ObservedRequest = show(o.Request, maxShownText)
		msg, envelope := o.Message, o.Message != ""
		if !envelope { // a report of an older suite, or a body that is not the envelope
			msg, envelope = messageOf(o.Body)
		}
		row.ObservedMessage, row.ObservedEnvelope = show(msg, maxShownText), envelope
		row.messageKey = maskRunValues(row.ObservedMessage, run.RunID)
		row.StatusDiffers = row.DocumentedStatus != "undocumented" && fmt.Sprint(o.Status) != row.DocumentedStatus
	}
	if row.Verdict == VerdictFail && (record.IsCouldNotTest(s.Failure.Message) || s.State.Is(types.SpecStateTimedout|types.SpecStateInterrupted|types.SpecStateAborted)) {
		row.Verdict = VerdictCouldNotTest // no verdict on the contract: the spec did not get to one
	}
	switch row.Verdict {
	case VerdictFail, VerdictCouldNotTest:
		row.Failure = show(s.Failure.Message, maxShownFailure)
		row.Reason = scrub.Shorten(failureReason(row.Failure), maxShownReason)
		if loc := s.Failure.Location; loc.FileName != "" {
			row.FailureLocation = fmt.Sprintf("%s:%d", loc.FileName, loc.LineNumber)
		}
	case VerdictSkipped:
		row.Reason = skipReason(s, run)
	}
	return row
}

// lastEntry decodes the spec's last report entry of that name; a spec that checks several
// requests records each, and the last is the one its verdict rests on.
func lastEntry(s types.SpecReport, name string, into any) bool {
	for i := len(s.ReportEntries) - 1; i >= 0; i-- {
		e := s.ReportEntries[i]
		if e.Name != name {
			continue
		}
		return DecodeEntry(e, into)
	}
	return false
}

// DecodeEntry decodes a report entry's value, as report.json holds it or, for a report made in
// process and never encoded, from its raw value.
func DecodeEntry(e types.ReportEntry, into any) bool {
	raw := []byte(e.Value.AsJSON)
	if len(raw) == 0 {
		raw, _ = json.Marshal(e.Value.GetRawValue())
	}
	return json.Unmarshal(raw, into) == nil
}

// entries decodes every report entry of that name, in the order the spec added them.
func entries[T any](s types.SpecReport, name string) []T {
	var out []T
	for _, e := range s.ReportEntries {
		if e.Name != name {
			continue
		}
		var v T
		if DecodeEntry(e, &v) {
			out = append(out, v)
		}
	}
	return out
}

func setupSteps(s types.SpecReport) []record.Setup {
	steps := entries[record.Setup](s, record.EntrySetup)
	for i := range steps {
		steps[i].Step, steps[i].Request = show(steps[i].Step, maxShownText), show(steps[i].Request, maxShownText)
	}
	return steps
}

func leftBehind(id string, s types.SpecReport) []Left {
	var out []Left
	for _, l := range entries[record.LeftBehind](s, record.EntryLeftBehind) {
		l.Kind, l.ID, l.Route, l.Cause = show(l.Kind, 20), show(l.ID, maxShownText), show(l.Route, 100), show(l.Cause, maxShownText)
		out = append(out, Left{SpecID: id, LeftBehind: l})
	}
	return out
}

// messageOf is the envelope's error text, or the body itself (shortened) when it is not one.
func messageOf(body string) (msg string, envelope bool) {
	var env struct {
		Error *string `json:"error"`
	}
	if json.Unmarshal([]byte(body), &env) == nil && env.Error != nil {
		return *env.Error, true
	}
	return shorten(strings.TrimSpace(body), maxBodyRunes), false
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// failureReason keeps what a reader needs from HaveMXError's message: the differences after
// "but:"; any other failure (no answer, a broken precondition) keeps its first lines.
func failureReason(msg string) string {
	if _, diffs, ok := strings.Cut(msg, "\nbut:\n"); ok {
		return firstLines(dedent(diffs), maxReasonLines)
	}
	return firstLines(msg, 3)
}

func skipReason(s types.SpecReport, run Run) string {
	switch {
	case s.State == types.SpecStatePending:
		return "pending: the spec is marked Pending in the suite"
	case s.Failure.Message != "": // Skip("...") in the spec
		return show(firstLines(s.Failure.Message, 3), maxShownReason)
	case len(run.SetupFailures) > 0:
		return "not run: the suite's setup failed (see the run's header)"
	case run.LabelFilter != "":
		return fmt.Sprintf("not selected by the label filter %q", run.LabelFilter)
	default:
		return "skipped by Ginkgo before it ran (a focus or skip filter, or the run stopped early)"
	}
}

func firstLines(s string, n int) string {
	var kept []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(kept) == n {
			kept = append(kept, "…")
			break
		}
		kept = append(kept, strings.TrimRight(l, " \t"))
	}
	return strings.Join(kept, "\n")
}

// dedent removes the indentation that every non-empty line shares.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " \t")); common < 0 || n < common {
			common = n
		}
	}
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			lines[i] = l[common:]
		}
	}
	return strings.Join(lines, "\n")
}

// maskRunValues replaces the names this run generated (<prefix>-<run>-p<process>-<kind>-<hex>,
// possibly behind USR- or MBR-) so that two runs' messages compare by their text, not their guids.
func maskRunValues(msg, runID string) string {
	if runID == "" {
		return msg
	}
	generated := regexp.MustCompile(`[A-Za-z0-9-]*-` + regexp.QuoteMeta(runID) + `-p[0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]`)
	return generated.ReplaceAllString(msg, "{generated}")
}
