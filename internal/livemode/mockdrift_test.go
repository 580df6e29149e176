package livemode_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/livehost"
	"github.com/mxcontract/mxcontract/internal/mockdrift"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/mxmock"
)

// otherwiseMxmock is mxmock where the docs speak, and differs where MX is silent, as a real host
// may: a wrong URL gets an HTML page, and a wrong key 403 instead of mxmock's 401.
func otherwiseMxmock(t *testing.T) string {
	t.Helper()
	m, err := mxmock.Start(mxmock.Config{APIKey: apiKey, Clients: []mxmock.Client{{GUID: clientGUID}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, r)
		status, body := rec.Code, rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		switch {
		case status == 404 && strings.HasPrefix(string(body), `{"error":"No route for`):
			w.Header().Set("Content-Type", "text/html")
			body = []byte("<html><body><h1>Not Found</h1></body></html>")
		case r.URL.Query().Has("k") && r.URL.Query().Get("k") != apiKey:
			status = http.StatusForbidden
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// After a live run, mxmock is held to what the host answered: against mxmock itself nothing
// differs (no false difference from ids, tokens or times); against a host that differs where MX is
// silent, exactly those differences are listed, as mxmock's choices, each naming the choice.
func TestMockDriftListsExactlyTheDifferences(t *testing.T) {
	cat, _ := catalog.Load()
	standalone, err := mxmock.Start(mxmock.Config{APIKey: apiKey, Clients: []mxmock.Client{{GUID: clientGUID}}})
	if err != nil {
		t.Fatal(err)
	}
	defer standalone.Close()
	for _, tc := range []struct {
		name string
		url  string
		want []string // request | what | MX | mxmock, all where MX is silent
	}{
		{"mxmock itself", standalone.URL, nil},
		{"a host that differs where MX is silent", otherwiseMxmock(t), []string{
			"GET (a path that is no route) | Content-Type | text/html | application/json",
			`GET (a path that is no route) | envelope | not JSON | {"error": "..."}`,
			"GET /user/{id} with a wrong key | status | 403 | 401",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runSuite(t, liveEnv(tc.url, t.TempDir()))
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			drift, err := mockdrift.Replay(ctx, res.Report, cat)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range drift.Differences {
				got = append(got, strings.Join([]string{d.Request, d.What, d.MX, d.Mock}, " | "))
				if d.DocsSpeak || !strings.HasPrefix(d.Why, "docs/mxmock.md, The mock's own choices: ") {
					t.Errorf("%s %s: docs speak %v, why %q", d.Request, d.What, d.DocsSpeak, d.Why)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			// O1's 2 MiB body is not recorded whole; it is recorded at all only when an answer came.
			if drift.Replayed < 40 || drift.Skipped > 1 {
				t.Errorf("replayed %d, skipped %d; want every exchange but the 2 MiB body", drift.Replayed, drift.Skipped)
			}
			var md bytes.Buffer
			drift.Path = "reports/mock-drift.md"
			_ = mockdrift.WriteMarkdown(&md, drift)
			t.Logf("%s\n%s", mockdrift.Line(drift), md.String())
		})
	}
}

// A host written apart from mxmock, the stand-in of the live-mode tests, differs in many places
// where MX is silent; the drift report lists them, for the reader to see what a real one looks like.
func TestMockDriftAgainstAnIndependentHost(t *testing.T) {
	cat, _ := catalog.Load()
	host := startHost(t, livehost.Behaviour{CreateStatus: 201, SilentOnBadKey: true, HTML404: true})
	res := runSuite(t, liveEnv(host.URL, t.TempDir()))
	drift, err := mockdrift.Replay(context.Background(), res.Report, cat)
	if err != nil {
		t.Fatal(err)
	}
	drift.Path = "reports/mock-drift.md"
	var md bytes.Buffer
	_ = mockdrift.WriteMarkdown(&md, drift)
	m := report.Build(res.Report, cat)
	m.MockDrift = &drift
	var page bytes.Buffer
	if err := report.WriteHTML(&page, m); err != nil || !strings.Contains(page.String(), "Is mxmock still MX?") {
		t.Errorf("the HTML report has no mock-drift section: %v", err)
	}
	if len(drift.Differences) == 0 {
		t.Error("no difference from a host written apart from mxmock")
	}
	t.Logf("%s\n%s", mockdrift.Line(drift), md.String())
}
