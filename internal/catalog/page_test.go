package catalog_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/fixtures"
	"github.com/mxcontract/mxcontract/internal/catalog"
)

// pages is fixtures/pages, MX's errors page in each form (see its README.md).
const pages = "../../fixtures/pages"

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(pages, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withoutLines drops the line numbers, which differ from form to form, and keeps what is compared.
func withoutLines(entries []catalog.PageEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprintf("%q %s %q", e.Heading, e.Status, e.Message))
	}
	return out
}

// Every unchanged rendering of the page is read as its form and documents the errors the Markdown
// copy does, under the same headings. When MX's page changes, this says which copy to re-render.
func TestEveryFormOfThePageReadsLikeTheSeed(t *testing.T) {
	want := withoutLines(catalog.ParsePage(fixtures.ErrorsPage))
	if len(want) != 14 {
		t.Fatalf("the seed page has %d errors, want 14", len(want))
	}
	html := readFixture(t, "html/unchanged.html")
	for _, tc := range []struct {
		name string
		page []byte
		form catalog.Form
	}{
		{"text/unchanged.txt", readFixture(t, "text/unchanged.txt"), catalog.FormText},
		{"text/unchanged-old-site.txt", readFixture(t, "text/unchanged-old-site.txt"), catalog.FormText},
		{"text/unchanged-old-site-copy.txt", readFixture(t, "text/unchanged-old-site-copy.txt"), catalog.FormText},
		{"html/unchanged.html", html, catalog.FormHTML},
		{"html/unchanged.html on one line, as a site serves it minified", []byte(strings.ReplaceAll(string(html), "\n", "")), catalog.FormHTML},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := catalog.DetectForm(tc.page, ""); got != tc.form {
				t.Fatalf("detected as %s, want %s", got, tc.form)
			}
			if got := withoutLines(catalog.ReadPage(tc.page, tc.form)); !slices.Equal(got, want) {
				t.Errorf("%s no longer reads like fixtures/sso-v2-errors.md:\n  %s\nwant:\n  %s",
					tc.name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

func TestDetectForm(t *testing.T) {
	text := readFixture(t, "text/unchanged.txt")
	html := readFixture(t, "html/unchanged.html")
	for _, tc := range []struct {
		name        string
		page        string
		contentType string
		want        catalog.Form
	}{
		{"the .md file", string(fixtures.ErrorsPage), "", catalog.FormMarkdown},
		{"the .md file served as text/plain, as raw file hosts do", string(fixtures.ErrorsPage), "text/plain; charset=utf-8", catalog.FormMarkdown},
		{"the .md file served as text/html by mistake: the content says Markdown", string(fixtures.ErrorsPage), "text/html", catalog.FormMarkdown},
		{"rendered text", string(text), "", catalog.FormText},
		{"rendered text served as text/plain", string(text), "text/plain", catalog.FormText},
		{"rendered text served as text/markdown: the header decides where the content does not", string(text), "text/markdown", catalog.FormMarkdown},
		{"the HTML page", string(html), "", catalog.FormHTML},
		{"the HTML page served as text/plain: the content says HTML", string(html), "text/plain", catalog.FormHTML},
		{"an HTML page after a byte-order mark and a comment", "\ufeff<!-- saved from url -->\n<html><body><p>x</p></body></html>", "", catalog.FormHTML},
		{"an HTML fragment", "<h2>User Errors</h2>\n<p>&#8220;Member not found.&#8221;</p>", "", catalog.FormHTML},
		{"text served as HTML", "User Errors\n“Member not found.” (500 HTTP Status Response)\n", "text/html; charset=utf-8", catalog.FormHTML},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := catalog.DetectForm([]byte(tc.page), tc.contentType); got != tc.want {
				t.Fatalf("DetectForm = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseForm(t *testing.T) {
	for _, f := range catalog.Forms {
		if got, err := catalog.ParseForm(string(f)); err != nil || got != f {
			t.Errorf("ParseForm(%q) = %v, %v", f, got, err)
		}
	}
	if _, err := catalog.ParseForm("markdown"); err == nil || !strings.Contains(err.Error(), "want md, text or html") {
		t.Errorf("ParseForm(markdown) error = %v", err)
	}
}

// The reader forgives what a rendering does to the text (quotes, spaces, a lost closing quote, code
// debris) and nothing that changes the error: a period, a character, a status.
func TestReadingALineOfRenderedText(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // "status message" of the one entry, or "" for none
	}{
		{`"Member not found." (500 HTTP Status Response)`, `500 "Member not found."`},
		{`“Member not found.” (500 HTTP Status Response)`, `500 "Member not found."`},
		{"“Member not found.”\u00a0(500 HTTP Status Response)", `500 "Member not found."`},
		{"\u200b“Member not found.” (500 HTTP Status Response)", `500 "Member not found."`},
		{`“Member not found. (500 HTTP Status Response)`, `500 "Member not found."`},
		{`“Failed to delete user: {SYSTEM_MESSAGE}`, `undocumented "Failed to delete user: {SYSTEM_MESSAGE}"`},
		{`“Failed to delete user: {SYSTEM_MESSAGE}”`, `undocumented "Failed to delete user: {SYSTEM_MESSAGE}"`},
		{`503 HTTP Status Response “Service Temporarily Unavailable.”`, `503 "Service Temporarily Unavailable."`},
		{`503 HTTP Status Response “Service Temporarily Unavailable.`, `503 "Service Temporarily Unavailable."`},
		{`404 HTTP Status Response`, `404 ""`},
		// what must stay a difference
		{`“Member not found” (500 HTTP Status Response)`, `500 "Member not found"`},
		{`“Member not found..” (500 HTTP Status Response)`, `500 "Member not found.."`},
		{`“Member not  found.” (500 HTTP Status Response)`, `500 "Member not  found."`},
		{`“Member not found.” (404 HTTP Status Response)`, `404 "Member not found."`},
		{`“member not found.” (500 HTTP Status Response)`, `500 "member not found."`},
		// not errors
		{`"error": "Error message from the request"`, ""},
		{`_27  "error": "Error message from the request"`, ""},
		{`“Member not found.” 500`, ""},
		{`“USR-” is reserved for the system.`, ""},
		{`Member not found. (500 HTTP Status Response)`, ""},
		{`  • Problem: A User external_guid can’t begin with “USR-” as this is reserved for the system.`, ""},
	} {
		t.Run(tc.line, func(t *testing.T) {
			var got string
			entries := catalog.ReadPage([]byte("User Errors\n"+tc.line+"\n"), catalog.FormText)
			if len(entries) > 1 {
				t.Fatalf("%d entries: %+v", len(entries), entries)
			}
			if len(entries) == 1 {
				got = fmt.Sprintf("%s %q", entries[0].Status, entries[0].Message)
			}
			if got != tc.want {
				t.Fatalf("read %s, want %s", orNone(got), orNone(tc.want))
			}
		})
	}
}

func orNone(s string) string {
	if s == "" {
		return "no error"
	}
	return s
}

// A JSON sample is an example, not an error, however the rendering lays it out.
func TestJSONSamplesAreNotErrors(t *testing.T) {
	for _, sample := range []string{
		"_10\n{\n_10\n  \"error\": \"Error message from the request\"\n_10\n}",
		"_10{_10 \"error\": \"Error message from the request\"_10}",
		"{\n  \"error\": \"Error message from the request\",\n  \"detail\": {\"id\": \"{ID}\", \"note\": \"}\"}\n}",
		"_27\n{\n_27\n  \"user\": {\n_27\n    \"guid\": \"USR-1\"\n_27\n  }\n_27\n}",
		"{\n  \"errors\": [\n    \"User with guid {GUID} not found.\",\n    \"Member not found.\"\n  ]\n}",
		"_10{\n_10  \"errors\": [\n_10    \"Member not found.\"\n_10  ]\n_10}",
	} {
		page := "User Errors\n" + sample + "\n“Member not found.” (500 HTTP Status Response)\n"
		got := withoutLines(catalog.ReadPage([]byte(page), catalog.FormText))
		if want := []string{`"User Errors" 500 "Member not found."`}; !slices.Equal(got, want) {
			t.Errorf("after the sample\n%s\nread %v, want %v", sample, got, want)
		}
	}
}

func TestHeadingsOfRenderedText(t *testing.T) {
	page := "Skip to main content\nErrors\nErrors are returned as a JSON Error object.\n" +
		"Member Errors\n“Member not found.” (500 HTTP Status Response)\n" +
		"  • Resolution: Check the Member guid to ensure it’s correct.\n" +
		"guidto ensure it's correct.\n" +
		"If there’s a response body (not applicable for 404 or 502 responses), you’ll see:\n" +
		"Account Errors\n“Could not find account with id {ID} and member id {ID}”\n"
	got := withoutLines(catalog.ReadPage([]byte(page), catalog.FormText))
	want := []string{`"Member Errors" 500 "Member not found."`, `"Account Errors" undocumented "Could not find account with id {ID} and member id {ID}"`}
	if !slices.Equal(got, want) {
		t.Fatalf("read %v, want %v", got, want)
	}
}

func TestReadingHTML(t *testing.T) {
	for _, tc := range []struct {
		name string
		html string
		want []string // "line heading status message"
	}{
		{"entities, inline code and a paragraph over two lines",
			"<h2 id=\"member-errors\"><a href=\"#member-errors\">&#8203;<svg><path d=\"M0\"/></svg></a><span>Member Errors</span></h2>\n<p>&ldquo;Member with guid <code>{GUID}</code>\n   not found&rdquo; (400&nbsp;HTTP Status Response)</p>",
			[]string{`2 "Member Errors" 400 "Member with guid {GUID} not found"`}},
		{"paragraphs and list items without end tags",
			"<h3>User Errors</h3><p>&quot;User with guid {GUID} not found.&quot; (400 HTTP Status Response)<ul><li>Problem: none<li>Resolution: none</ul><p>&#8220;Invalid format for external user guid.&#8221; (400 HTTP Status Response)",
			[]string{`1 "User Errors" 400 "User with guid {GUID} not found."`, `1 "User Errors" 400 "Invalid format for external user guid."`}},
		{"scripts, styles, code samples, navigation and buttons are not read",
			"<nav><h5>Member Errors</h5><p>\"Member not found.\" (404 HTTP Status Response)</p></nav>\n" +
				"<h2>User Errors</h2>\n<script>var s = '<p>\"Member not found.\" (404 HTTP Status Response)</p>';</script>\n" +
				"<style>p::before{content:'\"Member not found.\"'}</style>\n" +
				"<pre><code>\"Member not found.\" (404 HTTP Status Response)\n</code></pre>\n" +
				"<button>\"Member not found.\" (404 HTTP Status Response)</button>\n" +
				"<p>“Member not found.” (500 HTTP Status Response)</p>",
			[]string{`8 "User Errors" 500 "Member not found."`}},
		{"hidden content is read: React's streaming render parks the page there",
			"<h2>Member Errors</h2><div hidden id=\"S:0\"><p>“Member not found.” (500 HTTP Status Response)</p></div>",
			[]string{`1 "Member Errors" 500 "Member not found."`}},
		{"a table row is one line, so a status in its own cell is no documented status",
			"<h2>Member Errors</h2><table><tr><td>“Member not found.”</td><td>500</td></tr></table>",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range catalog.ReadPage([]byte(tc.html), catalog.FormHTML) {
				got = append(got, fmt.Sprintf("%d %q %s %q", e.Line, e.Heading, e.Status, e.Message))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("read\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// The Markdown reader takes headings at any level and leaves every fenced sample out.
func TestReadingMarkdown(t *testing.T) {
	page := "# Errors\n\n### Member Errors\n\n~~~\n\"Member not found.\" (404 HTTP Status Response)\n~~~\n\n" +
		"\"Member with guid `{GUID}` not found\" (400 HTTP Status Response)\n\n#hashtag\n\n\"Member not found.\" (500 HTTP Status Response)\n"
	got := withoutLines(catalog.ParsePage([]byte(page)))
	want := []string{`"Member Errors" 400 "Member with guid {GUID} not found"`, `"Member Errors" 500 "Member not found."`}
	if !slices.Equal(got, want) {
		t.Fatalf("read %v, want %v", got, want)
	}
}
