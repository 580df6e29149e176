// Package reporttest crafts Ginkgo reports of the contract suite, shaped as the suite writes them
// (a "target" entry on the setup node, "observed" entries on each spec), for the report's and
// mxreport's tests: a real run cannot be made to fail, skip and pass on demand.
package reporttest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/onsi/ginkgo/v2/types"
)

// Start is the crafted runs' start time: fixed, so that rendered reports compare.
var Start = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

// Spec is one crafted It spec.
type Spec struct {
	ID, Section string
	State       types.SpecState
	Message     string // the failure or Skip message
	Observed    []Observation
	Setup       []record.Setup      // "setup" entries: the set-up steps and their statuses
	LeftBehind  []record.LeftBehind // "left-behind" entries
	RunTime     time.Duration
}

// Observation is one "observed" entry, as harness.ExpectMXError records it.
type Observation struct {
	Request string
	Status  int
	Body    string
}

// Report is a run against target with the given specs; it succeeded if none failed.
func Report(target, runID string, specs ...Spec) types.Report {
	embedded := strings.HasPrefix(target, "http://127.0.0.1") // as the suite's embedded mock listens
	setup := types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed,
		ReportEntries: types.ReportEntries{entry("target", map[string]any{
			"url": target, "embedded": embedded, "faults": embedded, "run_id": runID, "config": "defaults"})}}
	r := types.Report{SuiteDescription: "MX SSO API v2 error contract", SuiteSucceeded: true, StartTime: Start,
		SpecReports: types.SpecReports{setup}}
	var total time.Duration
	for _, s := range specs {
		r.SpecReports = append(r.SpecReports, s.SpecReport())
		total += s.RunTime
		if s.State.Is(types.SpecStateFailureStates) {
			r.SuiteSucceeded = false
		}
	}
	r.EndTime = Start.Add(total + 40*time.Millisecond)
	r.RunTime = r.EndTime.Sub(Start)
	return r
}

// SpecReport is the spec as Ginkgo reports it.
func (s Spec) SpecReport() types.SpecReport {
	sr := types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: s.ID + " crafted",
		LeafNodeLabels: []string{"section:" + s.Section, "id:" + s.ID}, State: s.State, RunTime: s.RunTime}
	for _, st := range s.Setup {
		sr.ReportEntries = append(sr.ReportEntries, entry(record.EntrySetup, st))
	}
	for _, o := range s.Observed {
		sr.ReportEntries = append(sr.ReportEntries, entry(record.EntryObserved, record.Observed{
			ID: s.ID, Request: o.Request, Status: o.Status, Body: o.Body}))
	}
	for _, l := range s.LeftBehind {
		sr.ReportEntries = append(sr.ReportEntries, entry(record.EntryLeftBehind, l))
	}
	if s.Message != "" {
		sr.Failure = types.Failure{Message: s.Message,
			Location: types.CodeLocation{FileName: "/src/suites/" + s.Section + "/" + s.Section + ".go", LineNumber: 17}}
	}
	return sr
}

// entry is a report entry as it reads back from report.json: AsJSON set, as Ginkgo writes it.
func entry(name string, value any) types.ReportEntry {
	v := types.WrapEntryValue(value)
	b, _ := json.Marshal(value)
	v.AsJSON = string(b)
	return types.ReportEntry{Name: name, Visibility: types.ReportEntryVisibilityNever, Value: v, Time: Start}
}

// Sample is a plausible nightly run: every catalog row passes with its documented answer, except
// the ids in fail (the answer's final period toggled, the drift MX's docs are most prone to) and in skip (skipped with a reason).
func Sample(cat *catalog.Catalog, target, runID string, fail, skip []string) types.Report {
	var specs []Spec
	for i, row := range cat.Rows {
		s := Spec{ID: row.ID, Section: row.Section, State: types.SpecStatePassed, RunTime: time.Duration(i+1) * 700 * time.Microsecond}
		status := int(row.Status)
		if status == 0 {
			status = max(row.MockStatus, 400)
		}
		msg := bind(row, runID)
		switch {
		case slices.Contains(skip, row.ID):
			s.State, s.Message = types.SpecStateSkipped, row.ID+" needs fault injection, which only mxmock offers: MX_BASE_URL is set"
			specs = append(specs, s)
			continue
		case slices.Contains(fail, row.ID):
			want := msg
			msg = togglePeriod(msg)
			s.State = types.SpecStateFailed
			s.Message = fmt.Sprintf("%s: GET /x?k=REDACTED\nExpected\n    ...\nbut:\n    - message is %q,\n      want %q", row.ID, msg, want)
		}
		body := fmt.Sprintf(`{"error":%q}`, msg)
		if row.Body == catalog.BodyNonePromised {
			body = ""
		}
		s.Observed = []Observation{{Request: "GET /user/mxc-" + runID + "-p1-user-0a1b2c3d?c=CLT-1&k=REDACTED", Status: status, Body: body}}
		specs = append(specs, s)
	}
	return Report(target, runID, specs...)
}

// bind fills a row's placeholders with names shaped as the suite generates them for this run.
func bind(row catalog.Row, runID string) string {
	values := make([]string, len(row.Placeholders()))
	for i := range values {
		values[i] = fmt.Sprintf("mxc-%s-p1-%s-%08x", runID, strings.ToLower(row.ID), i+1)
	}
	return row.Expect(values...).Message
}

func togglePeriod(msg string) string {
	if trimmed, ok := strings.CutSuffix(msg, "."); ok {
		return trimmed
	}
	return msg + "."
}

// JSON is the reports as report.json holds them: a list, one per suite.
func JSON(r ...types.Report) []byte {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err) // only plain data goes in: a failure here is a bug in this package
	}
	return b
}
