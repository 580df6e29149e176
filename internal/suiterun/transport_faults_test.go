package suiterun_test

import (
	"context"
	"encoding/xml"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
)

// A target that is slow or breaks mid-answer: mxmock started with one persistent transport
// fault for every request. Each spec fails once, within the timeout or at once, with the cause
// in words in the console, JSON, JUnit and HTML reports; none hangs, panics or passes. A delay
// shorter than the timeout is only a slow MX: everything passes.
func TestTheSuiteAgainstATargetThatBreaks(t *testing.T) {
	const runBound = 60 * time.Second
	ctx := context.Background()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	// slow_body's pause is per 16 bytes: 600ms makes even the shortest body here (29 bytes, two
	// pieces) outlast the 1s timeout.
	for _, tc := range []struct {
		fault string // mxmock --fault
		cause string // in every spec's failure; "" = every spec passes
	}{
		{"connection_reset", ": connection reset by the server"},
		{"empty_reply", ": the server closed the connection without a complete answer"},
		{"garbage", `: the answer was not HTTP: malformed HTTP response "MXMOCK-GARBAGE`},
		{"truncated_body", ": the answer's body was cut short: status "},
		{"slow_body:600ms", ": timeout after 1s: the target sent status "},
		{"delay:1500ms", ": timeout after 1s: the target did not answer in time (MX_TIMEOUT)"},
		{"delay:20ms-100ms", ""},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			t.Parallel()
			url := startMxmock(t, nil, "--fault", tc.fault)
			junit := filepath.Join(t.TempDir(), "junit.xml")
			ctx, cancel := context.WithTimeout(ctx, 2*runBound)
			defer cancel()
			start := time.Now()
			res, err := suiterun.Run(ctx, suiteBin, []string{"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=mxmock-api-key",
				"MX_CLIENT_GUID=CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184", "MX_UNASSOCIATED_CLIENT_GUID=CLT-00000000-0000-0000-0000-00000000dead",
				"MX_MOCK_CONTROL=true", "MX_TIMEOUT=1s"}, "--ginkgo.junit-report="+junit)
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if took > runBound {
				t.Errorf("the run took %s, want under %s", took, runBound)
			}
			specs := suiterun.Specs(res.Report)
			if len(specs) != len(cat.Rows) {
				t.Fatalf("%d specs ran, want one per catalog row (%d)", len(specs), len(cat.Rows))
			}
			if tc.cause == "" {
				if !res.Passed {
					t.Errorf("a delay within the timeout failed the run:\n%s", res.Output)
				}
				t.Logf("%s: all %d specs passed in %s", tc.fault, len(specs), took.Round(time.Millisecond))
				return
			}
			if res.Passed {
				t.Fatal("the run passed against a target that breaks")
			}
			var slowest, latestFailure time.Duration // a spec's whole time (cleanup included), and its time to fail
			for _, s := range specs {
				id, msg := suiterun.CatalogID(s), s.Failure.Message
				toFail := s.Failure.TimelineLocation.Time.Sub(s.StartTime)
				slowest, latestFailure = max(slowest, s.RunTime), max(latestFailure, toFail)
				switch {
				case s.State != types.SpecStateFailed:
					t.Errorf("%s: %s, want failed", id, s.State)
				case !strings.Contains(msg, "no HTTP answer: ") || !strings.Contains(msg, tc.cause) ||
					!strings.HasPrefix(msg, id+": ") && !strings.HasPrefix(msg, "precondition failed: "):
					t.Errorf("%s: the failure does not say why in words:\n%s", id, msg)
				case len(s.AdditionalFailures) > 0:
					t.Errorf("%s: failed more than once: %+v", id, s.AdditionalFailures)
				case toFail > 2*time.Second || s.RunTime > 5*time.Second:
					t.Errorf("%s: failed after %s, done after %s; want the first request's timeout at most", id, toFail, s.RunTime)
				}
			}
			checkJUnit(t, junit, tc.cause, len(specs))
			checkHTML(t, report.Build(res.Report, cat), tc.cause)
			if strings.Contains(res.Output, "[PANICKED]") {
				t.Errorf("a spec panicked:\n%s", res.Output)
			}
			t.Logf("%s: %d specs failed, each within %s (with cleanup %s), the run in %s; e.g.\n  %s\n  %s", tc.fault, len(specs),
				latestFailure.Round(time.Millisecond), slowest.Round(time.Millisecond), took.Round(time.Millisecond),
				failureOf(specs, "U1"), failureOf(specs, "U3"))
		})
	}
}

// checkJUnit finds the cause in every test case's <failure message=...>.
func checkJUnit(t *testing.T, path, cause string, specs int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil || len(suites.TestSuites) != 1 {
		t.Fatalf("JUnit report: %v", err)
	}
	failed := 0
	for _, tc := range suites.TestSuites[0].TestCases {
		if !regexp.MustCompile(`id:[A-Z][0-9]`).MatchString(tc.Name) {
			continue // the suite's setup nodes
		}
		if tc.Failure == nil || !strings.Contains(tc.Failure.Message, cause) {
			t.Errorf("JUnit %s: %+v, want a failure naming the cause", tc.Name, tc.Failure)
			continue
		}
		failed++
	}
	if failed != specs {
		t.Errorf("JUnit: %d failures with the cause, want %d", failed, specs)
	}
}

// checkHTML finds the cause in every row's reason and in the HTML report's page.
func checkHTML(t *testing.T, m report.Matrix, cause string) {
	t.Helper()
	var page strings.Builder
	if err := report.WriteHTML(&page, m); err != nil {
		t.Fatal(err)
	}
	for _, row := range m.Rows {
		if row.Verdict != report.VerdictFail || !strings.Contains(row.Reason, cause) {
			t.Errorf("HTML row %s: %s, reason %q", row.ID, row.Verdict, row.Reason)
		}
	}
	if n := strings.Count(page.String(), template.HTMLEscapeString(cause)); n < len(m.Rows) {
		t.Errorf("the HTML page names the cause %d times, want at least %d", n, len(m.Rows))
	}
}

func failureOf(specs types.SpecReports, id string) string {
	for _, s := range specs {
		if suiterun.CatalogID(s) == id {
			return s.Failure.Message
		}
	}
	return "(no spec " + id + ")"
}
