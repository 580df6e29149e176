package mock

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAnswerProblemCatchesBadAnswers checks the fuzz and load tests' oracle on answers the mock
// must never give, so a passing fuzz run means something.
func TestAnswerProblemCatchesBadAnswers(t *testing.T) {
	r := func(status int, body string) reply { // served as the mock serves: JSON, right length
		h := http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(body))}}
		return reply{status: status, header: h, body: []byte(body)}
	}
	const outage = `{"error":"Bad Gateway: MX's API is down (mxmock outage fault)."}`
	get := &http.Request{Method: "GET", Header: http.Header{}}
	scoped := &http.Request{Method: "GET", Header: http.Header{ScopeHeader: {"fuzz"}}}
	for _, tt := range []struct {
		name string
		st   fuzzSetup
		req  *http.Request
		a    reply
		want string // "" = acceptable
	}{
		{"wrong length", 0, get, reply{400, http.Header{"Content-Length": {"99"}}, []byte(`{"error":"x"}`), false}, "Content-Length"},
		{"good 400", 0, get, r(400, `{"error":"x"}`), ""},
		{"empty message", 0, get, r(400, `{"error":""}`), "not exactly"},
		{"second key", 0, get, r(404, `{"error":"x","a":1}`), "not exactly"},
		{"duplicate key", 0, get, r(404, `{"error":"x","error":"y"}`), "not exactly"},
		{"trailing data", 0, get, r(404, `{"error":"x"} 1`), "not exactly"},
		{"not a string", 0, get, r(404, `{"error":1}`), "not exactly"},
		{"plain text", 0, get, reply{404, http.Header{"Content-Type": {"text/plain"}}, []byte("404"), false}, "application/json"},
		{"crash", 0, get, r(500, `{"error":"mxmock internal error: boom"}`), "crash"},
		{"documented 500", 0, get, r(500, `{"error":"Member not found."}`), ""},
		{"other 500", 0, get, r(500, `{"error":"oops."}`), "undocumented"},
		{"502 without outage", 0, get, r(502, outage), "undocumented"},
		{"502 with outage", setupOutage, get, r(502, outage), ""},
		{"502 out of scope", setupOutage | setupScoped, get, r(502, outage), "undocumented"},
		{"502 in scope", setupOutage | setupScoped, scoped, r(502, outage), ""},
		{"503 behind an outage", setupOutage | setupMaintenance, get, r(503, `{"error":"Service Temporarily Unavailable."}`), "undocumented"},
		{"507 store not full", 0, get, r(507, `{"error":"Store is full (3 objects): reset the mock."}`), "undocumented"},
		{"body on 204", 0, get, reply{204, http.Header{}, []byte("{}"), false}, "a body on 204"},
		{"200 not JSON", 0, get, r(200, "{a}"), "valid JSON"},
		{"200 HEAD", 0, get, reply{200, http.Header{"Content-Type": {"application/json"}, "Content-Length": {"300"}}, nil, true}, ""},
	} {
		got := answerProblem(tt.st, tt.req, &tt.a)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: answerProblem = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFuzzSeedCorpus guards the committed seeds that plain `go test` runs through FuzzMock: a
// lost or emptied directory would leave the fuzz target checking nothing.
func TestFuzzSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzMock")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < 50 {
		t.Fatalf("%s: %d seeds (%v), want 50 or more", dir, len(entries), err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || !strings.HasPrefix(string(data), "go test fuzz v1\n") {
			t.Errorf("%s is not a Go fuzz corpus file: %v", e.Name(), err)
		}
	}
}
