package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// verdictMarks read at a glance in a GitHub job summary or PR comment and still mean something in
// a plain CI log.
var verdictMarks = map[Verdict]string{
	VerdictPass: "✅ pass", VerdictFail: "❌ fail", VerdictCouldNotTest: "⚠️ could not test",
	VerdictSkipped: "⏭️ skipped", VerdictNotRun: "⚪ not run",
}

// verdictOrder puts failures first, then what could not be tested or did not run, then passes.
var verdictOrder = map[Verdict]int{VerdictFail: 0, VerdictCouldNotTest: 1, VerdictSkipped: 2, VerdictNotRun: 3, VerdictPass: 4}

// headlineMarks go with Matrix.Headline.
var headlineMarks = map[Verdict]string{VerdictPass: "✅", VerdictFail: "❌", VerdictCouldNotTest: "⚠️"}

// WriteMarkdown writes the summary for CI logs, job summaries and PR comments: the verdict and
// counts, the changes since the previous run, and one table row per id with failures first.
func WriteMarkdown(w io.Writer, m Matrix) error {
	b := bufio.NewWriter(w)
	run := m.Run
	fmt.Fprintf(b, "## %s %s: %s\n\n", headlineMarks[m.Verdict()], mdText(run.Suite), m.Headline())
	failed := fmt.Sprintf("%d failed", m.Counts.Fail)
	if m.Counts.Fail > 0 {
		failed = "**" + failed + " (MX broke its contract)**"
	}
	fmt.Fprintf(b, "%d passed · %s", m.Counts.Pass, failed)
	if m.Counts.CouldNotTest > 0 {
		fmt.Fprintf(b, " · **%d could not test**", m.Counts.CouldNotTest)
	}
	fmt.Fprintf(b, " · %d skipped", m.Counts.Skipped)
	if m.Counts.NotRun > 0 {
		fmt.Fprintf(b, " · %d not run", m.Counts.NotRun)
	}
	target := fmt.Sprintf("%s (%s)", mdCode(run.Target), run.TargetKind())
	if run.Target == "" {
		target = run.TargetKind()
	}
	fmt.Fprintf(b, " — target %s, started %s, took %s", target, formatTime(run.Start), formatDuration(run.Duration))
	if run.LabelFilter != "" {
		fmt.Fprintf(b, ", label filter %s", mdCode(run.LabelFilter))
	}
	b.WriteString("\n\n")
	for _, f := range run.SetupFailures {
		mark := "❗"
		if run.CouldNotTest {
			mark = "⚠️"
		}
		fmt.Fprintf(b, "- %s %s\n", mark, mdText(f))
	}
	if len(run.SetupFailures) > 0 {
		b.WriteString("\n")
	}
	if len(m.LeftBehind) > 0 {
		fmt.Fprintf(b, "### ⚠️ Left on the host (%d)\n\nNot confirmed deleted; they stay in the ledger until `go run ./cmd/mxsweep` removes them.\n\n", len(m.LeftBehind))
		for _, l := range m.LeftBehind {
			fmt.Fprintf(b, "- %s %s (%s): %s\n", mdText(l.Kind), mdCode(l.ID), l.SpecID, mdText(l.Cause))
		}
		b.WriteString("\n")
	}
	if m.Previous != nil {
		writeChanges(b, m)
	}
	if m.HistoryRuns > 0 {
		writeHistory(b, m)
	}
	b.WriteString("| verdict | id | section | documented | observed | why | time |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	rows := slices.Clone(m.Rows)
	slices.SortStableFunc(rows, func(a, b Row) int { return cmp.Compare(verdictOrder[a.Verdict], verdictOrder[b.Verdict]) })
	for _, r := range rows {
		observed := "—"
		if r.ObservedStatus != 0 {
			observed = fmt.Sprintf("%d %s", r.ObservedStatus, mdCode(r.ObservedMessage))
			if !r.ObservedEnvelope {
				observed = fmt.Sprintf("%d body: %s", r.ObservedStatus, mdCode(r.ObservedMessage))
			}
		}
		documented := "(" + mdText(r.DocumentedNote) + ")"
		if r.DocumentedMessage != "" {
			documented = mdCode(r.DocumentedMessage)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s %s | %s | %s | %s |\n", verdictMarks[r.Verdict], r.ID, mdText(r.Section),
			r.DocumentedStatus, documented, observed, mdText(r.Reason), formatDuration(r.Duration))
	}
	return b.Flush()
}

// writeHistory lists the ids whose verdict changed in the history's runs, the ones that flip first.
func writeHistory(b *bufio.Writer, m Matrix) {
	fmt.Fprintf(b, "### History of the last %d runs\n\n", m.HistoryRuns)
	rows := slices.Clone(m.Rows)
	slices.SortStableFunc(rows, func(a, b Row) int { return cmp.Compare(b.Trend.Flips, a.Trend.Flips) })
	changed := 0
	for _, r := range rows {
		if r.Trend.Flips == 0 {
			continue
		}
		changed++
		var strip strings.Builder
		for _, c := range r.Trend.Cells {
			strip.WriteString(trendMarks[c.Verdict])
		}
		flips := ""
		if r.Trend.Flips > 1 {
			flips = fmt.Sprintf(" **flips: %d changes**;", r.Trend.Flips)
		}
		fmt.Fprintf(b, "- %s %s%s last changed %s\n", r.ID, strip.String(), flips, mdText(r.Trend.LastChanged))
	}
	if changed == 0 {
		fmt.Fprintf(b, "No id changed its verdict in these %d runs.\n", m.HistoryRuns)
	}
	b.WriteString("\n")
}

// trendMarks draw a history strip in one line of text.
var trendMarks = map[Verdict]string{VerdictPass: "🟩", VerdictFail: "🟥", VerdictCouldNotTest: "🟨", VerdictSkipped: "⬜", VerdictNotRun: "▫️"}

func writeChanges(b *bufio.Writer, m Matrix) {
	fmt.Fprintf(b, "### Changes since the previous run (%s, %s)\n\n", formatTime(m.Previous.Start), m.Previous.Verdict())
	if len(m.Changes) == 0 {
		b.WriteString("No changes: every row has the same verdict, status and message as before.\n\n")
		return
	}
	for _, c := range m.Changes {
		mark := "•"
		switch {
		case c.Regression:
			mark = "🔴"
		case c.Fix:
			mark = "🟢"
		}
		fmt.Fprintf(b, "- %s %s\n", mark, mdText(c.String()))
	}
	b.WriteString("\n")
}

// mdText is text from anywhere that GitHub shows as the text it is: in one table cell, every ASCII
// punctuation character escaped, so that no host can start a link, an image, a tag, an emphasis,
// an entity or an autolink (the "http:" and "www." of a bare URL lose their trigger too).
func mdText(s string) string {
	var b strings.Builder
	for _, c := range strings.Join(strings.Fields(s), " ") {
		if c < 0x80 && strings.ContainsRune(mdPunctuation, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// mdPunctuation is CommonMark's ASCII punctuation: every character a backslash may escape.
const mdPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// mdCode is a code span: the exact text, punctuation visible, nothing in it taken as markup. Its
// fence is one backtick longer than the longest run in the text, so the text cannot close it; it
// stays in its table cell (newlines become spaces, pipes are escaped, which GFM allows in spans).
func mdCode(s string) string {
	if s == "" {
		return "(empty)"
	}
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") {
		s = " " + s + " " // one space each side is stripped again when the span is shown
	}
	return fence + s + fence
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// MarkdownText is text shown as itself in a Markdown table cell (see mdText).
func MarkdownText(s string) string { return mdText(s) }

// MarkdownCode is a code span that no text can close (see mdCode).
func MarkdownCode(s string) string { return mdCode(s) }
