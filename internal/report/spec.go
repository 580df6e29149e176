package report

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/onsi/ginkgo/v2/types"
)

// observed mirrors the JSON of harness.Observed (report entry "observed"); the report does not
// import the suite's harness, which would pull the mock and Ginkgo's DSL into a reporting tool.
type observed struct {
	ID      string `json:"id"`
	Request string `json:"request"`
	Status  int    `json:"status"`
	Body    string `json:"body"`
}

// targetInfo mirrors harness.TargetInfo (report entry "target").
type targetInfo struct {
	URL      string `json:"url"`
	Embedded bool   `json:"embedded"`
	Faults   bool   `json:"faults"`
	RunID    string `json:"run_id"`
	Config   string `json:"config"`
}

const (
	maxBodyRunes   = 160 // a raw (non-envelope) body is shown this long at most
	maxReasonLines = 6
)

func buildRun(r types.Report) Run {
	run := Run{Suite: r.SuiteDescription, LabelFilter: r.SuiteConfig.LabelFilter, Start: r.StartTime,
		Duration: r.EndTime.Sub(r.StartTime), Succeeded: r.SuiteSucceeded}
	if run.Duration < 0 {
		run.Duration = r.RunTime
	}
	for _, s := range r.SpecReports {
		var t targetInfo
		if run.Target == "" && lastEntry(s, "target", &t) {
			run.Target, run.Embedded, run.Faults = redactor.Redact(t.URL), t.Embedded, t.Faults
			run.RunID, run.Config = t.RunID, t.Config
		}
		if s.LeafNodeType != types.NodeTypeIt && s.State.Is(types.SpecStateFailureStates) {
			run.SetupFailures = append(run.SetupFailures, fmt.Sprintf("%s failed: %s", s.LeafNodeType,
				redactor.Redact(firstLines(s.Failure.Message, 3))))
		}
	}
	run.SetupFailures = append(run.SetupFailures, r.SpecialSuiteFailureReasons...)
	return run
}

func buildRow(row Row, specs map[string]types.SpecReport, run Run) Row {
	s, ok := specs[row.ID]
	if !ok {
		row.Verdict, row.Reason = VerdictNotRun, "no spec for this id in the report"
		if len(run.SetupFailures) > 0 {
			row.Reason = "not run: the suite failed before its specs (see the run's header)"
		}
		return row
	}
	row.Verdict, row.Duration = verdictOf(s.State), s.RunTime
	var o observed
	if lastEntry(s, "observed", &o) {
		row.ObservedStatus = o.Status
		row.ObservedRequest = redactor.Redact(o.Request)
		msg, envelope := messageOf(o.Body)
		row.ObservedMessage, row.ObservedEnvelope = redactor.Redact(msg), envelope
		row.messageKey = maskRunValues(row.ObservedMessage, run.RunID)
		row.StatusDiffers = row.DocumentedStatus != "undocumented" && fmt.Sprint(o.Status) != row.DocumentedStatus
	}
	switch row.Verdict {
	case VerdictFail:
		row.Failure = redactor.Redact(s.Failure.Message)
		row.Reason = failureReason(row.Failure)
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
		raw := []byte(e.Value.AsJSON)
		if len(raw) == 0 { // an in-process report, never encoded: the raw value is still there
			raw, _ = json.Marshal(e.Value.GetRawValue())
		}
		return json.Unmarshal(raw, into) == nil
	}
	return false
}

func catalogID(s types.SpecReport) string {
	for _, l := range s.Labels() {
		if id, ok := strings.CutPrefix(l, "id:"); ok {
			return id
		}
	}
	return "(no id label)"
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
		return redactor.Redact(firstLines(s.Failure.Message, 3))
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
