package report_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
	"github.com/onsi/ginkgo/v2/types"
)

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func rowByID(t *testing.T, m report.Matrix, id string) report.Row {
	t.Helper()
	i := slices.IndexFunc(m.Rows, func(r report.Row) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no row %s in the matrix", id)
	}
	return m.Rows[i]
}

func TestBuildHasOneRowPerCatalogIDInPageOrder(t *testing.T) {
	cat := loadCatalog(t)
	m := report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "feedbeef", []string{"U1"}, []string{"G3"}), cat)

	ids := make([]string, len(m.Rows))
	for i, r := range m.Rows {
		ids[i] = r.ID
	}
	if !slices.Equal(ids, cat.IDs()) {
		t.Fatalf("row ids = %v, want the catalog's %v", ids, cat.IDs())
	}
	if want := (report.Counts{Pass: 14, Fail: 1, Skipped: 1, Total: 16}); m.Counts != want {
		t.Errorf("counts = %+v, want %+v", m.Counts, want)
	}
	run := m.Run
	if run.Target != "http://127.0.0.1:4000" || run.RunID != "feedbeef" || !run.Start.Equal(reporttest.Start) || run.Duration <= 0 || run.Succeeded {
		t.Errorf("run header = %+v", run)
	}
	u1 := rowByID(t, m, "U1")
	if u1.Verdict != report.VerdictFail || u1.ObservedStatus != 400 || !u1.ObservedEnvelope ||
		u1.ObservedMessage != "User with guid mxc-feedbeef-p1-u1-00000001 not found" || u1.DocumentedMessage != "User with guid {GUID} not found." {
		t.Errorf("U1 = %+v", u1)
	}
	if !strings.HasPrefix(u1.Reason, "- message is") || strings.Contains(u1.Reason, "Expected") {
		t.Errorf("U1 reason = %q, want the matcher's differences only", u1.Reason)
	}
	if g3 := rowByID(t, m, "G3"); g3.Verdict != report.VerdictSkipped || !strings.Contains(g3.Reason, "needs fault injection") || g3.ObservedStatus != 0 {
		t.Errorf("G3 = %+v", g3)
	}
	if g1 := rowByID(t, m, "G1"); g1.DocumentedNote != "no body promised" || g1.ObservedStatus != 404 || g1.ObservedMessage != "" {
		t.Errorf("G1 = %+v", g1)
	}
}

