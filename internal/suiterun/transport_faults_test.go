package suiterun_test

import (
	"context"
	"encoding/xml"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
)

// A target that is slow or breaks mid-answer: mxmock started with one persistent transport fault.
// When no status line comes back at all, the preflight stops the run at once, with the cause in
// words in the console, JSON, JUnit and HTML reports. When the status comes and the body does not
// (cut short, too slow), or when the fault hits only creates, every spec it hits fails once, as
// one that could not test, with the cause, within the timeout; the others pass. A delay shorter
// than the timeout is only a slow MX.
func TestTheSuiteAgainstATargetThatBreaks(t *testing.T) {
	const runBound = 60 * time.Second
	ctx := context.Background()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	// slow_body's pause is per 16 bytes: 200ms makes even the shortest body here (29 bytes, two
	// pieces) outlast a 300ms timeout.
	for _, tc := range []struct {
		fault   string // mxmock --fault
		timeout string // MX_TIMEOUT
		cause   string // in every failure; "" = every spec passes
		stops   bool   // at the preflight; else every spec it hits could not test
	}{
		{"connection_reset", "1s", ": connection reset by the server", true},
		{"connection_reset:route=POST /user", "1s", ": connection reset by the server", false},
		{"empty_reply", "1s", ": the server closed the connection without a complete answer", true},
		{"garbage", "1s", `: the answer was not HTTP: malformed HTTP response "MXMOCK-GARBAGE`, true},
		{"truncated_body", "1s", ": the answer's body was cut short: status ", false},
		{"slow_body:200ms", "300ms", ": timeout after 300ms: the target sent status ", false},
		{"delay:1500ms", "1s", ": timeout after 1s: the target did not answer in time (MX_TIMEOUT)", true},
		{"delay:1500ms,route=POST /user", "1s", ": timeout after 1s: the target did not answer in time (MX_TIMEOUT)", false},
		{"delay:20ms-100ms", "1s", "", false},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			t.Parallel()
			res, junit, took := runBroken(ctx, t, tc.fault, tc.timeout, 2*runBound)
			switch {
			case tc.cause == "":
				if !res.Passed || len(suiterun.Specs(res.Report)) != len(cat.Rows) {
					t.Errorf("a delay within the timeout failed the run:\n%s", res.Output)
				}
				t.Logf("%s: all specs passed in %s", tc.fault, took.Round(time.Millisecond))
			case tc.stops:
				stoppedAtPreflight(t, res, junit, cat, tc.cause)
				if took > 3*time.Second {
					t.Errorf("the run took %s, want under 3×MX_TIMEOUT", took)
				}
				t.Logf("%s: the preflight stopped the run in %s", tc.fault, took.Round(time.Millisecond))
			default:
				if took > runBound {
					t.Errorf("the run took %s, want under %s", took, runBound)
				}
				couldNotTest(t, res, junit, cat, tc.cause)
				t.Logf("%s: %d specs could not test, in %s; e.g.\n  %s", tc.fault, res.Report.SpecReports.CountWithState(types.SpecStateFailed),
					took.Round(time.Millisecond), failureOf(suiterun.Specs(res.Report), "U3"))
			}
		})
	}
}

// runBroken runs the suite against mxmock started with the fault.
func runBroken(ctx context.Context, t *testing.T, fault, timeout string, bound time.Duration) (suiterun.Result, string, time.Duration) {
	t.Helper()
	url := startMxmock(t, nil, "--fault", fault)
	junit := filepath.Join(t.TempDir(), "junit.xml")
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	start := time.Now()
	res, err := suiterun.Run(ctx, suiteBin, []string{"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=" + wire.DefaultAPIKey,
		"MX_CLIENT_GUID=" + wire.DefaultClientGUID, "MX_UNASSOCIATED_CLIENT_GUID=CLT-00000000-0000-0000-0000-00000000dead",
		"MX_MOCK_CONTROL=true", "MX_TIMEOUT=" + timeout, "MX_LEDGER=" + t.TempDir()}, "--ginkgo.junit-report="+junit)
	if err != nil {
		t.Fatal(err)
	}
	if res.Passed == false && strings.Contains(res.Output, "[PANICKED]") {
		t.Errorf("a spec panicked:\n%s", res.Output)
	}
	return res, junit, time.Since(start)
}

