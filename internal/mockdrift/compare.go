package mockdrift

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/matchers"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/scrub"
)

// compare lists how mxmock's answer differs from the host's.
func compare(ex exchange, mx answer, cat *catalog.Catalog) []report.MockDifference {
	host := answer{status: ex.Status, contentType: ex.ContentType, body: ex.Body}
	var diffs []report.MockDifference
	add := func(what, mxValue, mockValue string, docs bool, why string) {
		if !docs {
			why = choice(ex, mx, what)
		}
		diffs = append(diffs, report.MockDifference{Request: requestKind(ex), What: what, MX: shown(mxValue), Mock: shown(mockValue), DocsSpeak: docs, Why: why})
	}
	hostMsg, hostEnv := envelope(host.body)
	mockMsg, mockEnv := envelope(mx.body)
	row := documentedRow(cat, hostMsg, mockMsg)

	if host.status != mx.status {
		status, docs, why := documentedStatus(ex, host, mx, row)
		if docs {
			why = fmt.Sprintf("%s (the docs: %d)", why, status)
		}
		add("status", fmt.Sprint(host.status), fmt.Sprint(mx.status), docs, why)
	}
	// MX's answers carry application/json, and an error with a body the envelope; but no body is
	// promised for 404 and 502.
	bodyPromised := host.status != 404 && host.status != 502
	if a, b := mediaType(host.contentType), mediaType(mx.contentType); a != b && (host.body != "" || mx.body != "") {
		add("Content-Type", orNone(a), orNone(b), bodyPromised, "the docs: every answer is application/json")
	}
	isError := host.status >= 400 || mx.status >= 400
	if isError && hostEnv != mockEnv {
		add("envelope", shape(host.body, hostEnv), shape(mx.body, mockEnv), bodyPromised && host.status >= 400,
			`the docs: an error with a body is {"error": "..."}`)
	}
	if hostEnv && mockEnv && normalise(hostMsg) != normalise(mockMsg) {
		why := ""
		if row != nil {
			why = fmt.Sprintf("the docs: %s is %q", row.ID, row.Message)
		}
		add("message", hostMsg, mockMsg, row != nil, why)
	}
	if ok2xx(host.status) && ok2xx(mx.status) {
		if onlyHost, onlyMock := keysDiff(host.body, mx.body); onlyHost != "" || onlyMock != "" {
			add("success body", onlyHost, onlyMock, sampled[ex.Route], "MX's sample of this answer")
		}
	}
	return diffs
}

// sampled are the routes whose success answer MX shows in its docs.
var sampled = map[string]bool{config.RouteUserCreate: true, config.RouteUserRead: true, config.RouteUserUpdate: true, config.RouteMemberCreate: true}

// documentedRow is the catalog row whose message either answer carries.
func documentedRow(cat *catalog.Catalog, messages ...string) *catalog.Row {
	for _, m := range messages {
		if m == "" {
			continue
		}
		for i, r := range cat.Rows {
			if r.Message != "" && r.Pattern().MatchString(m) {
				return &cat.Rows[i]
			}
		}
	}
	return nil
}

// documentedStatus says whether MX's docs give this answer's status: a documented row's status, a
// wrong URL's or a missing Content-Type's 404 (G1, G2), Read User's 200.
func documentedStatus(ex exchange, host, mx answer, row *catalog.Row) (int, bool, string) {
	method, _, _ := strings.Cut(ex.Request, " ")
	switch {
	case row != nil && !row.Status.Undocumented():
		return int(row.Status), true, row.ID
	case ex.Route == "":
		return 404, true, "G1, a wrong URL"
	case (method == "POST" || method == "PUT") && mediaType(ex.RequestType) != "application/json":
		return 404, true, "G2, no application/json"
	case ex.Route == config.RouteUserRead && (ok2xx(host.status) || ok2xx(mx.status)):
		return 200, true, "Read User"
	}
	return 0, false, ""
}