func TestBuildVerdictAndReason(t *testing.T) {
	cat := loadCatalog(t)
	matcherFailure := "U2: POST /user?k=REDACTED\nExpected\n    400\nto be MX error U2\nbut:\n    - status is 500, want 400\n    - message is \"x\""
	for _, tc := range []struct {
		name        string
		spec        *reporttest.Spec // nil: no spec for U2 at all
		labelFilter string
		setupFails  bool
		verdict     report.Verdict
		reason      string // the reason must contain it; "" must be empty
	}{
		{"passed", &reporttest.Spec{State: types.SpecStatePassed}, "", false, report.VerdictPass, ""},
		{"matcher failure keeps the differences", &reporttest.Spec{State: types.SpecStateFailed, Message: matcherFailure}, "", false, report.VerdictFail, "- status is 500, want 400\n- message is \"x\""},
		{"no answer could not test", &reporttest.Spec{State: types.SpecStateFailed, Message: "could not test: U2: no HTTP answer: POST /user: timeout"}, "", false, report.VerdictCouldNotTest, "U2: no HTTP answer"},
		{"a broken set-up step could not test", &reporttest.Spec{State: types.SpecStateFailed, Message: "could not test: set-up step failed: create user x: POST /user answered 500"}, "", false, report.VerdictCouldNotTest, "set-up step failed"},
		{"a panic is a failure", &reporttest.Spec{State: types.SpecStatePanicked, Message: "boom"}, "", false, report.VerdictFail, "boom"},
		{"a timeout could not test", &reporttest.Spec{State: types.SpecStateTimedout, Message: "A spec timeout occurred"}, "", false, report.VerdictCouldNotTest, "timeout"},
		{"Skip with a reason", &reporttest.Spec{State: types.SpecStateSkipped, Message: "set MX_UNASSOCIATED_CLIENT_GUID"}, "", false, report.VerdictSkipped, "set MX_UNASSOCIATED_CLIENT_GUID"},
		{"left out by the label filter", &reporttest.Spec{State: types.SpecStateSkipped}, "id:U1", false, report.VerdictSkipped, `not selected by the label filter "id:U1"`},
		{"skipped because the setup failed", &reporttest.Spec{State: types.SpecStateSkipped}, "", true, report.VerdictSkipped, "setup failed"},
		{"pending", &reporttest.Spec{State: types.SpecStatePending}, "", false, report.VerdictSkipped, "pending"},
		{"no spec", nil, "", false, report.VerdictNotRun, "no spec for this id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var specs []reporttest.Spec
			if tc.spec != nil {
				s := *tc.spec
				s.ID, s.Section = "U2", "users"
				specs = append(specs, s)
			}
			r := reporttest.Report("http://127.0.0.1:4000", "feedbeef", specs...)
			r.SuiteConfig.LabelFilter = tc.labelFilter
			if tc.setupFails {
				r.SpecReports[0].State = types.SpecStateFailed
				r.SpecReports[0].Failure.Message = "starting the embedded mock: address in use"
			}
			u2 := rowByID(t, report.Build(r, cat), "U2")
			if u2.Verdict != tc.verdict {
				t.Errorf("verdict = %s, want %s", u2.Verdict, tc.verdict)
			}
			if (tc.reason == "" && u2.Reason != "") || !strings.Contains(u2.Reason, tc.reason) {
				t.Errorf("reason = %q, want it to contain %q", u2.Reason, tc.reason)
			}
		})
	}
}

func TestBuildObservedMessage(t *testing.T) {
	cat := loadCatalog(t)
	long := strings.Repeat("x", 400)
	for _, tc := range []struct {
		name, body, request string
		message, requestOut string
		envelope            bool
	}{
		{"the envelope's text", `{"error":"Member not found."}`, "GET /member/1?c=C&k=REDACTED", "Member not found.", "GET /member/1?c=C&k=REDACTED", true},
		{"an HTML page as it is", "<html>Not Found</html>", "GET /x", "<html>Not Found</html>", "GET /x", false},
		{"JSON that is no envelope", `{"message":"nope"}`, "GET /x", `{"message":"nope"}`, "GET /x", false},
		{"a long body shortened", long, "GET /x", strings.Repeat("x", 160) + "…", "GET /x", false},
		{"an empty body", "", "GET /x", "", "GET /x", false},
		{"a key that slipped through is redacted", `{"error":"bad url /user?k=secret-key"}`, "GET /user?c=C&k=secret-key", "bad url /user?k=REDACTED", "GET /user?c=C&k=REDACTED", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reporttest.Report("http://127.0.0.1:4000", "feedbeef", reporttest.Spec{ID: "M1", Section: "members", State: types.SpecStatePassed,
				Observed: []reporttest.Observation{{Request: "GET /first", Status: 418, Body: `{"error":"first"}`}, {Request: tc.request, Status: 500, Body: tc.body}}})
			m1 := rowByID(t, report.Build(r, cat), "M1")
			if m1.ObservedMessage != tc.message || m1.ObservedEnvelope != tc.envelope || m1.ObservedRequest != tc.requestOut || m1.ObservedStatus != 500 {
				t.Errorf("observed = %d %q (envelope %v) for %q, want 500 %q (envelope %v) for %q (the last entry)",
					m1.ObservedStatus, m1.ObservedMessage, m1.ObservedEnvelope, m1.ObservedRequest, tc.message, tc.envelope, tc.requestOut)
			}
			if m1.StatusDiffers {
				t.Errorf("M1 documents 500 and 500 was observed: StatusDiffers must be false")
			}
		})
	}
}

