package catalog

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
)

// Form is one of the forms in which MX serves its errors page.
type Form string

const (
	// FormMarkdown is the page's .md file (https://docs.mx.com/api-reference/sso/v2/errors.md).
	FormMarkdown Form = "md"
	// FormText is the page as a browser shows it, copied or saved as text: curly quotes, bullet
	// glyphs, no backticks, headings without markup, line-number debris in code samples.
	FormText Form = "text"
	// FormHTML is the HTML page a browser gets (https://docs.mx.com/api-reference/sso/v2/errors).
	FormHTML Form = "html"
)

// Forms lists every form, in the order a user would try them.
var Forms = []Form{FormMarkdown, FormText, FormHTML}

// String names the form in a sentence: "Markdown", "rendered text", "HTML".
func (f Form) String() string {
	switch f {
	case FormMarkdown:
		return "Markdown"
	case FormText:
		return "rendered text"
	case FormHTML:
		return "HTML"
	}
	return string(f)
}

// ParseForm takes a form's short name: md, text or html.
func ParseForm(s string) (Form, error) {
	for _, f := range Forms {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown page form %q: want md, text or html", s)
}

var (
	// An HTML document announces itself at its start: a doctype, or the html, head or body tag.
	htmlDocument = regexp.MustCompile(`(?is)^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]`)
	// Markdown shows its markup at the start of a line: an ATX heading or a code fence.
	markdownMarkup = regexp.MustCompile("(?m)^[ \t]{0,3}(?:#{1,6}[ \t]|```|~~~)")
	// A fragment of HTML starts with a tag.
	htmlTag = regexp.MustCompile(`^<[A-Za-z]`)
)

// DetectForm tells the form of a page from its content and, for a page fetched from a URL, the
// Content-Type it came with (empty for a file). The content decides where it is clear: an HTML
// document, Markdown headings or code fences, a page that starts with a tag. Where it is not, a
// Content-Type of text/html or text/markdown decides, and anything else is rendered text.
func DetectForm(page []byte, contentType string) Form {
	start := bytes.TrimLeft(bytes.TrimPrefix(page, []byte("\ufeff")), " \t\r\n")
	switch {
	case htmlDocument.Match(start):
		return FormHTML
	case markdownMarkup.Match(page):
		return FormMarkdown
	case htmlTag.Match(start):
		return FormHTML
	}
	switch mediaType, _, _ := mime.ParseMediaType(contentType); mediaType {
	case "text/html", "application/xhtml+xml":
		return FormHTML
	case "text/markdown", "text/x-markdown":
		return FormMarkdown
	}
	return FormText
}
