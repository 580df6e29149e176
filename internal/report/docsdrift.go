package report

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/mxcontract/mxcontract/internal/catalog"
)

// DifferenceKind names how MX's errors page and the catalog disagree.
type DifferenceKind string

const (
	DiffNewMessage     DifferenceKind = "new-message"     // on the page, in no catalog row
	DiffEditedMessage  DifferenceKind = "edited-message"  // on the page, a small edit of a row's text
	DiffMissingMessage DifferenceKind = "missing-message" // a row's text is no longer on the page
	DiffStatus         DifferenceKind = "status"          // same text, another status
	DiffSection        DifferenceKind = "section"         // same text, under another heading
	DiffNewStatus      DifferenceKind = "new-status"      // a bodiless status the catalog lacks
	DiffMissingStatus  DifferenceKind = "missing-status"  // a bodiless status (404, 502) is gone
)

// Difference is one place where the page and the catalog disagree.
type Difference struct {
	Kind    DifferenceKind
	ID      string // the catalog row concerned, if any
	Line    int    // the page line, if any
	Page    string // what the page says
	Catalog string // what the catalog says
	Detail  string // where two texts differ, or what to look at

	at int // the position in the page of the entry concerned, from 1; 0 for none
}

func (d Difference) String() string {
	at := ""
	if d.Line > 0 {
		at = fmt.Sprintf("page line %d: ", d.Line)
	}
	var what string
	switch d.Kind {
	case DiffNewMessage:
		what = fmt.Sprintf("new error %q (%s) is in no catalog row", d.Page, d.Detail)
	case DiffEditedMessage:
		what = fmt.Sprintf("%s message edited: page %q, catalog %q (%s)", d.ID, d.Page, d.Catalog, d.Detail)
	case DiffMissingMessage:
		what = fmt.Sprintf("%s message %q is no longer on the page", d.ID, d.Catalog)
	case DiffStatus:
		what = fmt.Sprintf("%s status: page %s, catalog %s", d.ID, d.Page, d.Catalog)
	case DiffSection:
		what = fmt.Sprintf("%s stands under %q on the page; the catalog has it in section %s", d.ID, d.Page, d.Catalog)
	case DiffNewStatus:
		what = fmt.Sprintf("new bodiless status %s, which no catalog row has", d.Page)
	case DiffMissingStatus:
		what = fmt.Sprintf("%s: the page no longer documents a bodiless %s", d.ID, d.Catalog)
	}
	return at + what
}

// headings are the page headings each catalog section may stand under. Accounts has no heading
// of its own: MX lists the account-delete error (A1) under "Member Errors".
var headings = map[string][]string{
	"general":  {"General MX Platform Errors"},
	"users":    {"User Errors"},
	"members":  {"Member Errors"},
	"accounts": {"Member Errors", "Account Errors"},
	"other":    {"Other Errors"},
}

// DocsDrift lists every difference between MX's errors page (as catalog.ReadPage reads it, in
// any form) and the catalog, in page order and then the catalog rows the page lost.
func DocsDrift(page []catalog.PageEntry, cat *catalog.Catalog) []Difference {
	var diffs []Difference
	matched := map[string]bool{}
	var unmatched []int
	for i, e := range page {
		if e.Message == "" {
			continue // bodiless statuses: below
		}
		r := slices.IndexFunc(cat.Rows, func(r catalog.Row) bool { return r.Message == e.Message })
		if r < 0 {
			unmatched = append(unmatched, i)
			continue
		}
		matched[cat.Rows[r].ID] = true
		diffs = append(diffs, compareEntry(page, i, cat.Rows[r])...)
	}
	for _, i := range unmatched {
		e := page[i]
		if row, ok := closestRow(e.Message, cat, matched); ok {
			matched[row.ID] = true
			diffs = append(diffs, Difference{Kind: DiffEditedMessage, ID: row.ID, Line: e.Line, Page: e.Message,
				Catalog: row.Message, Detail: whereTheyDiffer(row.Message, e.Message), at: i + 1})
			diffs = append(diffs, compareEntry(page, i, row)...)
			continue
		}
		diffs = append(diffs, Difference{Kind: DiffNewMessage, Line: e.Line, Page: e.Message,
			Detail: fmt.Sprintf("status %s, under %q", e.Status, e.Heading), at: i + 1})
	}
	diffs = append(diffs, bodilessDrift(page, cat)...)
	for _, r := range cat.Rows {
		if r.Message != "" && !matched[r.ID] {
			diffs = append(diffs, Difference{Kind: DiffMissingMessage, ID: r.ID, Catalog: r.Message})
		}
	}
	slices.SortStableFunc(diffs, func(a, b Difference) int { return pageOrder(a) - pageOrder(b) })
	return diffs
}