func TestBuildKeepsIDsTheCatalogLacksAndSetupFailures(t *testing.T) {
	cat := loadCatalog(t)
	r := reporttest.Report("https://int-api2.example?k=leaked", "", reporttest.Spec{ID: "U9", Section: "users", State: types.SpecStatePassed})
	r.SpecReports[0].State = types.SpecStateFailed
	r.SpecReports[0].Failure.Message = "starting the embedded mock: address in use\nmore detail"
	r.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
	m := report.Build(r, cat)
	last := m.Rows[len(m.Rows)-1]
	if last.ID != "U9" || last.InCatalog || last.Verdict != report.VerdictPass {
		t.Errorf("last row = %+v, want U9, not in the catalog, passed", last)
	}
	if m.Counts.Total != len(cat.Rows)+1 || m.Counts.NotRun != len(cat.Rows) {
		t.Errorf("counts = %+v", m.Counts)
	}
	if len(m.Run.SetupFailures) != 2 || !strings.Contains(m.Run.SetupFailures[0], "address in use") || m.Run.SetupFailures[1] != "Interrupted by User" {
		t.Errorf("setup failures = %q", m.Run.SetupFailures)
	}
	if m.Run.Target != "https://int-api2.example?k=REDACTED" {
		t.Errorf("target = %q, want the key redacted", m.Run.Target)
	}
}

func TestReadReports(t *testing.T) {
	cat := loadCatalog(t)
	one := reporttest.Sample(cat, "http://127.0.0.1:4000", "feedbeef", nil, nil)
	two := reporttest.Report("http://127.0.0.1:4000", "feedbeef", reporttest.Spec{ID: "Z1", Section: "other", State: types.SpecStateFailed, Message: "x"})
	two.EndTime = one.EndTime.Add(time.Minute)
	for _, tc := range []struct {
		name, json string
		specs      int    // It specs read back
		err        string // "" = no error
	}{
		{"one suite", string(reporttest.JSON(one)), 16, ""},
		{"two suites merge", string(reporttest.JSON(one, two)), 17, ""},
		{"not JSON", "<html>", 0, "not a Ginkgo JSON report"},
		{"no suite", "[]", 0, "holds no suite"}, // still a report: see TestAReportOfNoSuiteStillRenders
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := report.ReadReports(strings.NewReader(tc.json))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := len(r.SpecReports.WithLeafNodeType(types.NodeTypeIt)); n != tc.specs {
				t.Errorf("read %d specs, want %d", n, tc.specs)
			}
			if tc.specs == 17 && (r.SuiteSucceeded || !r.EndTime.Equal(two.EndTime)) {
				t.Errorf("merged report: succeeded %v, end %v; want false and the later end", r.SuiteSucceeded, r.EndTime)
			}
			if u1 := rowByID(t, report.Build(r, cat), "U1"); u1.ObservedMessage == "" {
				t.Errorf("observed entries did not survive the JSON round trip: %+v", u1)
			}
		})
	}
}

func TestAReportOfNoSuiteStillRenders(t *testing.T) {
	r, err := report.ReadReports(strings.NewReader("[]"))
	if !errors.Is(err, report.ErrNoSuite) {
		t.Fatalf("error = %v, want ErrNoSuite", err)
	}
	m := report.Build(r, loadCatalog(t))
	if m.Run.Succeeded || m.Counts.NotRun != m.Counts.Total || len(m.Run.SetupFailures) != 1 ||
		!strings.Contains(m.Rows[0].Reason, "the suite failed before its specs") {
		t.Fatalf("matrix of no suite = %+v", m)
	}
}

