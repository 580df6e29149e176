// Package report turns one run of the contract suite (Ginkgo's JSON report) and the catalog into
// what people read the morning after: one row per documented error with what the target answered
// and the verdict, as HTML and Markdown, and what changed since a previous run.
package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"io"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/onsi/ginkgo/v2/types"
)

// Verdict is a row's outcome in one run.
type Verdict string

const (
	VerdictPass Verdict = "pass"
	VerdictFail Verdict = "fail" // an assertion on what MX documents failed: MX broke its contract
	// VerdictCouldNotTest is a spec that failed before it could hold the target to the contract: a
	// set-up step that did not work, a request that got no HTTP answer.
	VerdictCouldNotTest Verdict = "could-not-test"
	VerdictSkipped      Verdict = "skipped"
	VerdictNotRun       Verdict = "not-run" // the report has no spec for the id
)

// Row is one catalog id in one run: what the docs promise, what came back, and the verdict.
type Row struct {
	ID                string
	Section           string
	DocumentedStatus  string // "400" or "undocumented"
	DocumentedMessage string // the exact text; empty where the page gives none
	DocumentedNote    string // what stands in for the text then: no body, or any message
	Trigger           string
	InCatalog         bool // false: the report has a spec for an id the catalog lacks

	ObservedStatus   int    // zero: nothing was observed
	ObservedMessage  string // the envelope's error, else the raw body shortened
	ObservedEnvelope bool   // ObservedMessage came from {"error": ...}
	ObservedRequest  string
	StatusDiffers    bool           // a documented status that the target did not answer
	Setup            []record.Setup // the set-up steps and the statuses they got

	Verdict         Verdict
	Reason          string // why it failed or was skipped, in a few lines
	Failure         string // the whole failure message, for those who want it
	FailureLocation string
	Duration        time.Duration
	Trend           Trend // over the history's runs, when there is a history

	messageKey string // ObservedMessage with this run's generated names masked, for Diff
}

// Run is the header of a report: where, when and how the run went.
type Run struct {
	Suite         string
	Target        string
	Embedded      bool // the in-process mxmock
	Faults        bool // fault specs could run
	RunID         string
	Config        string
	LabelFilter   string
	Start         time.Time
	Duration      time.Duration
	Succeeded     bool
	SetupFailures []string // failed suite-level nodes and Ginkgo's special failure reasons
	CouldNotTest  bool     // a setup failure said the target could not be tested (the preflight)
}

// Counts are the rows per verdict.
type Counts struct{ Pass, Fail, CouldNotTest, Skipped, NotRun, Total int }

// Matrix is the whole human report of one run.
type Matrix struct {
	Run    Run
	Rows   []Row
	Counts Counts

	// LeftBehind is what the run could not confirm deleted on the host, with the cause.
	LeftBehind []Left

	Previous *Run     // set by CompareWith
	Changes  []Change // since Previous

	History     History // set by WithHistory, this run included
	HistoryRuns int     // runs in the history; 0: no history

	MockDrift *MockDrift // after a live run: is mxmock still MX?
}

// Left is a resource a spec left on the host.
type Left struct {
	SpecID string
	record.LeftBehind
}

// redactor has no secrets to know of, but still hides any k= value: the suite redacts before it
// records, and this is the second line of defence for every string a report prints.
var redactor = scrub.New()

// ErrNoSuite is a report.json that Ginkgo wrote for a suite that never started (it did not build,
// or its configuration was refused): ReadReports still returns a report, so that the run's page
// says so in red rather than not being written at all.
var ErrNoSuite = errors.New("the Ginkgo report holds no suite: the suite did not build or did not start (see its output)")

// ReadReports decodes Ginkgo's JSON report file (a list, one per suite) into one report.
func ReadReports(r io.Reader) (types.Report, error) {
	var reports []types.Report
	if err := json.NewDecoder(r).Decode(&reports); err != nil {
		return types.Report{}, fmt.Errorf("not a Ginkgo JSON report: %w", err)
	}
	if len(reports) == 0 {
		return types.Report{SuiteDescription: "MX SSO API v2 error contract",
			SpecialSuiteFailureReasons: []string{ErrNoSuite.Error()}}, ErrNoSuite
	}
	merged := reports[0]
	for _, r := range reports[1:] { // ginkgo -r over several suites: one matrix for all
		merged.SuiteSucceeded = merged.SuiteSucceeded && r.SuiteSucceeded
		merged.SpecReports = append(merged.SpecReports, r.SpecReports...)
		if r.EndTime.After(merged.EndTime) {
			merged.EndTime = r.EndTime
		}
	}
	return merged, nil
}

// Build makes the matrix: one row per catalog id in page order, then any id the report has and
// the catalog lacks (a previous run's catalog may have had more rows).
func Build(r types.Report, cat *catalog.Catalog) Matrix {
	m := Matrix{Run: buildRun(r)}
	specs := map[string]types.SpecReport{}
	var extra []string
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		id := record.CatalogID(s)
		if id == "" {
			id = "(no id label)"
		}
		m.LeftBehind = append(m.LeftBehind, leftBehind(id, s)...)
		prev, seen := specs[id]
		if !seen {
			if _, ok := cat.Row(id); !ok {
				extra = append(extra, id)
			}
		}
		if !seen || severity(s.State) > severity(prev.State) { // two specs for one id: the worse counts
			specs[id] = s
		}
	}
	for _, row := range cat.Rows {
		m.Rows = append(m.Rows, buildRow(documented(row), specs, m.Run))
	}
	for _, id := range extra {
		m.Rows = append(m.Rows, buildRow(Row{ID: id, Section: "(not in the catalog)"}, specs, m.Run))
	}
	for _, row := range m.Rows {
		m.Counts.add(row.Verdict)
	}
	return m
}

// CompareWith records what changed since prev, for both the HTML and the Markdown report.
func (m *Matrix) CompareWith(prev Matrix) {
	m.Previous = &prev.Run
	m.Changes = Diff(prev, *m)
}

func (c *Counts) add(v Verdict) {
	c.Total++
	switch v {
	case VerdictPass:
		c.Pass++
	case VerdictFail:
		c.Fail++
	case VerdictCouldNotTest:
		c.CouldNotTest++
	case VerdictSkipped:
		c.Skipped++
	default:
		c.NotRun++
	}
}

func documented(r catalog.Row) Row {
	row := Row{ID: r.ID, Section: r.Section, DocumentedStatus: r.Status.String(), DocumentedMessage: r.Message,
		Trigger: r.Trigger, InCatalog: true}
	switch {
	case r.Body == catalog.BodyNonePromised:
		row.DocumentedNote = "no body promised"
	case r.Message == "":
		row.DocumentedNote = `any message, as {"error": "..."}`
	}
	return row
}

// severity orders states so that the worst of several specs for one id decides its verdict.
func severity(s types.SpecState) int {
	switch {
	case s.Is(types.SpecStateFailureStates):
		return 3
	case s == types.SpecStatePassed:
		return 2
	default:
		return 1
	}
}

func verdictOf(s types.SpecState) Verdict {
	switch {
	case s == types.SpecStatePassed:
		return VerdictPass
	case s.Is(types.SpecStateFailureStates):
		return VerdictFail
	default: // skipped, pending
		return VerdictSkipped
	}
}
