package catalog

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// PageEntry is one error as MX's errors page states it.
type PageEntry struct {
	Heading string // the "## ..." section it stands under
	Status  Status // zero where the page gives none
	Message string // backticks removed, placeholders kept; empty for 404 and 502
	Line    int
}

var (
	// `404 HTTP Status Response` or `503 HTTP Status Response "Service Temporarily Unavailable."`
	statusFirst = regexp.MustCompile(`^(\d{3}) HTTP Status Response(?:\s+"(.*)")?\s*$`)
	// `"User with guid {GUID} not found." (400 HTTP Status Response)`; the status is optional.
	messageFirst = regexp.MustCompile(`^"(.*)"(?:\s+\((\d{3}) HTTP Status Response\))?\s*$`)
)

// ParsePage reads the errors page (Markdown) and lists every error it documents, in page order.
// It is the single reader of the page, shared by the catalog test and the docs-drift command.
func ParsePage(md []byte) []PageEntry {
	var entries []PageEntry
	heading, inCode := "", false
	sc := bufio.NewScanner(bytes.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		raw := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(raw, "```") {
			inCode = !inCode // the envelope sample is an example, not an error
			continue
		}
		line := strings.ReplaceAll(raw, "`", "")
		if inCode {
			continue
		}
		if h, ok := strings.CutPrefix(line, "## "); ok {
			heading = h
			continue
		}
		if m := statusFirst.FindStringSubmatch(line); m != nil {
			code, _ := strconv.Atoi(m[1])
			entries = append(entries, PageEntry{Heading: heading, Status: Status(code), Message: m[2], Line: n})
		} else if m := messageFirst.FindStringSubmatch(line); m != nil {
			code, _ := strconv.Atoi(m[2]) // no status: zero, undocumented
			entries = append(entries, PageEntry{Heading: heading, Status: Status(code), Message: m[1], Line: n})
		}
	}
	return entries
}
