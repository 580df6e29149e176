package deviation_test

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"

	"github.com/mxcontract/mxcontract/internal/catalog"
)

// kind is the part of the contract a deviation breaks; every row needs each kind it can break.
type kind string

const (
	kindStatus  kind = "status"
	kindMessage kind = "message"
	kindShape   kind = "shape"
)

// deviation is one controlled break: which answers it selects, how it changes them, and the catalog
// rows whose specs must fail because of it (none for a tolerated variation the docs allow).
type deviation struct {
	name    string
	kind    kind
	rows    []string
	selects func(*http.Request, *answer) bool
	change  func(*http.Request, *answer)
}

// deviations builds the whole list: generated per catalog row with a documented message, and
// written by hand for the rows that promise no body (G1-G3) and for O1.
func deviations(cat *catalog.Catalog) []deviation {
	var all []deviation
	n := 0
	for _, row := range cat.Rows {
		if row.Message != "" {
			all = append(all, messageRowDeviations(row, n)...)
			n++
		}
	}
	return append(all, bodilessAndOtherDeviations(cat)...)
}

// variant is one way to break a part of the contract.
type variant struct {
	name   string
	change func(*http.Request, *answer)
}

// messageRowDeviations breaks a row with a message once in each part of its contract: its status,
// its message, its envelope, and each placeholder. Which break of each kind a row gets turns with
// the row's place (n) on the page, so that across the catalog every kind of break is proven: that
// the matcher itself catches each is TestHaveMXErrorRejectsEachBreak's job, and running the whole
// suite once per break and row would prove it again, twelve times over.
func messageRowDeviations(row catalog.Row, n int) []deviation {
	sel := selectRow(row)
	one := func(k kind, v variant) deviation {
		return deviation{name: row.ID + ": " + v.name, kind: k, rows: []string{row.ID}, selects: sel, change: v.change}
	}
	statuses := []variant{{"200 where an error is due", setStatus(200)}}
	if !row.Status.Undocumented() {
		next := int(row.Status) + 1
		statuses = append(statuses, variant{fmt.Sprintf("status %d instead of %d", next, row.Status), setStatus(next)})
	}
	messages := []variant{
		{"final period toggled", editMessage(togglePeriod)},
		{"one character changed (first letter lower-cased)", editMessage(func(m string) string { return strings.ToLower(m[:1]) + m[1:] })},
	}
	ds := []deviation{
		one(kindStatus, statuses[n%len(statuses)]),
		one(kindMessage, messages[n%len(messages)]),
		one(kindShape, shapeBreaks[n%len(shapeBreaks)]),
	}
	if len(row.Placeholders()) > 0 {
		re := row.Pattern()
		ds = append(ds, one(kindMessage, variant{"wrong placeholder value", editMessage(func(m string) string {
			loc := re.FindStringSubmatchIndex(m)
			return m[:loc[2]] + "WRONG-" + m[loc[2]:]
		})}))
	}
	if len(row.Placeholders()) == 2 {
		re := row.Pattern()
		ds = append(ds, one(kindMessage, variant{"placeholders swapped", editMessage(func(m string) string {
			s := re.FindStringSubmatch(m)
			return strings.Replace(strings.Replace(strings.Replace(m, s[1], "\x00", 1), s[2], s[1], 1), "\x00", s[2], 1)
		})}))
	}
	return ds
}

// shapeBreaks are the ways to break the envelope; the rows take turns, so each is proven.
var shapeBreaks = []variant{
	{"extra key in the envelope", setBody(func(m string) any { return map[string]any{"error": m, "code": 1} })},
	{"message under \"message\" instead of \"error\"", setBody(func(m string) any { return map[string]any{"message": m} })},
	{"error is not a string", setBody(func(m string) any { return map[string]any{"error": []string{m}} })},
	{"empty body", func(_ *http.Request, a *answer) { a.body = nil }},
	{"Content-Type text/plain", func(_ *http.Request, a *answer) { a.header.Set("Content-Type", "text/plain; charset=utf-8") }},
}

