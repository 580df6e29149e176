package mock

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// outcome is what a client saw of one request over a real connection.
type outcome struct {
	status     int
	header     http.Header
	body       string
	err        error // from sending, or from reading the body
	headersIn  time.Duration
	took       time.Duration
	bodyFailed bool // the status came, the body did not, whole
}

// overWire sends one request over a new connection, so Go's transport never retries it on another
// (it does that once for an idempotent request on a reused connection that breaks), and reads
// the whole answer; headers are name, value pairs.
func overWire(t testing.TB, base, method, target, body string, headers ...string) outcome {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	start := time.Now()
	resp, err := c.Do(req)
	o := outcome{err: err, headersIn: time.Since(start)}
	if err == nil {
		b, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		o.status, o.header, o.body, o.err, o.bodyFailed = resp.StatusCode, resp.Header, string(b), rerr, rerr != nil
	}
	o.took = time.Since(start)
	return o
}

// startWith starts a loopback mock with these faults from the start and a request log.
func startWith(t testing.TB, faults ...Fault) (*Running, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	cfg := testConfig()
	cfg.Faults, cfg.Log = faults, log
	rn, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rn.Close() })
	return rn, log
}

// eventually polls cond every millisecond until it holds or the time is up.
func eventually(within time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(within); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

const (
	missingBody = `{"error":"User with guid x not found."}`
	createBody  = `{"external_user_guid":"u-1"}`
)

// Each transport fault, on a GET and on a POST with a body, as a client sees it, and the word
// the request log shows for it.
func TestTransportFaultsAsAClientSeesThem(t *testing.T) {
	tests := []struct {
		fault   Fault
		logged  string
		check   func(t *testing.T, o outcome)
		getLogs string // the GET's log status, when it differs from logged
	}{
		{Fault{Kind: "connection_reset"}, "reset", func(t *testing.T, o outcome) {
			if !errors.Is(o.err, syscall.ECONNRESET) || o.status != 0 {
				t.Errorf("got %d %v, want ECONNRESET before any answer", o.status, o.err)
			}
		}, ""},
		{Fault{Kind: "empty_reply"}, "empty-reply", func(t *testing.T, o outcome) {
			if !errors.Is(o.err, io.EOF) || errors.Is(o.err, syscall.ECONNRESET) || o.status != 0 {
				t.Errorf("got %d %v, want EOF (an orderly close) before any answer", o.status, o.err)
			}
		}, ""},
		{Fault{Kind: "garbage"}, "garbage", func(t *testing.T, o outcome) {
			if o.err == nil || !strings.Contains(o.err.Error(), `malformed HTTP response "MXMOCK-GARBAGE`) {
				t.Errorf("got %d %v, want a malformed HTTP response", o.status, o.err)
			}
		}, ""},
		{Fault{Kind: "truncated_body"}, "200-truncated", func(t *testing.T, o outcome) {
			n, _ := strconv.Atoi(o.header.Get("Content-Length"))
			if !o.bodyFailed || !errors.Is(o.err, io.ErrUnexpectedEOF) || n < 2 || len(o.body) != n/2 {
				t.Errorf("got %d, Content-Length %d, %d bytes, %v; want half the body, then unexpected EOF", o.status, n, len(o.body), o.err)
			}
		}, "400-truncated"},
		{Fault{Kind: "slow_body", DelayMS: 10}, "200", func(t *testing.T, o outcome) {
			pieces := (len(o.body) + slowPiece - 1) / slowPiece
			// Every pause comes after the headers: the body alone takes them all (one may overlap).
			if o.err != nil || o.took-o.headersIn < time.Duration(pieces-1)*10*time.Millisecond {
				t.Errorf("got %v: headers after %s, %d pieces after %s; want the headers at once, then a pause per piece", o.err, o.headersIn, pieces, o.took)
			}
		}, "400"},
		{Fault{Kind: "delay", DelayMS: 100}, "200", func(t *testing.T, o outcome) {
			if o.err != nil || o.took < 100*time.Millisecond || o.took > 2*time.Second {
				t.Errorf("got %v after %s, want the answer after 100ms", o.err, o.took)
			}
		}, "400"},
	}
	for _, tt := range tests {
		t.Run(tt.fault.Kind, func(t *testing.T) {
			rn, log := startWith(t, tt.fault)
			get := overWire(t, rn.URL, "GET", "/user/x"+auth, "")
			tt.check(t, get)
			post := overWire(t, rn.URL, "POST", "/user"+auth, createBody)
			tt.check(t, post)
			if get.took > 3*time.Second || post.took > 3*time.Second {
				t.Errorf("took %s and %s", get.took, post.took)
			}
			switch tt.fault.Kind {
			case "truncated_body":
				if !strings.HasPrefix(missingBody, get.body) || get.status != 400 {
					t.Errorf("GET: %d %q, want the start of %s", get.status, get.body, missingBody)
				}
			case "slow_body", "delay": // the real answer, whole
				if get.status != 400 || get.body != missingBody || post.status != 200 || !strings.Contains(post.body, `"external_user_guid":"u-1"`) {
					t.Errorf("got %d %s and %d %s, want the route's answers", get.status, get.body, post.status, post.body)
				}
			}
			getLogs := tt.getLogs
			if getLogs == "" {
				getLogs = tt.logged
			}
			for _, want := range []string{"GET /user/x?k=REDACTED&c=" + clientA + " " + getLogs + " ", "POST /user?k=REDACTED&c=" + clientA + " " + tt.logged + " "} {
				// The line is written once the handler returns, which may be after the client saw the break.
				if !eventually(2*time.Second, func() bool { return strings.Contains(log.String(), want) }) {
					t.Errorf("the request log has no %q:\n%s", want, log.String())
				}
			}
			if n := rn.Server.panics.Load(); n != 0 {
				t.Errorf("%d panics counted as bugs", n)
			}
		})
	}
}

// An answer without a body still has something to cut short: a 204 goes out as a 200 that
// promises a byte.
func TestTruncatedEmptyAnswer(t *testing.T) {
	rn, _ := startWith(t)
	overWire(t, rn.URL, "POST", "/user"+auth, createBody)
	addFault(t, rn.Server, `{"kind":"truncated_body","route":"DELETE /user/{id}"}`)
	o := overWire(t, rn.URL, "DELETE", "/user/u-1"+auth, "")
	if o.status != 200 || o.header.Get("Content-Length") != "1" || !errors.Is(o.err, io.ErrUnexpectedEOF) {
		t.Errorf("got %d %v %v", o.status, o.header, o.err)
	}
}

// One-shot and persistent, scoped by header or client, limited to a route: the transport
// faults follow the same rules as the others.
func TestTransportFaultsTimesScopeAndRoute(t *testing.T) {
	rn, _ := startWith(t)
	broken := func(o outcome) bool { return o.err != nil }
	addFault(t, rn.Server, `{"kind":"connection_reset","times":2,"scope":{"header":"p1"}}`)
	addFault(t, rn.Server, `{"kind":"empty_reply","scope":{"client":"`+clientB+`"}}`)
	addFault(t, rn.Server, `{"kind":"garbage","route":"POST /user","scope":{"header":"p3"}}`)
	tests := []struct {
		name, method, target, body, scope string
		broken                            bool
	}{
		{"p1, first of two", "GET", "/user/x" + auth, "", "p1", true},
		{"another scope", "GET", "/user/x" + auth, "", "p2", false},
		{"no scope", "GET", "/user/x" + auth, "", "", false},
		{"p1, second of two", "POST", "/user" + auth, createBody, "p1", true},
		{"p1, used up", "GET", "/user/x" + auth, "", "p1", false},
		{"client B", "GET", "/user/x?k=" + testKey + "&c=" + clientB, "", "", true},
		{"client B, persistent", "GET", "/user/x?k=" + testKey + "&c=" + clientB, "", "", true},
		{"p3 on its route", "POST", "/user" + auth, `{"external_user_guid":"u-3"}`, "p3", true},
		{"p3 on another route", "GET", "/user/x" + auth, "", "p3", false},
	}
	for _, tt := range tests {
		o := overWire(t, rn.URL, tt.method, tt.target, tt.body, ScopeHeader, tt.scope)
		if broken(o) != tt.broken {
			t.Errorf("%s: got %d %v, want broken %v", tt.name, o.status, o.err, tt.broken)
		}
	}
	if l := listFaults(t, rn.Server); len(l) != 2 {
		t.Errorf("faults left: %+v, want the two persistent ones", l)
	}
}

// A delay lets the next matching fault fire too, so a slow MX can also be down; any other
// fault ends the matching, as before.
func TestADelayThenAnotherFault(t *testing.T) {
	rn, _ := startWith(t, Fault{Kind: "delay", DelayMS: 50})
	addFault(t, rn.Server, `{"kind":"outage","times":1,"scope":{"header":"p1"}}`)
	o := overWire(t, rn.URL, "GET", "/user/x"+auth, "", ScopeHeader, "p1")
	if o.status != 502 || o.took < 50*time.Millisecond {
		t.Errorf("got %d after %s, want 502 after the delay", o.status, o.took)
	}
	if o = overWire(t, rn.URL, "GET", "/user/x"+auth, "", ScopeHeader, "p1"); o.status != 400 || o.took < 50*time.Millisecond {
		t.Errorf("got %d after %s, want the route's 400 after the delay, the outage used up", o.status, o.took)
	}
}
