package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/fixtures"
)

// edited is MX's errors page with one text replaced, as MX might edit it.
func edited(t *testing.T, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(fixtures.ErrorsPage, []byte(old)) {
		t.Fatalf("the errors page has no %q", old)
	}
	return bytes.Replace(fixtures.ErrorsPage, []byte(old), []byte(new), 1)
}

// servePage serves body on a loopback server at /errors.md, with the given Content-Type and status.
func servePage(t *testing.T, status int, contentType string, body []byte, delay time.Duration) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/errors.md"
}

func TestDocsDriftCommand(t *testing.T) {
	periodRemoved := edited(t, `"Member not found."`, `"Member not found"`)
	statusChanged := edited(t, `"Create user failed: Client must be associated." (500`, `"Create user failed: Client must be associated." (403`)
	markdown := "text/markdown; charset=utf-8"
	for _, tc := range []struct {
		name   string
		files  map[string][]byte
		args   func(t *testing.T) []string
		code   int
		stdout []string
		stderr string
	}{
		{"the copy in fixtures, by default", nil, func(*testing.T) []string { return nil }, exitOK,
			[]string{"No docs drift: the 14 errors on fixtures/sso-v2-errors.md"}, ""},
		{"an edited file", map[string][]byte{"page.md": periodRemoved}, func(*testing.T) []string { return []string{"--page", "page.md"} }, exitDrift,
			[]string{"Docs drift: page.md and the catalog (fixtures/catalog.yaml) differ in 1 place:",
				`  - page line 63: M1 message edited: page "Member not found", catalog "Member not found."`, "update fixtures/catalog.yaml"}, ""},
		{"an edited page at a URL", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusOK, markdown, statusChanged, 0)}
		}, exitDrift, []string{"U4 status: page 403, catalog 500"}, ""},
		{"the unchanged page at a URL", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusOK, markdown, fixtures.ErrorsPage, 0)}
		}, exitOK, []string{"No docs drift"}, ""},
		{"a URL that answers 404", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusNotFound, "text/plain", []byte("gone"), 0)}
		}, exitUsage, nil, "answered 404 Not Found"},
		{"a URL that answers HTML", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusOK, "text/html", []byte("<html><body>Errors</body></html>"), 0)}
		}, exitUsage, nil, "give the Markdown version of the page"},
		{"a URL too slow for the timeout", nil, func(t *testing.T) []string {
			return []string{"--timeout", "100ms", "--page", servePage(t, http.StatusOK, markdown, fixtures.ErrorsPage, 5*time.Second)}
		}, exitUsage, nil, "fetching the page (timeout 100ms)"},
		{"a missing file", nil, func(*testing.T) []string { return []string{"--page", "nope.md"} }, exitUsage, nil, "reading the page: open nope.md"},
		{"a file that is not the errors page", map[string][]byte{"readme.md": []byte("# Hello\n")},
			func(*testing.T) []string { return []string{"--page", "readme.md"} }, exitUsage, nil, "documents no error"},
		{"a bad flag", nil, func(*testing.T) []string { return []string{"--pages", "x"} }, exitUsage, nil, "flag provided but not defined: -pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"docs-drift"}, tc.args(t)...)
			_, code, stdout, stderr := runIn(t, tc.files, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
		})
	}
}
