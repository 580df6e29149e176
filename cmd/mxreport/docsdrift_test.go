package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
	return servePageAt(t, "/errors.md", status, contentType, body, delay)
}

// servePageAt serves body on a loopback server at path.
func servePageAt(t *testing.T, path string, status int, contentType string, body []byte, delay time.Duration) string {
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
	return srv.URL + path
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
			[]string{"No docs drift: the 14 errors on fixtures/sso-v2-errors.md (the copy built into mxreport) (read as Markdown)"}, ""},
		{"an edited file", map[string][]byte{"page.md": periodRemoved}, func(*testing.T) []string { return []string{"--page", "page.md"} }, exitDrift,
			[]string{"Docs drift: page.md (read as Markdown) and the catalog (fixtures/catalog.yaml) differ in 1 place:",
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
		{"a URL that answers an HTML page that is not the errors page", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusOK, "text/html", []byte("<html><body>Errors</body></html>"), 0)}
		}, exitUsage, nil, ", read as HTML, documents no error that the page reader recognises: is it MX's errors page? If it is in another form, say which with --form md|text|html."},
		{"a page read as the form --form names", map[string][]byte{"page.html": []byte("<p>\"Member not found.\" (500 HTTP Status Response)</p>")},
			func(*testing.T) []string { return []string{"--form", "md", "--page", "page.html"} }, exitUsage, nil,
			"page.html, read as Markdown, documents no error that the page reader recognises: is it MX's errors page?\n"},
		{"an unknown --form", nil, func(*testing.T) []string { return []string{"--form", "pdf"} }, exitUsage, nil, `--form: unknown page form "pdf": want md, text or html (or auto)`},
		{"a URL that sends more than any errors page", nil, func(t *testing.T) []string {
			return []string{"--page", servePage(t, http.StatusOK, "text/html", bytes.Repeat([]byte("<p>x</p>\n"), maxPageBytes/8), 0)}
		}, exitUsage, nil, "it is larger than 4 MiB, which no errors page is"},
		{"a URL too slow for the timeout", nil, func(t *testing.T) []string {
			return []string{"--timeout", "100ms", "--page", servePage(t, http.StatusOK, markdown, fixtures.ErrorsPage, 5*time.Second)}
		}, exitUsage, nil, "fetching the page (timeout 100ms)"},
		{"a missing file", nil, func(*testing.T) []string { return []string{"--page", "nope.md"} }, exitUsage, nil, "reading the page: open nope.md"},
		{"a file that is not the errors page", map[string][]byte{"readme.md": []byte("# Hello\n")},
			func(*testing.T) []string { return []string{"--page", "readme.md"} }, exitUsage, nil, "readme.md, read as Markdown, documents no error"},
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

// The forms of MX's errors page in fixtures/pages (see its README.md), how a docs site serves
// each, and how the command must name it.
var pageForms = []struct {
	dir, ext    string
	unchanged   string // relative to fixtures/pages
	path        string // where the test server serves it
	contentType string
	readAs      string
}{
	{"markdown", "md", "../sso-v2-errors.md", "/api-reference/sso/v2/errors.md", "text/markdown; charset=utf-8", "Markdown"},
	{"text", "txt", "text/unchanged.txt", "/saved/errors.txt", "text/plain; charset=utf-8", "rendered text"},
	{"html", "html", "html/unchanged.html", "/api-reference/sso/v2/errors", "text/html; charset=utf-8", "HTML"},
}

// The edited copies of each form and the differences the command must list, each identified by
// its row and kind; the exact wording and lines are held by internal/report's tests.
var pageEdits = []struct {
	stem string
	want []string
}{
	{"unchanged", nil},
	{"u1-period-dropped", []string{`U1 message edited: page "User with guid {GUID} not found", catalog "User with guid {GUID} not found."`}},
	{"m2-period-added", []string{`M2 message edited: page "Invalid format for external member guid.", catalog "Invalid format for external member guid"`}},
	{"m1-status-404", []string{"M1 status: page 404, catalog 500"}},
	{"a1-reworded", []string{`A1 message edited: page "Could not find account with id {ID} for member id {ID}"`}},
	{"row-added", []string{`new error "User is disabled." (status 403, under "User Errors") is in no catalog row`}},
	{"m4-removed", []string{`M4 message "Member with guid {GUID} not found" is no longer on the page`}},
}