// stoppedAtPreflight checks a run that the preflight stopped: no spec ran, and every report says
// why, as a run that could not test.
func stoppedAtPreflight(t *testing.T, res suiterun.Result, junit string, cat *catalog.Catalog, cause string) {
	t.Helper()
	if res.Passed || len(suiterun.Specs(res.Report)) > 0 {
		t.Fatalf("passed %v with %d specs run, want the run stopped before any spec:\n%s", res.Passed, len(suiterun.Specs(res.Report)), res.Output)
	}
	want := "could not test: preflight: "
	setup := res.Report.SpecReports.WithLeafNodeType(types.NodeTypeSynchronizedBeforeSuite)
	if !strings.Contains(res.Output, want) || !strings.Contains(res.Output, cause) ||
		len(setup) != 1 || !strings.HasPrefix(setup[0].Failure.Message, want) || !strings.Contains(setup[0].Failure.Message, cause) {
		t.Errorf("the console or the JSON report lacks %q and %q:\n%s", want, cause, res.Output)
	}
	checkJUnit(t, junit, want, 0)
	m := report.Build(res.Report, cat)
	var page strings.Builder
	_ = report.WriteHTML(&page, m)
	if m.Counts.NotRun != len(cat.Rows) || !strings.Contains(page.String(), "COULD NOT TEST") ||
		!strings.Contains(page.String(), template.HTMLEscapeString(cause)) {
		t.Errorf("the HTML report: %+v, headline %s", m.Counts, m.Headline())
	}
}

// couldNotTest checks a run against a host that breaks some answers: each spec the fault hits
// fails once, within the timeout, as one that could not test, with the cause.
func couldNotTest(t *testing.T, res suiterun.Result, junit string, cat *catalog.Catalog, cause string) {
	t.Helper()
	failed := 0
	for _, s := range suiterun.Specs(res.Report) {
		id, msg := record.CatalogID(s), s.Failure.Message
		toFail := s.Failure.TimelineLocation.Time.Sub(s.StartTime)
		switch {
		case s.State == types.SpecStatePassed:
			continue
		case s.State != types.SpecStateFailed:
			t.Errorf("%s: %s", id, s.State)
		case !strings.HasPrefix(msg, "could not test: ") || !strings.Contains(msg, "HTTP answer: ") || !strings.Contains(msg, cause):
			t.Errorf("%s: the failure does not say why in words:\n%s", id, msg)
		case len(s.AdditionalFailures) > 0:
			t.Errorf("%s: failed more than once: %+v", id, s.AdditionalFailures)
		case toFail > 2*time.Second || s.RunTime > 5*time.Second:
			t.Errorf("%s: failed after %s, done after %s; want the first request's timeout at most", id, toFail, s.RunTime)
		}
		failed++
	}
	if failed < 8 {
		t.Errorf("only %d specs failed; every spec that creates a user should have", failed)
	}
	checkJUnit(t, junit, "could not test: ", failed)
	m := report.Build(res.Report, cat)
	if m.Counts.CouldNotTest != failed || m.Counts.Fail != 0 || m.Verdict() != report.VerdictCouldNotTest {
		t.Errorf("the report counts %+v, verdict %s; want %d that could not test and no break", m.Counts, m.Verdict(), failed)
	}
	for _, row := range m.Rows {
		if row.Verdict == report.VerdictCouldNotTest && !strings.Contains(row.Reason, cause) {
			t.Errorf("HTML row %s: reason %q", row.ID, row.Reason)
		}
	}
}

// checkJUnit counts the test cases whose <failure message=...> holds the text: want of the specs,
// and, when want is 0, the suite's setup node alone.
func checkJUnit(t *testing.T, path, text string, want int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil || len(suites.TestSuites) != 1 {
		t.Fatalf("JUnit report: %v", err)
	}
	specs, setup := 0, 0
	for _, tc := range suites.TestSuites[0].TestCases {
		if tc.Failure == nil || !strings.Contains(tc.Failure.Message, text) {
			continue
		}
		if regexp.MustCompile(`id:[A-Z][0-9]`).MatchString(tc.Name) {
			specs++
		} else {
			setup++
		}
	}
	if specs != want || (want == 0 && setup != 1) {
		t.Errorf("JUnit: %d spec and %d setup failures with %q, want %d specs", specs, setup, text, want)
	}
}

func failureOf(specs types.SpecReports, id string) string {
	for _, s := range specs {
		if record.CatalogID(s) == id {
			return s.Failure.Message
		}
	}
	return "(no spec " + id + ")"
}