// pageOrder puts differences at an entry of the page first, in page order (not line order: a
// minified HTML page has all its entries on one line), and the rest after them.
func pageOrder(d Difference) int {
	if d.at == 0 {
		return 1 << 30
	}
	return d.at
}

// compareEntry compares the page's entry i with the row whose text it has.
func compareEntry(page []catalog.PageEntry, i int, r catalog.Row) []Difference {
	var diffs []Difference
	e := page[i]
	if e.Status != r.Status {
		diffs = append(diffs, Difference{Kind: DiffStatus, ID: r.ID, Line: e.Line, Page: e.Status.String(), Catalog: r.Status.String(), at: i + 1})
	}
	if !slices.Contains(headings[r.Section], e.Heading) {
		diffs = append(diffs, Difference{Kind: DiffSection, ID: r.ID, Line: e.Line, Page: e.Heading, Catalog: r.Section, at: i + 1})
	}
	return diffs
}

// bodilessDrift compares the statuses the page documents without a body (404, 502) with the
// catalog's none-promised rows.
func bodilessDrift(page []catalog.PageEntry, cat *catalog.Catalog) []Difference {
	var diffs []Difference
	onPage := map[catalog.Status]bool{}
	for i, e := range page {
		if e.Message != "" {
			continue
		}
		onPage[e.Status] = true
		if !slices.ContainsFunc(cat.Rows, func(r catalog.Row) bool { return r.Body == catalog.BodyNonePromised && r.Status == e.Status }) {
			diffs = append(diffs, Difference{Kind: DiffNewStatus, Line: e.Line, Page: e.Status.String(), at: i + 1})
		}
	}
	for _, r := range cat.Rows {
		if r.Body == catalog.BodyNonePromised && !onPage[r.Status] {
			diffs = append(diffs, Difference{Kind: DiffMissingStatus, ID: r.ID, Catalog: r.Status.String()})
		}
	}
	return diffs
}

// closestRow is the row, not yet matched, whose text is a small edit of msg: a changed period or
// a reworded word, not a different error. Small is a few characters, or a tenth of the text.
func closestRow(msg string, cat *catalog.Catalog, matched map[string]bool) (catalog.Row, bool) {
	best, bestDistance := catalog.Row{}, -1
	for _, r := range cat.Rows {
		if r.Message == "" || matched[r.ID] {
			continue
		}
		if d := editDistance(r.Message, msg); bestDistance < 0 || d < bestDistance {
			best, bestDistance = r, d
		}
	}
	limit := max(3, utf8.RuneCountInString(best.Message)/10)
	return best, bestDistance >= 0 && bestDistance <= limit
}

// editDistance is the Levenshtein distance in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// whereTheyDiffer says at which character the page's text leaves the catalog's, as the matcher does.
func whereTheyDiffer(catalogText, pageText string) string {
	c, p := []rune(catalogText), []rune(pageText)
	i := 0
	for i < len(c) && i < len(p) && c[i] == p[i] {
		i++
	}
	show := func(r []rune) string {
		if i >= len(r) {
			return "the end of the text"
		}
		return fmt.Sprintf("%q", string(r[i]))
	}
	return fmt.Sprintf("they differ at character %d: catalog has %s, page has %s", i+1, show(c), show(p))
}