// Every form of the page, from a file and from a URL: unchanged it is no drift (exit 0), and each
// edit is drift (exit 1) listed as exactly that change, with the form the page was read as.
func TestDocsDriftCommandOnEveryFormOfThePage(t *testing.T) {
	pages, err := filepath.Abs("../../fixtures/pages")
	if err != nil {
		t.Fatal(err)
	}
	for _, pf := range pageForms {
		for _, e := range pageEdits {
			file := filepath.Join(pages, pf.dir, e.stem+"."+pf.ext)
			if e.stem == "unchanged" {
				file = filepath.Join(pages, pf.unchanged)
			}
			page, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, from := range []string{"file", "URL"} {
				t.Run(pf.dir+"/"+e.stem+"/"+from, func(t *testing.T) {
					source := file
					if from == "URL" {
						source = servePageAt(t, pf.path, http.StatusOK, pf.contentType, page, 0)
					}
					_, code, stdout, stderr := runIn(t, nil, "docs-drift", "--page", source)
					checkVerdict(t, code, stdout, stderr, source+" (read as "+pf.readAs+")", e.want)
				})
			}
		}
	}
}

// checkVerdict holds the command's output to the differences wanted: none, or exactly these.
func checkVerdict(t *testing.T, code int, stdout, stderr, readAs string, want []string) {
	t.Helper()
	if want == nil {
		if code != exitOK || !strings.HasPrefix(stdout, "No docs drift: the 14 errors on "+readAs+" match") {
			t.Fatalf("exit %d, want %d and no drift on %s\nstdout: %s\nstderr: %s", code, exitOK, readAs, stdout, stderr)
		}
		return
	}
	if code != exitDrift {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitDrift, stdout, stderr)
	}
	if head := fmt.Sprintf("Docs drift: %s and the catalog (fixtures/catalog.yaml) differ in %s:", readAs, count(len(want), "place")); !strings.HasPrefix(stdout, head) {
		t.Errorf("stdout does not start with %q:\n%s", head, stdout)
	}
	var listed []string
	for _, line := range strings.Split(stdout, "\n") {
		if d, ok := strings.CutPrefix(line, "  - "); ok {
			listed = append(listed, d)
		}
	}
	if len(listed) != len(want) {
		t.Fatalf("%d differences listed, want %d:\n%s", len(listed), len(want), stdout)
	}
	for i := range want {
		if !strings.Contains(listed[i], want[i]) {
			t.Errorf("difference %d is %q, want it to say %q", i+1, listed[i], want[i])
		}
	}
}

// A docs site may label a page wrongly; where the content is clear, it decides.
func TestDocsDriftCommandReadsTheContentNotTheLabel(t *testing.T) {
	html, err := os.ReadFile("../../fixtures/pages/html/m1-status-404.html")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../../fixtures/pages/text/unchanged.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		contentType string
		page        []byte
		args        []string
		readAs      string
		want        []string
	}{
		{"HTML served as text/plain", "text/plain", html, nil, "HTML", []string{"M1 status: page 404, catalog 500"}},
		{"the .md file served as text/html", "text/html", fixtures.ErrorsPage, nil, "Markdown", nil},
		{"rendered text served as application/octet-stream", "application/octet-stream", text, nil, "rendered text", nil},
		{"rendered text served as text/markdown, read as --form says", "text/markdown", text, []string{"--form", "text"}, "rendered text", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := servePageAt(t, "/errors", http.StatusOK, tc.contentType, tc.page, 0)
			_, code, stdout, stderr := runIn(t, nil, append([]string{"docs-drift", "--page", url}, tc.args...)...)
			checkVerdict(t, code, stdout, stderr, url+" (read as "+tc.readAs+")", tc.want)
		})
	}
}
