package catalog

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PageEntry is one error as MX's errors page states it.
type PageEntry struct {
	Heading string // the heading it stands under ("## ..." in Markdown, <h2> in HTML)
	Status  Status // zero where the page gives none
	Message string // as a reader sees it: backticks removed, quotes straight, placeholders kept; empty for 404 and 502
	Line    int    // the line of the page's source (the HTML source for HTML) where the entry starts
}

// ParsePage reads the errors page in its Markdown form; ReadPage reads every form.
func ParsePage(md []byte) []PageEntry { return ReadPage(md, FormMarkdown) }

// ReadPage lists every error the errors page documents, in page order. It is the single reader of
// the page, shared by the catalog test and the docs-drift command: each form is first turned into
// lines (headings and text, code samples left out), and one recogniser reads the lines of every form.
func ReadPage(page []byte, form Form) []PageEntry {
	var lines []pageLine
	switch form {
	case FormHTML:
		lines = htmlLines(page)
	case FormText:
		lines = textLines(page)
	default:
		lines = markdownLines(page)
	}
	return recognise(lines)
}

// pageLine is one line of the page as a reader sees it: a heading or a line of text.
type pageLine struct {
	text    string
	n       int
	heading bool
}

// markdownLines: "#" headings are headings, fenced code is an example and left out, backticks go.
func markdownLines(md []byte) []pageLine {
	var lines []pageLine
	inCode := false
	sc := bufio.NewScanner(bytes.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		raw := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(raw, "```") || strings.HasPrefix(raw, "~~~") {
			inCode = !inCode // the envelope sample is an example, not an error
			continue
		}
		if inCode {
			continue
		}
		line := strings.ReplaceAll(raw, "`", "")
		if h, ok := markdownHeading(line); ok {
			lines = append(lines, pageLine{text: h, n: n, heading: true})
			continue
		}
		lines = append(lines, pageLine{text: line, n: n})
	}
	return lines
}

// markdownHeading is the text of an ATX heading ("## User Errors"), at any level.
func markdownHeading(line string) (string, bool) {
	hashes := len(line) - len(strings.TrimLeft(line, "#"))
	if hashes == 0 || hashes > 6 || (len(line) > hashes && line[hashes] != ' ') {
		return "", false
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[hashes:]), "#")), true
}

// textLines reads the page as a browser renders it (select-all and copy, or innerText): no markup,
// so a heading is a short line that reads like a title. The debris the old site build leaves in a
// copied code sample ("_10" before each line, or "_10{_10 ..._10}") needs nothing: a line that
// starts with it is neither a heading nor an error.
func textLines(text []byte) []pageLine {
	var lines []pageLine
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := normalise(sc.Text())
		lines = append(lines, pageLine{text: line, n: n, heading: looksLikeHeading(line)})
	}
	return lines
}

// looksLikeHeading says whether a line of rendered text is a heading such as "Member Errors": it
// starts with a capital letter, is a few words long and does not end like a sentence. Status and
// message lines start with a digit or a quote, bullets with a glyph, so none of them is a heading.
func looksLikeHeading(line string) bool {
	first, _ := utf8.DecodeRuneInString(line)
	last, _ := utf8.DecodeLastRuneInString(line)
	return unicode.IsUpper(first) && len(strings.Fields(line)) <= 8 && !strings.ContainsRune(`.:;,!?)"'`, last)
}

// A quoted message: either closed, "...", or, as the rendered page has it after
// "Failed to delete user: {SYSTEM_MESSAGE}", with its closing quote lost, and then without any
// quote inside. Text after a closing quote makes it no message at all.
const quoted = `"(?:(.*)"|([^"]*?))`

var (
	// `404 HTTP Status Response` or `503 HTTP Status Response "Service Temporarily Unavailable."`
	statusFirst = regexp.MustCompile(`^(\d{3}) HTTP Status Response(?:\s+` + quoted + `)?$`)
	// `"User with guid {GUID} not found." (400 HTTP Status Response)`; the status is optional.
	messageFirst = regexp.MustCompile(`^` + quoted + `(?:\s+\((\d{3}) HTTP Status Response\))?$`)
	// `"error": "..."`, a member of a JSON sample whose braces the rendering lost.
	jsonMember = regexp.MustCompile(`^"[^"]*"\s*:`)
)

// recognise finds the errors in the lines of any form. A line that opens a JSON object starts a
// sample (the envelope example): an example, not an error, up to its closing brace.
func recognise(lines []pageLine) []PageEntry {
	var entries []PageEntry
	heading, depth := "", 0
	for _, l := range lines {
		line := normalise(l.text)
		if depth > 0 || strings.HasPrefix(line, "{") {
			depth = max(0, depth+braceDepth(line))
			continue
		}
		if l.heading {
			heading = line
			continue
		}
		if m := statusFirst.FindStringSubmatch(line); m != nil {
			code, _ := strconv.Atoi(m[1])
			entries = append(entries, PageEntry{Heading: heading, Status: Status(code), Message: m[2] + m[3], Line: l.n})
		} else if m := messageFirst.FindStringSubmatch(line); m != nil && !jsonMember.MatchString(line) {
			code, _ := strconv.Atoi(m[3]) // no status: zero, undocumented
			entries = append(entries, PageEntry{Heading: heading, Status: Status(code), Message: m[1] + m[2], Line: l.n})
		}
	}
	return entries
}

// braceDepth is how many objects and arrays a line of JSON opens, less those it closes; braces
// inside strings do not count.
func braceDepth(line string) int {
	depth, inString, escaped := 0, false, false
	for _, r := range line {
		switch {
		case escaped:
			escaped = false
		case inString && r == '\\':
			escaped = true
		case r == '"':
			inString = !inString
		case inString:
		case r == '{' || r == '[':
			depth++
		case r == '}' || r == ']':
			depth--
		}
	}
	return depth
}

// typography maps what a rendering changes and a reader cannot see as a difference to what the
// Markdown has: curly quotes to straight ones, no-break spaces to spaces, zero-width characters
// to nothing. Everything else, a period included, is kept as it is.
var typography = strings.NewReplacer(
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`,
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'",
	"\u00a0", " ", "\u202f", " ", "\u2007", " ",
	"\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "",
)

func normalise(line string) string { return strings.TrimSpace(typography.Replace(line)) }