// choice names the mxmock choice, as docs/mxmock.md lists it, that a difference where MX is silent
// contradicts: the place to change mxmock to answer as MX does.
func choice(ex exchange, mx answer, what string) string {
	const doc = "docs/mxmock.md, The mock's own choices: "
	msg, _ := envelope(mx.body)
	method, _, _ := strings.Cut(ex.Request, " ")
	query := queryOf(ex.Request)
	switch {
	case ex.Key != client.KeyConfigured:
		return doc + "Auth: a missing or wrong k is 401"
	case !query.Has("c"):
		return doc + "Auth: a missing c is 400"
	case mx.status == 403:
		return doc + "Auth: a c not associated with the key is 403 outside POST /user"
	case mx.status == 413:
		return doc + "Bodies: over the limit is 413"
	case ex.Route == "" || (method == "POST" || method == "PUT") && mediaType(ex.RequestType) != "application/json":
		return doc + "404 and 502 carry the envelope"
	case strings.HasPrefix(msg, "Could not find account"):
		return doc + "A1 is 400"
	case mx.status == 400 && msg != "":
		return doc + "Bodies: 400 naming the field"
	case what == "success body":
		return doc + "Values MX never showed"
	case ok2xx(mx.status):
		return doc + "Values MX never showed: 200 for every create, read and update, 204 for every delete"
	}
	return doc + "(none listed: add one)"
}

// requestKind names a request as the report groups them: method and route pattern, and what was
// odd about it.
func requestKind(ex exchange) string {
	method, target, _ := strings.Cut(ex.Request, " ")
	path, _, _ := strings.Cut(target, "?")
	if r, ok := defaultRoutes[ex.Route]; ok && ex.Route != "" {
		path = r.Path
	} else if ex.Route == "" {
		path = "(a path that is no route)"
	}
	kind := method + " " + path
	switch {
	case ex.Key == client.KeyNone:
		kind += " without a key"
	case ex.Key == client.KeyOther:
		kind += " with a wrong key"
	case !queryOf(ex.Request).Has("c"):
		kind += " without c"
	case (method == "POST" || method == "PUT") && mediaType(ex.RequestType) != "application/json":
		kind += " without application/json"
	}
	return kind
}

func queryOf(requestLine string) url.Values {
	_, rawQuery, _ := strings.Cut(requestLine, "?")
	q, _ := url.ParseQuery(rawQuery)
	return q
}

// envelope is an answer's error text, when its body is exactly {"error": "<non-empty string>"}.
func envelope(body string) (string, bool) {
	msg, problems := matchers.CheckEnvelope("application/json", []byte(body))
	return msg, len(problems) == 0
}

func shape(body string, isEnvelope bool) string {
	switch {
	case isEnvelope:
		return `{"error": "..."}`
	case strings.TrimSpace(body) == "":
		return "no body"
	}
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		return "JSON, not the envelope"
	}
	return "not JSON"
}

// generated masks what a server makes up per answer: MX-style guids, uuids, times.
var generated = regexp.MustCompile(`\b(?:USR|MBR|CLT|INS)-[0-9A-Za-z-]{8,}|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?`)

func normalise(msg string) string { return generated.ReplaceAllString(msg, "{generated}") }

// keysDiff compares two JSON objects' keys and value types, one level into nested objects, and
// lists what only each has ("email:null", "status.code:number"); two empty lists mean the same shape.
func keysDiff(a, b string) (onlyA, onlyB string) {
	ka, kb := keys(a), keys(b)
	var da, db []string
	for _, k := range ka {
		if !slices.Contains(kb, k) {
			da = append(da, k)
		}
	}
	for _, k := range kb {
		if !slices.Contains(ka, k) {
			db = append(db, k)
		}
	}
	if len(da) > 0 && len(db) == 0 {
		db = []string{"(nothing more)"}
	}
	if len(db) > 0 && len(da) == 0 {
		da = []string{"(nothing more)"}
	}
	return strings.Join(da, " "), strings.Join(db, " ")
}

// keys lists a JSON object's keys with their value types, one level into nested objects:
// guid:string, status:object, status.name:string. A body that is no object is one entry.
func keys(body string) []string {
	var obj map[string]any
	if json.Unmarshal([]byte(body), &obj) != nil {
		return []string{"(" + shape(body, false) + ")"}
	}
	var out []string
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			out = append(out, prefix+k+":"+kind(v))
			if sub, ok := v.(map[string]any); ok && depth == 0 {
				walk(prefix+k+".", sub, 1)
			}
		}
	}
	walk("", obj, 0)
	slices.Sort(out)
	return out
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	default:
		return "object"
	}
}

func ok2xx(status int) bool { return status >= 200 && status < 300 }

// shown bounds what the drift report shows of an answer; the host's text was scrubbed when recorded.
func shown(s string) string { return scrub.Shorten(scrub.Controls(s), 300) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
