package report_test

import (
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