// A run tells "MX broke its contract" from "we could not test": in its verdict, its counts, its
// headline, and the HTML and Markdown a reader sees first.
func TestCouldNotTestIsNotABreak(t *testing.T) {
	cat := loadCatalog(t)
	untested := reporttest.Spec{ID: "U3", Section: "users", State: types.SpecStateFailed,
		Message: "could not test: set-up step failed: create user mxc-1: POST /user?k=REDACTED answered 503, want a success (2xx)",
		Setup:   []record.Setup{{Step: "create user mxc-1", Request: "POST /user?k=REDACTED", Status: 503}}}
	broken := reporttest.Spec{ID: "U1", Section: "users", State: types.SpecStateFailed, Message: "U1: GET /user/x\nbut:\n    - status is 404, want 400"}
	passed := reporttest.Spec{ID: "U2", Section: "users", State: types.SpecStatePassed,
		Setup: []record.Setup{{Step: "create user mxc-2", Request: "POST /user?k=REDACTED", Status: 201}}}
	for _, tc := range []struct {
		name     string
		specs    []reporttest.Spec
		verdict  report.Verdict
		headline string
		md       []string
	}{
		{"only could not test", []reporttest.Spec{untested, passed}, report.VerdictCouldNotTest, "COULD NOT TEST",
			[]string{"## ⚠️ MX SSO API v2 error contract: COULD NOT TEST", "**1 could not test**", "| ⚠️ could not test | U3 |"}},
		{"a break and could not test", []reporttest.Spec{untested, broken, passed}, report.VerdictFail, "FAILED",
			[]string{"## ❌ MX SSO API v2 error contract: FAILED", "**1 failed (MX broke its contract)** · **1 could not test**"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := report.Build(reporttest.Report("https://int-api2.example", "feedbeef", tc.specs...), cat)
			if m.Verdict() != tc.verdict || m.Headline() != tc.headline {
				t.Errorf("verdict %s %q, want %s %q", m.Verdict(), m.Headline(), tc.verdict, tc.headline)
			}
			var md, html strings.Builder
			_ = report.WriteMarkdown(&md, m)
			_ = report.WriteHTML(&html, m)
			for _, want := range tc.md {
				if !strings.Contains(md.String(), want) {
					t.Errorf("summary.md lacks %q:\n%s", want, md.String())
				}
			}
			for _, want := range []string{`<div class="run-verdict ` + string(tc.verdict) + `">` + tc.headline, `Could not test: <a href="#row-U3">U3</a>`,
				`<span class="badge could-not-test">could-not-test</span>`, "set-up: create user mxc-2 → 201"} {
				if !strings.Contains(html.String(), want) {
					t.Errorf("index.html lacks %q", want)
				}
			}
		})
	}
}

// What a run could not confirm deleted is listed, with its cause, at the top of every report.
func TestLeftBehindIsListed(t *testing.T) {
	cat := loadCatalog(t)
	left := record.LeftBehind{Kind: "user", ID: "mxc-feedbeef-p1-user-0a1b", Route: "user_delete",
		Cause: "routes.user_delete (DELETE /user/{id}) answered 404 Not Found without MX's error: the host may not have this route"}
	m := report.Build(reporttest.Report("https://int-api2.example", "feedbeef",
		reporttest.Spec{ID: "U3", Section: "users", State: types.SpecStatePassed, LeftBehind: []record.LeftBehind{left}}), cat)
	if len(m.LeftBehind) != 1 || m.LeftBehind[0].SpecID != "U3" || m.LeftBehind[0].Cause != left.Cause {
		t.Fatalf("LeftBehind = %+v", m.LeftBehind)
	}
	var md, html strings.Builder
	_ = report.WriteMarkdown(&md, m)
	_ = report.WriteHTML(&html, m)
	if !strings.Contains(md.String(), "### ⚠️ Left on the host (1)") || !strings.Contains(md.String(), "`mxc-feedbeef-p1-user-0a1b` (U3): routes\\.user\\_delete \\(DELETE \\/user\\/\\{id\\}\\) answered 404") {
		t.Errorf("summary.md:\n%s", md.String())
	}
	if !strings.Contains(html.String(), "Left on the host (1)") || !strings.Contains(html.String(), "answered 404 Not Found without MX&#39;s error") {
		t.Error("index.html does not list it")
	}
}
