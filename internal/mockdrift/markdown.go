package mockdrift

import (
	"bufio"
	"fmt"
	"io"

	"github.com/mxcontract/mxcontract/internal/report"
)

// Line is the one line make contract prints about the drift.
func Line(d report.MockDrift) string {
	return fmt.Sprintf("mock drift: %s, %d where the docs speak (%s)", count(len(d.Differences), "difference"), d.DocsSpeak(), d.Path)
}

// WriteMarkdown writes reports/mock-drift.md: what the host answered that mxmock answers
// differently, where the docs speak first.
func WriteMarkdown(w io.Writer, d report.MockDrift) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## Mock drift: is mxmock still MX?\n\n")
	fmt.Fprintf(b, "Every exchange of this live run was sent again, in the run's order, to an mxmock started with the run's client: %d replayed", d.Replayed)
	if d.Skipped > 0 {
		fmt.Fprintf(b, ", %d not (a request body recorded only in part)", d.Skipped)
	}
	fmt.Fprintf(b, ". %s.\n\n", count(len(d.Differences), "difference"))
	var speak, silent []report.MockDifference
	for _, diff := range d.Differences {
		if diff.DocsSpeak {
			speak = append(speak, diff)
		} else {
			silent = append(silent, diff)
		}
	}
	section := func(title, none, whyHeader string, diffs []report.MockDifference) {
		fmt.Fprintf(b, "### %s (%d)\n\n", title, len(diffs))
		if len(diffs) == 0 {
			fmt.Fprintf(b, "%s\n\n", none)
			return
		}
		fmt.Fprintf(b, "| request | what | MX answered | mxmock answers | %s | specs | times |\n|---|---|---|---|---|---|---|\n", whyHeader)
		for _, diff := range diffs {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %d |\n", report.MarkdownText(diff.Request), diff.What,
				report.MarkdownCode(diff.MX), report.MarkdownCode(diff.Mock), report.MarkdownText(diff.Why), report.MarkdownText(diff.Specs), diff.Count)
		}
		b.WriteString("\n")
	}
	section("Where the docs speak: an mxmock bug, or MX breaking its contract (see the matrix)",
		"None: where MX's docs say what the answer is, mxmock answers as MX did.", "the docs", speak)
	section("Where MX is silent: mxmock's choices, which you may align with MX",
		"None: mxmock's choices match what MX answered.", "mxmock's choice it contradicts", silent)
	return b.Flush()
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