func bodilessAndOtherDeviations(cat *catalog.Catalog) []deviation {
	unknownRoute := func(r *http.Request, a *answer) bool {
		return a.status == 404 && !strings.HasPrefix(r.URL.Path, "/user") && !strings.HasPrefix(r.URL.Path, "/member")
	}
	notJSON := func(r *http.Request, a *answer) bool {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return a.status == 404 && (r.Method == "POST" || r.Method == "PUT") && mt != "application/json"
	}
	outage := func(_ *http.Request, a *answer) bool { return a.status == 502 }
	other := selectOtherErrors(cat)
	html := func(_ *http.Request, a *answer) {
		a.header.Set("Content-Type", "text/html")
		a.body = []byte("<html><body>Not here</body></html>")
	}
	// The requests MX refuses: a server that serves them breaks O1, one that drops them does not.
	wrongKey := func(r *http.Request, _ *answer) bool { return r.URL.Query().Get("k") != apiKey }
	noKey := func(r *http.Request, _ *answer) bool { return !r.URL.Query().Has("k") }
	refusal := func(prefix string) func(*http.Request, *answer) bool {
		return func(_ *http.Request, a *answer) bool {
			return a.status == 400 && strings.HasPrefix(messageOf(a), prefix)
		}
	}
	accept := func(_ *http.Request, a *answer) {
		a.status, a.body = 200, []byte(`{}`)
		a.header.Set("Content-Type", "application/json")
	}
	return []deviation{
		{"O1: a request without an API key is served", kindStatus, []string{"O1"}, noKey, accept},
		{"O1: a request with a wrong API key is served", kindStatus, []string{"O1"}, func(r *http.Request, a *answer) bool { return r.URL.Query().Has("k") && wrongKey(r, a) }, accept},
		{"O1: malformed JSON is accepted", kindStatus, []string{"O1"}, refusal("Malformed JSON body"), accept},
		{"O1: a body that is not a JSON object is accepted", kindStatus, []string{"O1"}, refusal("Body must be a JSON object"), accept},
		{"O1 tolerated: a missing or wrong API key gets no answer at all", kindStatus, nil, wrongKey, func(_ *http.Request, a *answer) { a.hangUp = true }},
		{"G1: status 400 instead of 404", kindStatus, []string{"G1"}, unknownRoute, setStatus(400)},
		{"G1: 200 for an unknown route", kindStatus, []string{"G1"}, unknownRoute, setStatus(200)},
		{"G1 tolerated: an HTML body on the 404", kindShape, nil, unknownRoute, html},
		{"G2: 415 instead of 404 for a missing Content-Type", kindStatus, []string{"G2"}, notJSON, setStatus(415)},
		{"G2: 200 for a POST/PUT without application/json", kindStatus, []string{"G2"}, notJSON, setStatus(200)},
		{"G3: 500 instead of 502", kindStatus, []string{"G3"}, outage, setStatus(500)},
		{"G3: 503 instead of 502", kindStatus, []string{"G3"}, outage, setStatus(503)},
		{"G3 tolerated: an empty body on the 502", kindShape, nil, outage, func(_ *http.Request, a *answer) { a.body = nil }},
		{"O1: other errors as text/plain", kindShape, []string{"O1"}, other, func(_ *http.Request, a *answer) { a.header.Set("Content-Type", "text/plain") }},
		{"O1: other errors with an extra key", kindShape, []string{"O1"}, other, setBody(func(m string) any { return map[string]any{"error": m, "status": 400} })},
		{"O1: other errors with an empty message", kindShape, []string{"O1"}, other, setBody(func(string) any { return map[string]any{"error": ""} })},
	}
}

// selectRow picks the answers that carry the row's documented message, whatever the values.
func selectRow(row catalog.Row) func(*http.Request, *answer) bool {
	re := row.Pattern()
	return func(_ *http.Request, a *answer) bool { return re.MatchString(messageOf(a)) }
}

// selectOtherErrors picks error answers with a body that is no catalog row's: the ground of O1.
func selectOtherErrors(cat *catalog.Catalog) func(*http.Request, *answer) bool {
	var rows []*regexp.Regexp
	for _, r := range cat.Rows {
		if r.Message != "" {
			rows = append(rows, r.Pattern())
		}
	}
	return func(_ *http.Request, a *answer) bool {
		if a.status < 400 || a.status == 404 || a.status == 502 || len(a.body) == 0 {
			return false
		}
		m := messageOf(a)
		for _, re := range rows {
			if re.MatchString(m) {
				return false
			}
		}
		return true
	}
}

func messageOf(a *answer) string {
	var env struct{ Error string }
	_ = json.Unmarshal(a.body, &env)
	return env.Error
}

func setStatus(code int) func(*http.Request, *answer) {
	return func(_ *http.Request, a *answer) { a.status = code }
}

func editMessage(edit func(string) string) func(*http.Request, *answer) {
	return setBody(func(m string) any { return map[string]string{"error": edit(m)} })
}

func setBody(body func(message string) any) func(*http.Request, *answer) {
	return func(_ *http.Request, a *answer) { a.body, _ = json.Marshal(body(messageOf(a))) }
}

func togglePeriod(m string) string {
	if t, ok := strings.CutSuffix(m, "."); ok {
		return t
	}
	return m + "."
}
