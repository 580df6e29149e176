package report_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
	"github.com/onsi/ginkgo/v2/types"
)

// hostile is a run whose answers carry markup and Markdown table syntax, as a broken or hostile
// target could send them: the reports must show them as text.
func hostile(t *testing.T) report.Matrix {
	cat := loadCatalog(t)
	r := reporttest.Sample(cat, "http://127.0.0.1:4000", "feedbeef", []string{"U1"}, []string{"G3"})
	for i, s := range r.SpecReports {
		if slices.Contains(s.Labels(), "id:M2") {
			r.SpecReports[i] = reporttest.Spec{ID: "M2", Section: "members", State: types.SpecStateFailed,
				Message: "M2: <b>bold</b> | pipe",
				Observed: []reporttest.Observation{{Request: "POST /member?k=REDACTED", Status: 400,
					Body: `{"error":"<script>alert('x')</script> a|b ` + "`tick`" + `"}`}}}.SpecReport()
		}
	}
	return report.Build(r, cat)
}

func renderHTML(t *testing.T, m report.Matrix) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteHTML(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var tableRow = regexp.MustCompile(`<tr id="row-([A-Z0-9]+)" class="([a-z-]+)">`)

func TestHTMLHasEveryRowWithItsVerdict(t *testing.T) {
	m := hostile(t)
	page := renderHTML(t, m)
	var got, want []string
	for _, match := range tableRow.FindAllStringSubmatch(page, -1) {
		got = append(got, match[1]+"="+match[2])
	}
	for _, r := range m.Rows {
		want = append(want, r.ID+"="+string(r.Verdict))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("table rows:\n  %v\nwant, in page order:\n  %v", got, want)
	}
	for _, text := range []string{
		"FAILED", "<strong>13</strong> passed", "<strong>2</strong> failed", "<strong>1</strong> skipped",
		`<span class="badge fail">fail</span>`, `<span class="badge skipped">skipped</span>`, "http://127.0.0.1:4000",
		`MX broke its contract: <a href="#row-U1">U1</a><a href="#row-M2">M2</a>`, "needs fault injection", "2026-11-25 03:00:00 UTC",
	} {
		if !strings.Contains(page, text) {
			t.Errorf("the page lacks %q", text)
		}
	}
}

func TestHTMLShowsMarkupAsText(t *testing.T) {
	page := renderHTML(t, hostile(t))
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>bold") {
		t.Fatal("a message's markup reached the page as markup")
	}
	for _, escaped := range []string{"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; a|b `tick`", "M2: &lt;b&gt;bold&lt;/b&gt; | pipe"} {
		if !strings.Contains(page, escaped) {
			t.Errorf("the page lacks the escaped text %q", escaped)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	page := renderHTML(t, hostile(t))
	for _, external := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(page, external) {
			t.Errorf("the page refers to something outside itself: %q", external)
		}
	}
	if strings.Count(page, `<circle class="arc-`) != 3 {
		t.Errorf("the chart should have 3 arcs (pass, fail, skipped)")
	}
}

func TestHTMLChanges(t *testing.T) {
	cat := loadCatalog(t)
	prev := report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "aaaa1111", nil, nil), cat)
	for _, tc := range []struct {
		name    string
		cur     report.Matrix
		compare bool
		want    string // "" = no changes section at all
	}{
		{"no previous run", hostile(t), false, ""},
		{"nothing changed", report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "bbbb2222", nil, nil), cat), true, "No changes"},
		{"a regression", hostile(t), true, `<tr class="change regression"><td class="id"><a href="#row-U1">U1</a></td><td>verdict</td><td class="msg">pass</td><td class="msg">fail</td></tr>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.compare {
				tc.cur.CompareWith(prev)
			}
			page := renderHTML(t, tc.cur)
			has := strings.Contains(page, "Changes since the previous run")
			if has != (tc.want != "") || !strings.Contains(page, tc.want) {
				t.Errorf("changes section present %v, want %v with %q", has, tc.want != "", tc.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	cat := loadCatalog(t)
	m := hostile(t)
	m.CompareWith(report.Build(reporttest.Sample(cat, "http://127.0.0.1:4000", "aaaa1111", nil, nil), cat))
	var b bytes.Buffer
	if err := report.WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	var order []string
	for _, line := range strings.Split(md, "\n") {
		if cells := strings.Split(line, " | "); strings.HasPrefix(line, "| ") && len(cells) > 2 && cells[1] != "id" && cells[1] != "---" {
			order = append(order, cells[1])
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 8 {
				t.Errorf("row %s has %d cell borders, want 8 (an unescaped pipe?): %s", cells[1], n, line)
			}
		}
	}
	if want := []string{"U1", "M2", "G3"}; len(order) != len(m.Rows) || !slices.Equal(order[:3], want) {
		t.Errorf("row order %v, want failures first (%v), then the skip, then the passes", order, want)
	}
	for _, text := range []string{
		"## ❌ MX SSO API v2 error contract: FAILED", "13 passed · **2 failed (MX broke its contract)** · 1 skipped",
		"### Changes since the previous run", "- 🔴 U1\\: verdict pass → fail",
		"`` <script>alert('x')</script> a\\|b `tick` ``", `M2\: \<b\>bold\<\/b\> \| pipe`,
		"| ❌ fail | U1 | users | 400 `User with guid {GUID} not found.` | 400 `User with guid mxc-feedbeef-p1-u1-00000001 not found` |",
		"| ⏭️ skipped | G3 | general | 502 (no body promised) | — |",
	} {
		if !strings.Contains(md, text) {
			t.Errorf("the summary lacks %q:\n%s", text, md)
		}
	}
}
