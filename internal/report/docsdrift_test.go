package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/fixtures"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
)

// editPage is the fixtures' errors page with each old text replaced by its new one; a replacement
// that finds nothing is a broken test, not an unchanged page.
func editPage(t *testing.T, oldNew ...string) []byte {
	t.Helper()
	page := string(fixtures.ErrorsPage)
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(page, oldNew[i]) {
			t.Fatalf("the errors page has no %q to edit", oldNew[i])
		}
		page = strings.Replace(page, oldNew[i], oldNew[i+1], 1)
	}
	return []byte(page)
}

const (
	m4Block = "\"Member with guid `{GUID}` not found\" (400 HTTP Status Response)\n"
	m1Line  = "\"Member not found.\" (500 HTTP Status Response)\n"
)

func TestDocsDrift(t *testing.T) {
	cat := loadCatalog(t)
	for _, tc := range []struct {
		name string
		page []byte
		want []string // Difference.String() of each, in order
	}{
		{"the page the catalog was written from (A1 under Member Errors is no drift)", fixtures.ErrorsPage, nil},
		{"a period removed", editPage(t, `"Invalid format for external user guid."`, `"Invalid format for external user guid"`),
			[]string{`page line 41: U2 message edited: page "Invalid format for external user guid", catalog "Invalid format for external user guid." (they differ at character 38: catalog has ".", page has the end of the text)`}},
		{"a period added", editPage(t, `"User already exists with guid `+"`{GUID}`"+`"`, `"User already exists with guid `+"`{GUID}`"+`."`),
			[]string{`page line 46: U3 message edited: page "User already exists with guid {GUID}.", catalog "User already exists with guid {GUID}" (they differ at character 37: catalog has the end of the text, page has ".")`}},
		{"a status changed", editPage(t, m1Line, `"Member not found." (404 HTTP Status Response)`+"\n"),
			[]string{"page line 63: M1 status: page 404, catalog 500"}},
		{"a status given where there was none", editPage(t, "\"Failed to delete user: `{SYSTEM_MESSAGE}`\"\n", "\"Failed to delete user: `{SYSTEM_MESSAGE}`\" (500 HTTP Status Response)\n"),
			[]string{"page line 56: U5 status: page 500, catalog undocumented"}},
		{"a new error added", editPage(t, m4Block, m4Block+"\n* **Problem**: x\n\n\"Member is locked.\" (423 HTTP Status Response)\n"),
			[]string{`page line 82: new error "Member is locked." (status 423, under "Member Errors") is in no catalog row`}},
		{"an error removed", editPage(t, m4Block, ""),
			[]string{`M4 message "Member with guid {GUID} not found" is no longer on the page`}},
		{"an error reworded past a small edit", editPage(t, `"Member not found."`, `"No member matches that guid."`),
			[]string{`page line 63: new error "No member matches that guid." (status 500, under "Member Errors") is in no catalog row`,
				`M1 message "Member not found." is no longer on the page`}},
		{"an error moved to another heading", editPage(t, m1Line, "", "## User Errors\n", "## User Errors\n\n"+m1Line),
			[]string{`page line 36: M1 stands under "User Errors" on the page; the catalog has it in section members`}},
		{"the bodiless 404 gone", editPage(t, "404 HTTP Status Response\n", ""),
			[]string{"G1: the page no longer documents a bodiless 404", "G2: the page no longer documents a bodiless 404"}},
		{"a new bodiless status", editPage(t, "502 HTTP Status Response\n", "502 HTTP Status Response\n\n429 HTTP Status Response\n"),
			[]string{"page line 18: new bodiless status 429, which no catalog row has"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range report.DocsDrift(catalog.ParsePage(tc.page), cat) {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("differences:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestDocsDriftKinds(t *testing.T) {
	cat := loadCatalog(t)
	page := editPage(t, `"Invalid format for external member guid"`, `"Invalid format for external member guid."`,
		m4Block, "", "502 HTTP Status Response\n", "")
	var kinds []report.DifferenceKind
	for _, d := range report.DocsDrift(catalog.ParsePage(page), cat) {
		kinds = append(kinds, d.Kind)
	}
	want := []report.DifferenceKind{report.DiffEditedMessage, report.DiffMissingStatus, report.DiffMissingMessage}
	if !slices.Equal(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
}

// pages is fixtures/pages: MX's errors page in each form, unchanged and with one edit each (see
// its README.md). The unchanged Markdown copy is fixtures/sso-v2-errors.md itself.
const pages = "../../fixtures/pages"

// pageForms are the forms of the page and where each form's copies are.
var pageForms = []struct {
	form      catalog.Form
	dir, ext  string
	unchanged []string // every unchanged copy of the form, relative to fixtures/pages
}{
	{catalog.FormMarkdown, "markdown", "md", []string{"../sso-v2-errors.md"}},
	{catalog.FormText, "text", "txt", []string{"text/unchanged.txt", "text/unchanged-old-site.txt", "text/unchanged-old-site-copy.txt"}},
	{catalog.FormHTML, "html", "html", []string{"html/unchanged.html"}},
}

// pageEdits are the edited copies of each form: the same change in every form, which docs drift
// must report as exactly that change. A want with %d is anchored at the edited entry, whose line
// in each form's copy (Markdown, text, HTML) is in lines.
var pageEdits = []struct {
	stem  string
	want  []string
	lines [3]int
}{
	{"u1-period-dropped", []string{`page line %d: U1 message edited: page "User with guid {GUID} not found", catalog "User with guid {GUID} not found." (they differ at character 32: catalog has ".", page has the end of the text)`}, [3]int{36, 47, 44}},
	{"m2-period-added", []string{`page line %d: M2 message edited: page "Invalid format for external member guid.", catalog "Invalid format for external member guid" (they differ at character 40: catalog has the end of the text, page has ".")`}, [3]int{68, 68, 75}},
	{"m1-status-404", []string{"page line %d: M1 status: page 404, catalog 500"}, [3]int{63, 65, 70}},
	{"a1-reworded", []string{`page line %d: A1 message edited: page "Could not find account with id {ID} for member id {ID}", catalog "Could not find account with id {ID} and member id {ID}" (they differ at character 37: catalog has "a", page has "f")`}, [3]int{88, 80, 95}},
	{"row-added", []string{`page line %d: new error "User is disabled." (status 403, under "User Errors") is in no catalog row`}, [3]int{61, 62, 69}},
	{"m4-removed", []string{`M4 message "Member with guid {GUID} not found" is no longer on the page`}, [3]int{}},
}

// Every form of the page, unchanged, is no drift; each edit, in every form, is reported as exactly
// that change. The form is the one DetectForm tells from the content, as the command does.
func TestDocsDriftOnEveryFormOfThePage(t *testing.T) {
	cat := loadCatalog(t)
	check := func(t *testing.T, file string, form catalog.Form, want []string) {
		t.Helper()
		page, err := os.ReadFile(filepath.Join(pages, file))
		if err != nil {
			t.Fatal(err)
		}
		if got := catalog.DetectForm(page, ""); got != form {
			t.Fatalf("%s detected as %s, want %s", file, got, form)
		}
		var got []string
		for _, d := range report.DocsDrift(catalog.ReadPage(page, form), cat) {
			got = append(got, d.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s (%s): differences:\n  %s\nwant:\n  %s", file, form, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
	for f, pf := range pageForms {
		for _, file := range pf.unchanged {
			t.Run(string(pf.form)+"/unchanged/"+filepath.Base(file), func(t *testing.T) { check(t, file, pf.form, nil) })
		}
		for _, e := range pageEdits {
			var want []string
			for _, w := range e.want {
				if strings.Contains(w, "%d") {
					w = fmt.Sprintf(w, e.lines[f])
				}
				want = append(want, w)
			}
			t.Run(string(pf.form)+"/"+e.stem, func(t *testing.T) { check(t, pf.dir+"/"+e.stem+"."+pf.ext, pf.form, want) })
		}
	}
}

// A minified HTML page has every entry on one line; the differences still come in page order.
func TestDocsDriftKeepsPageOrderOnOneLine(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(pages, "html/unchanged.html"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer("\n", "",
		"guid <code>{GUID}</code> not found.&#8221;", "guid <code>{GUID}</code> not found&#8221;", // U1: a period dropped
		"“Member not found.” (500", "“Member not found.” (404", // M1: a status changed
		"“User already exists with guid", "“There is already a user with guid", // U3: reworded past a small edit
	).Replace(string(page))
	var got []report.DifferenceKind
	for _, d := range report.DocsDrift(catalog.ReadPage([]byte(edited), catalog.FormHTML), loadCatalog(t)) {
		if d.Line != 1 && d.Kind != report.DiffMissingMessage {
			t.Errorf("%s: line %d, want 1", d, d.Line)
		}
		got = append(got, d.Kind)
	}
	want := []report.DifferenceKind{report.DiffEditedMessage, report.DiffNewMessage, report.DiffStatus, report.DiffMissingMessage}
	if !slices.Equal(got, want) {
		t.Fatalf("kinds = %v, want %v (U1, the reworded U3, M1, then U3's lost text)", got, want)
	}
}
