package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// reply is one response as a client sees it.
type reply struct {
	status int
	header http.Header
	body   []byte
	head   bool // an answer to HEAD over the wire: no body follows its headers
}

// crashPrefix starts the 500 the panic guard answers; fuzz and load tests count it as a crash.
const crashPrefix = "mxmock internal error: "

// checkAnswer fails t unless a is well formed (see answerProblem).
func checkAnswer(t *testing.T, where string, st fuzzSetup, req *http.Request, a *reply) {
	t.Helper()
	if why := answerProblem(st, req, a); why != "" {
		t.Fatalf("%s: %s\nanswer %d %v %q\nrequest %s %q %v", where, why, a.status, a.header, a.body,
			req.Method, req.RequestURI, req.Header)
	}
}

// answerProblem says what is wrong with a, or "": every status >= 400 is exactly
// {"error":"<non-empty string>"} as application/json, success bodies are JSON, 204 has no
// body, Content-Length is right, and a 5xx is one of the documented ones that st allows.
func answerProblem(st fuzzSetup, req *http.Request, a *reply) string {
	for name, values := range a.header {
		for _, v := range values {
			if strings.ContainsAny(name+v, "\r\n") {
				return "a header holds a line break"
			}
		}
	}
	if cl := a.header.Get("Content-Length"); cl != "" && !a.head && cl != strconv.Itoa(len(a.body)) {
		return "Content-Length " + cl + " for a body of " + strconv.Itoa(len(a.body)) + " bytes"
	}
	ct := a.header.Get("Content-Type")
	switch {
	case a.status < 200 || a.status > 599:
		return "status out of range"
	case a.status >= 400:
		if ct != "application/json" {
			return "an error must be application/json"
		}
		if a.head {
			return ""
		}
		msg, ok := envelope(a.body)
		if !ok {
			return `the body is not exactly {"error":"<non-empty string>"}`
		}
		if a.status >= 500 && !documented5xx(st, req, a.status, msg) {
			if strings.HasPrefix(msg, crashPrefix) {
				return "crash: a handler panicked"
			}
			return "an undocumented 5xx"
		}
	case a.status == http.StatusNoContent || a.status == http.StatusNotModified:
		if len(a.body) != 0 {
			return "a body on " + strconv.Itoa(a.status)
		}
	case len(a.body) > 0 || (!a.head && ct != ""):
		if ct != "application/json" || !json.Valid(a.body) || !utf8.Valid(a.body) {
			return "a success body must be valid JSON served as application/json"
		}
	}
	return ""
}

// envelope returns the message of a body that is exactly one object with one key, "error",
// whose value is a non-empty string, and nothing after it.
func envelope(body []byte) (string, bool) {
	if !utf8.Valid(body) {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var obj map[string]json.RawMessage
	if dec.Decode(&obj) != nil || dec.More() || len(obj) != 1 {
		return "", false
	}
	if _, err := dec.Token(); err == nil { // trailing data after the object
		return "", false
	}
	var msg string
	raw, ok := obj["error"]
	if !ok || json.Unmarshal(raw, &msg) != nil || msg == "" || bytes.Count(body, []byte(`"error"`)) != 1 {
		return "", false
	}
	return msg, true
}

// documented5xx reports whether a 5xx is one mxmock documents, and whether st allows it here.
func documented5xx(st fuzzSetup, req *http.Request, status int, msg string) bool {
	inScope := st&setupScoped == 0 || req.Header.Get(ScopeHeader) == "fuzz"
	outage := st&setupOutage != 0 && inScope
	maintenance := st&setupMaintenance != 0 && inScope && !outage
	deleteFails := st&setupDeleteFailures != 0 && inScope && !outage && !maintenance
	switch status {
	case http.StatusInternalServerError:
		return msg == "Create user failed: Client must be associated." || msg == "Member not found." ||
			(deleteFails && (msg == "Failed to delete user: "+fuzzSystemMsg || msg == "Failed to delete member: "+fuzzSystemMsg))
	case http.StatusBadGateway:
		return outage && msg == "Bad Gateway: MX's API is down (mxmock outage fault)."
	case http.StatusServiceUnavailable:
		return maintenance && msg == "Service Temporarily Unavailable."
	case http.StatusInsufficientStorage:
		return st&setupFull != 0 && msg == "Store is full ("+strconv.Itoa(fuzzObjects)+" objects): reset the mock."
	}
	return false
}

// isNetHTTPAnswer reports whether a loopback answer is one net/http writes itself, in plain
// text, for a request it will not hand to any handler (see NewHTTPServer).
func isNetHTTPAnswer(a *reply) bool {
	plain := a.header.Get("Content-Type") == "text/plain; charset=utf-8"
	switch a.status {
	case http.StatusBadRequest, http.StatusRequestHeaderFieldsTooLarge, http.StatusHTTPVersionNotSupported:
		return plain && bytes.HasPrefix(a.body, []byte(strconv.Itoa(a.status)+" "))
	case http.StatusNotImplemented:
		return plain && string(a.body) == "Unsupported transfer encoding"
	case http.StatusExpectationFailed:
		return len(a.body) == 0
	}
	return false
}
