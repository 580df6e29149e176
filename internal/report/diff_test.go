package report_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
	"github.com/onsi/ginkgo/v2/types"
)

func TestDiff(t *testing.T) {
	cat := loadCatalog(t)
	const target = "http://127.0.0.1:4000"
	// sample is a run with its own run id, so that every generated guid differs from the last run's.
	sample := func(runID string, fail, skip []string) report.Matrix {
		return report.Build(reporttest.Sample(cat, target, runID, fail, skip), cat)
	}
	// edit changes one row of a run as if the target had answered otherwise.
	edit := func(runID, id string, change func(*reporttest.Spec)) report.Matrix {
		r := reporttest.Sample(cat, target, runID, nil, nil)
		var specs []reporttest.Spec
		for _, row := range report.Build(r, cat).Rows {
			s := reporttest.Spec{ID: row.ID, Section: row.Section, State: types.SpecStatePassed,
				Observed: []reporttest.Observation{{Request: row.ObservedRequest, Status: row.ObservedStatus, Body: fmt.Sprintf(`{"error":%q}`, row.ObservedMessage)}}}
			if row.ID == id {
				change(&s)
			}
			if s.ID != "" {
				specs = append(specs, s)
			}
		}
		return report.Build(reporttest.Report(target, runID, specs...), cat)
	}
	for _, tc := range []struct {
		name      string
		prev, cur report.Matrix
		want      []string // Change.String() of each change, in order
		regressed []string // ids of changes marked Regression
	}{
		{"new guids are no change", sample("aaaa1111", nil, nil), sample("bbbb2222", nil, nil), nil, nil},
		{"pass to fail with a lost period", sample("aaaa1111", nil, nil), sample("bbbb2222", []string{"U1"}, nil),
			[]string{"U1: verdict pass → fail", `U1: observed message "User with guid mxc-bbbb2222-p1-u1-00000001 not found", was "User with guid mxc-aaaa1111-p1-u1-00000001 not found."`},
			[]string{"U1", "U1"}},
		{"fail to pass is a fix", sample("aaaa1111", []string{"M2"}, nil), sample("bbbb2222", nil, nil),
			[]string{"M2: verdict fail → pass", `M2: observed message "Invalid format for external member guid", was "Invalid format for external member guid."`}, nil},
		{"a status change", sample("aaaa1111", nil, nil), edit("bbbb2222", "M1", func(s *reporttest.Spec) { s.Observed[0].Status = 404 }),
			[]string{"M1: status 500 → 404"}, nil},
		{"a skip observes nothing: only the verdict changed", sample("aaaa1111", nil, nil), sample("bbbb2222", nil, []string{"G4"}),
			[]string{"G4: verdict pass → skipped"}, []string{"G4"}},
		{"a row with a spec now", edit("aaaa1111", "M5", func(s *reporttest.Spec) { s.ID = "" }), sample("bbbb2222", nil, nil),
			[]string{"M5: new in this run (pass)"}, nil},
		{"a row without a spec now", sample("aaaa1111", nil, nil), edit("bbbb2222", "A1", func(s *reporttest.Spec) { s.ID = "" }),
			[]string{"A1: no longer run (was pass)"}, []string{"A1"}},
		{"an id the catalog dropped", edit("aaaa1111", "O1", func(s *reporttest.Spec) { s.ID = "O2" }), edit("bbbb2222", "O1", func(s *reporttest.Spec) { s.ID = "" }),
			[]string{"O2: no longer run (was pass)"}, []string{"O2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changes := report.Diff(tc.prev, tc.cur)
			var got, regressed []string
			for _, c := range changes {
				got = append(got, c.String())
				if c.Regression {
					regressed = append(regressed, c.ID)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			if !slices.Equal(regressed, tc.regressed) {
				t.Errorf("regressions = %v, want %v", regressed, tc.regressed)
			}
		})
	}
}

func TestCompareWithMarksFixes(t *testing.T) {
	cat := loadCatalog(t)
	prev := report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "aaaa1111", []string{"U3"}, nil), cat)
	cur := report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "bbbb2222", nil, nil), cat)
	cur.CompareWith(prev)
	if cur.Previous == nil || cur.Previous.RunID != "aaaa1111" {
		t.Fatalf("previous run = %+v", cur.Previous)
	}
	if len(cur.Changes) == 0 || !cur.Changes[0].Fix || cur.Changes[0].Regression {
		t.Fatalf("changes = %+v, want U3's fail → pass first, marked as a fix", cur.Changes)
	}
}
