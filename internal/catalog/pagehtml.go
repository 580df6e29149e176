package catalog

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Elements whose content a reader of the page never sees as text: scripts (the docs site ships
// the page's source in them), styles, icons, the site's navigation and footer, buttons, and code
// samples (<pre>, an example, not an error: the Markdown reader leaves fenced code out too).
// Elements with the hidden attribute are read: React's streaming render parks the page's content
// in <div hidden> until a script moves it into place.
var unseen = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "title": true,
	"svg": true, "math": true, "iframe": true, "object": true, "canvas": true,
	"nav": true, "footer": true, "button": true, "select": true, "textarea": true,
	"pre": true,
}

// Elements that start and end a line of text, as a browser lays them out.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true, "caption": true,
	"dd": true, "details": true, "dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "header": true, "hgroup": true,
	"hr": true, "html": true, "li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true,
	"section": true, "summary": true, "table": true, "tbody": true, "tfoot": true, "thead": true,
	"tr": true, "ul": true, "br": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

var headingElements = map[string]bool{"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true}

// Elements that have no end tag, so never hold content to leave out.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// htmlLines renders the HTML page to the lines a browser shows: one per block (paragraph, list
// item, heading, table row), whitespace collapsed, entities decoded, <h1>-<h6> as headings, and
// what is never seen as text left out. Each line keeps the HTML source line where its text starts.
// It reads with golang.org/x/net/html's tokenizer, which knows raw-text elements such as <script>
// and every entity, and counts lines from the tokens' raw bytes.
func htmlLines(page []byte) []pageLine {
	var (
		lines     []pageLine
		text      strings.Builder
		textLine  int // the source line of the first visible character of text
		inHeading bool
		skip      string // the unseen element being left out, and how deeply it nests
		skipDepth int
	)
	flush := func() {
		if t := strings.Join(strings.Fields(text.String()), " "); normalise(t) != "" {
			lines = append(lines, pageLine{text: t, n: textLine, heading: inHeading})
		}
		text.Reset()
		textLine = 0
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	line := 1 // the source line where the current token starts
	for {
		tt := z.Next()
		raw := z.Raw() // before Text and TagName, which may rewrite the buffer Raw shows
		start := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken: // the end of the page (or of what could be read of it)
			flush()
			return lines
		case html.TextToken:
			if skip != "" {
				continue
			}
			lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n\f"))
			t := string(z.Text())
			if textLine == 0 && normalise(t) != "" {
				textLine = start + bytes.Count(raw[:lead], []byte("\n"))
			}
			text.WriteString(t)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if blockElements[tag] {
				flush()
			}
			if unseen[tag] && tt == html.StartTagToken && !voidElements[tag] {
				skip, skipDepth = tag, 1
				continue
			}
			if headingElements[tag] {
				inHeading = true
			}
			if tag == "td" || tag == "th" {
				text.WriteString(" ")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip {
					if skipDepth--; skipDepth == 0 {
						skip = ""
					}
				}
				continue
			}
			if blockElements[tag] {
				flush()
			}
			if headingElements[tag] {
				inHeading = false
			}
		}
	}
}
