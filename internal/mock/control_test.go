package mock

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthAndReset(t *testing.T) {
	s := newServer(t, func(c *Config) { c.Accounts = []Account{{Member: "m", AccountID: "A"}} })
	got := do(t, s, "GET", "/_mxmock/health", "")
	if got.Status != 200 || got.Type != "application/json" || got.Body != `{"status":"ok"}` {
		t.Errorf("health = %d %q %s", got.Status, got.Type, got.Body)
	}
	createUser(t, s, `{"external_user_guid":"u"}`)
	createMember(t, s, memberBody("u", "m"))
	do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m","account_id":"B"}]}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"p"}}`)

	wantNoContent(t, "reset", do(t, s, "POST", "/_mxmock/reset", ""))
	if u, m, a := s.store.counts(); u != 0 || m != 0 || a != 1 {
		t.Errorf("after reset: %d users, %d members, %d accounts; want 0, 0, 1 (the seed)", u, m, a)
	}
	if l := listFaults(t, s); len(l) != 0 {
		t.Errorf("faults after reset: %+v", l)
	}
	createUser(t, s, `{"external_user_guid":"u"}`) // the external guid is free again
}

// control sends a control request from a chosen address with an optional token.
func control(s http.Handler, method, target, remote, token string) result {
	req := httptest.NewRequest(method, target, nil)
	req.RemoteAddr = remote
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return result{Status: rec.Code, Type: rec.Header().Get("Content-Type"), Body: rec.Body.String()}
}

func TestControlProtection(t *testing.T) {
	const remoteMsg = `{"error":"The control API answers loopback callers only (mxmock --control-remote allows others)."}`
	const tokenMsg = `{"error":"Missing or wrong X-Mxmock-Token header."}`
	local := newServer(t)
	tokened := newServer(t, func(c *Config) { c.ControlToken = "s3cret" })
	open := newServer(t, func(c *Config) { c.AllowRemoteControl = true; c.ControlToken = "s3cret" })
	tests := []struct {
		name   string
		s      *Server
		target string
		remote string
		token  string
		status int
		want   string // error body, or "" for the health answer
	}{
		{"loopback v4", local, "/_mxmock/health", "127.0.0.1:5555", "", 200, ""},
		{"loopback v6", local, "/_mxmock/health", "[::1]:5555", "", 200, ""},
		{"remote", local, "/_mxmock/health", "10.1.2.3:5555", "", 403, remoteMsg},
		{"remote, unknown control route", local, "/_mxmock/nope", "10.1.2.3:5555", "", 403, remoteMsg},
		{"unparsable address", local, "/_mxmock/health", "somewhere", "", 403, remoteMsg},
		{"remote with the token", tokened, "/_mxmock/health", "10.1.2.3:5555", "s3cret", 403, remoteMsg},
		{"token missing", tokened, "/_mxmock/health", "127.0.0.1:5555", "", 401, tokenMsg},
		{"token wrong", tokened, "/_mxmock/health", "127.0.0.1:5555", "s3cre", 401, tokenMsg},
		{"token right", tokened, "/_mxmock/health", "127.0.0.1:5555", "s3cret", 200, ""},
		{"remote allowed, token missing", open, "/_mxmock/health", "10.1.2.3:5555", "", 401, tokenMsg},
		{"remote allowed, token right", open, "/_mxmock/health", "10.1.2.3:5555", "s3cret", 200, ""},
	}
	for _, tt := range tests {
		got := control(tt.s, "GET", tt.target, tt.remote, tt.token)
		if tt.want == "" {
			if got.Status != tt.status || got.Body != `{"status":"ok"}` {
				t.Errorf("%s: %d %s", tt.name, got.Status, got.Body)
			}
			continue
		}
		wantError(t, tt.name, got, tt.status, tt.want)
	}
	// MX routes do not care where the caller is.
	req := httptest.NewRequest("GET", "/user/x"+auth, nil)
	req.RemoteAddr = "10.1.2.3:5555"
	rec := httptest.NewRecorder()
	local.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("MX route from a remote caller: %d %s", rec.Code, rec.Body)
	}
}

func TestAccountsBadBodies(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxBodyBytes = 200 })
	tests := []struct {
		body   string
		status int
		want   string
	}{
		{`{}`, 400, `{"error":"Bad accounts body: missing required field: accounts."}`},
		{`{"accounts":[{"account_id":"A"}]}`, 400, `{"error":"Bad accounts body: accounts[0]: member must be a non-empty string."}`},
		{`{"accounts":[{"member":"m","account_id":"A"},{"member":"m"}]}`, 400,
			`{"error":"Bad accounts body: accounts[1]: account_id must be a non-empty string."}`},
		{`{"accounts":[{"member":"m","account":"A"}]}`, 400, `{"error":"Bad accounts body: malformed JSON: json: unknown field \"account\"."}`},
		{`[`, 400, `{"error":"Bad accounts body: malformed JSON: unexpected EOF."}`},
		{`{"accounts":[` + strings.Repeat(`{"member":"m","account_id":"A"},`, 10) + `]}`, 413, `{"error":"Request body exceeds 200 bytes."}`},
	}
	for _, tt := range tests {
		wantError(t, "POST /_mxmock/accounts "+tt.body, do(t, s, "POST", "/_mxmock/accounts", tt.body), tt.status, tt.want)
	}
	if _, _, n := s.store.counts(); n != 0 {
		t.Errorf("bad bodies added %d accounts", n)
	}
	if got := do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[]}`); got.Status != 201 || got.Body != `{"added":0}` {
		t.Errorf("empty list: %d %s", got.Status, got.Body)
	}
}
