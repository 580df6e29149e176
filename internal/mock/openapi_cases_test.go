package mock

import (
	"os"
	"testing"
)

// openAPICase is one request and the answer it must get.
type openAPICase struct {
	name           string
	edit           func(*Config) // the mock's configuration, from the fixtures' (optional)
	prepare        func(*Server) // before the request (optional)
	method, target string        // target with its query
	body           string        // sent as application/json unless headers say otherwise
	headers        []string      // name, value pairs; a Content-Type of "" removes it
	remote         string        // RemoteAddr; loopback when empty
	bodyErr        error         // the request body fails with this after its bytes
	want           int           // the status this request must get
}

// openAPIFixtures is the state every case starts from: a user GUID-1234 (with a birthdate) and
// its member m-1 in clientA, and a feed account ACC-1 of m-1.
func openAPIServer(t *testing.T, edit func(*Config)) *Server {
	t.Helper()
	s := newServer(t, func(c *Config) {
		c.Accounts = []Account{{Member: "m-1", AccountID: "ACC-1"}}
		if edit != nil {
			edit(c)
		}
	})
	createUser(t, s, `{"external_user_guid":"GUID-1234","birthdate":"1990-06-15","zip_code":"12345-6789","sex":"FEMALE"}`)
	createMember(t, s, memberBody("GUID-1234", "m-1"))
	return s
}

func openAPICases() []openAPICase {
	const (
		user   = `{"external_user_guid":"GUID-5678","email":"richard@email.com","zip_code":"12345","sex":"MALE"}`
		member = `{"external_user_guid":"GUID-1234","external_member_guid":"m-2","credentials":[{"field_name":"userkey","response":"key123"}]}`
	)
	full := func(c *Config) { c.MaxObjects = 2 }       // the fixtures fill it
	tiny := func(s *Server) { s.cfg.MaxBodyBytes = 8 } // after the fixtures, whose bodies are longer
	fault := func(kind string) func(*Server) {
		return func(s *Server) {
			if _, err := s.AddFault(Fault{Kind: kind, Scope: FaultScope{Header: "openapi"}}); err != nil {
				panic(err)
			}
		}
	}
	scoped := []string{ScopeHeader, "openapi"}
	timeout := os.ErrDeadlineExceeded
	cases := []openAPICase{
		// Successes.
		{name: "create user", method: "POST", target: "/user" + auth, body: user, want: 200},
		{name: "create user, no external guid", method: "POST", target: "/user" + auth, body: `{}`, want: 200},
		{name: "read user", method: "GET", target: "/user/GUID-1234" + auth, want: 200},
		{name: "update user", method: "PUT", target: "/user/GUID-1234" + auth, body: `{"status":"DISABLED","credit_score":790}`, want: 200},
		{name: "delete user", method: "DELETE", target: "/user/GUID-1234" + auth, want: 204},
		{name: "create member", method: "POST", target: "/member" + auth, body: member, want: 200},
		{name: "read member", method: "GET", target: "/member/m-1" + auth, want: 200},
		{name: "update member", method: "PUT", target: "/member/m-1" + auth, body: `{"name":"Bank","credentials":[{"field_name":"k","response":"v"}]}`, want: 200},
		{name: "delete member", method: "DELETE", target: "/member/m-1" + auth, want: 204},
		{name: "delete account", method: "DELETE", target: "/member/m-1/account/ACC-1" + auth, want: 204},
		// The documented errors the handlers answer.
		{name: "U1 read", method: "GET", target: "/user/GUID-9999" + auth, want: 400},
		{name: "U1 update", method: "PUT", target: "/user/GUID-9999" + auth, body: `{}`, want: 400},
		{name: "U1 delete", method: "DELETE", target: "/user/GUID-9999" + auth, want: 400},
		{name: "U1 owner of a new member", method: "POST", target: "/member" + auth, body: memberBody("GUID-9999", ""), want: 400},
		{name: "U2", method: "POST", target: "/user" + auth, body: `{"external_user_guid":"USR-1"}`, want: 400},
		{name: "U3", method: "POST", target: "/user" + auth, body: `{"external_user_guid":"GUID-1234"}`, want: 400},
		{name: "U4", method: "POST", target: "/user?k=" + testKey + "&c=" + notOurs, body: user, want: 500},
		{name: "U5", prepare: func(s *Server) { _, _ = s.AddFault(Fault{Kind: "user_delete_failure"}) }, method: "DELETE", target: "/user/GUID-1234" + auth, want: 500},
		{name: "M1 read", method: "GET", target: "/member/m-9" + auth, want: 500},
		{name: "M1 update", method: "PUT", target: "/member/m-9" + auth, body: `{}`, want: 500},
		{name: "M2", method: "POST", target: "/member" + auth, body: memberBody("GUID-1234", "MBR-1"), want: 400},
		{name: "M3", method: "POST", target: "/member" + auth, body: memberBody("GUID-1234", "m-1"), want: 400},
		{name: "M4", method: "DELETE", target: "/member/m-9" + auth, want: 400},
		{name: "M5", prepare: func(s *Server) { _, _ = s.AddFault(Fault{Kind: "member_delete_failure"}) }, method: "DELETE", target: "/member/m-1" + auth, want: 500},
		{name: "A1", method: "DELETE", target: "/member/m-1/account/ACC-9" + auth, want: 400},
		// mxmock's own field errors and limits.
		{name: "user field", method: "POST", target: "/user" + auth, body: `{"sex":"X"}`, want: 400},
		{name: "user external guids differ", method: "POST", target: "/user" + auth, body: `{"external_user_guid":"a","external_guid":"b"}`, want: 400},
		{name: "update field", method: "PUT", target: "/user/GUID-1234" + auth, body: `{"zip_code":12345}`, want: 400},
		{name: "member without credentials", method: "POST", target: "/member" + auth, body: `{"user_guid":"GUID-1234"}`, want: 400},
		{name: "member without owner", method: "POST", target: "/member" + auth, body: `{"credentials":[{"field_name":"a","response":"b"}]}`, want: 400},
		{name: "member update, empty credentials", method: "PUT", target: "/member/m-1" + auth, body: `{"credentials":[]}`, want: 400},
		{name: "user store full", edit: full, method: "POST", target: "/user" + auth, body: user, want: 507},
		{name: "member store full", edit: full, method: "POST", target: "/member" + auth, body: member, want: 507},
		// The catch-all: no route.
		{name: "G1 unknown path", method: "GET", target: "/users/GUID-1234" + auth, want: 404},
		{name: "G1 other method", method: "PATCH", target: "/user/GUID-1234" + auth, body: `{}`, want: 404},
		{name: "G1 unclean path", method: "GET", target: "//user" + auth, want: 404},
		{name: "G1 no id", method: "GET", target: "/user/" + auth, want: 404},
		{name: "G1 with an outage", prepare: fault("outage"), method: "GET", target: "/nope", headers: scoped, want: 502},
		{name: "G1 with maintenance", prepare: fault("maintenance"), method: "PATCH", target: "/user/x", headers: scoped, want: 503},
		// The control API.
		{name: "health", method: "GET", target: "/_mxmock/health", want: 200},
		{name: "reset", method: "POST", target: "/_mxmock/reset", want: 204},
		{name: "reset a scope", method: "POST", target: "/_mxmock/reset?scope_header=p1", want: 204},
		{name: "add accounts", method: "POST", target: "/_mxmock/accounts", body: `{"accounts":[{"member":"m-1","account_id":"A"}]}`, want: 201},
		{name: "add accounts, bad body", method: "POST", target: "/_mxmock/accounts", body: `{"accounts":[{"member":""}]}`, want: 400},
		{name: "add accounts, full", edit: func(c *Config) { c.MaxAccounts = 1 }, method: "POST", target: "/_mxmock/accounts", body: `{"accounts":[{"member":"m","account_id":"A"}]}`, want: 507},
		{name: "add accounts, too large", prepare: tiny, method: "POST", target: "/_mxmock/accounts", body: `{"accounts":[]}`, want: 413},
		{name: "add accounts, timed out", method: "POST", target: "/_mxmock/accounts", body: `{"accounts":[]}`, bodyErr: timeout, want: 408},
		{name: "add fault", method: "POST", target: "/_mxmock/faults", body: `{"kind":"delay","delay_ms":5,"times":1,"scope":{"header":"p1"},"route":"GET /user/{id}"}`, want: 201},
		{name: "add fault, bad body", method: "POST", target: "/_mxmock/faults", body: `{"kind":"delay"}`, want: 400},
		{name: "add fault, full", edit: func(c *Config) { c.MaxFaults = 1; c.Faults = []Fault{{Kind: "outage", Scope: FaultScope{Header: "x"}}} }, method: "POST", target: "/_mxmock/faults", body: `{"kind":"outage"}`, want: 507},
		{name: "add fault, too large", prepare: tiny, method: "POST", target: "/_mxmock/faults", body: `{"kind":"outage"}`, want: 413},
		{name: "add fault, timed out", method: "POST", target: "/_mxmock/faults", body: `{"kind":"outage"}`, bodyErr: timeout, want: 408},
		{name: "list faults", prepare: fault("outage"), method: "GET", target: "/_mxmock/faults", want: 200},
		{name: "delete faults", method: "DELETE", target: "/_mxmock/faults?scope_client=", want: 204},
		{name: "delete a fault", prepare: fault("outage"), method: "DELETE", target: "/_mxmock/faults/F-1", want: 204},
		{name: "delete an unknown fault", method: "DELETE", target: "/_mxmock/faults/F-9", want: 404},
		{name: "unknown control route", method: "GET", target: "/_mxmock/nope", want: 404},
	}
	// Every MX route: the checks before its handler, and the faults that replace its answer.
	routes := []struct{ method, path, body string }{
		{"POST", "/user", user}, {"GET", "/user/GUID-1234", ""}, {"PUT", "/user/GUID-1234", `{"email":"a@b.c"}`},
		{"DELETE", "/user/GUID-1234", ""}, {"POST", "/member", member}, {"GET", "/member/m-1", ""},
		{"PUT", "/member/m-1", `{"name":"Bank X"}`}, {"DELETE", "/member/m-1", ""}, {"DELETE", "/member/m-1/account/ACC-1", ""},
	}
	for _, rt := range routes {
		name := rt.method + " " + rt.path + ": "
		unassociated := 403
		if rt.method == "POST" && rt.path == "/user" {
			unassociated = 500 // U4
		}
		cases = append(cases,
			openAPICase{name: name + "no k", method: rt.method, target: rt.path + "?c=" + clientA, body: rt.body, want: 401},
			openAPICase{name: name + "wrong k", method: rt.method, target: rt.path + "?k=nope&c=" + clientA, body: rt.body, want: 401},
			openAPICase{name: name + "no c", method: rt.method, target: rt.path + "?k=" + testKey, body: rt.body, want: 400},
			openAPICase{name: name + "c of another accessor", method: rt.method, target: rt.path + "?k=" + testKey + "&c=" + notOurs, body: rt.body, want: unassociated},
			openAPICase{name: name + "outage", prepare: fault("outage"), method: rt.method, target: rt.path + auth, body: rt.body, headers: scoped, want: 502},
			openAPICase{name: name + "maintenance", prepare: fault("maintenance"), method: rt.method, target: rt.path + auth, body: rt.body, headers: scoped, want: 503},
		)
		if rt.body == "" {
			continue
		}
		cases = append(cases,
			openAPICase{name: name + "no Content-Type", method: rt.method, target: rt.path + auth, body: rt.body, headers: []string{"Content-Type", ""}, want: 404},
			openAPICase{name: name + "text/plain", method: rt.method, target: rt.path + auth, body: rt.body, headers: []string{"Content-Type", "text/plain"}, want: 404},
			openAPICase{name: name + "malformed JSON", method: rt.method, target: rt.path + auth, body: `{"a":`, want: 400},
			openAPICase{name: name + "not an object", method: rt.method, target: rt.path + auth, body: `[1]`, want: 400},
			openAPICase{name: name + "too large", prepare: tiny, method: rt.method, target: rt.path + auth, body: rt.body, want: 413},
			openAPICase{name: name + "timed out", method: rt.method, target: rt.path + auth, body: rt.body, bodyErr: timeout, want: 408},
		)
	}
	// Every control route refuses a remote caller and, with a token set, a request without it.
	for _, rt := range []struct{ method, path string }{
		{"GET", "/_mxmock/health"}, {"POST", "/_mxmock/reset"}, {"POST", "/_mxmock/accounts"},
		{"POST", "/_mxmock/faults"}, {"GET", "/_mxmock/faults"}, {"DELETE", "/_mxmock/faults"}, {"DELETE", "/_mxmock/faults/F-1"},
	} {
		cases = append(cases,
			openAPICase{name: rt.method + " " + rt.path + ": remote", method: rt.method, target: rt.path, remote: "10.0.0.1:4000", want: 403},
			openAPICase{name: rt.method + " " + rt.path + ": no token", edit: func(c *Config) { c.ControlToken = "t0ken" }, method: rt.method, target: rt.path, want: 401},
		)
	}
	return cases
}

// failingBody fails every read with err, as a body whose read deadline passed does.
type failingBody struct{ err error }

func (f *failingBody) Read([]byte) (int, error) { return 0, f.err }

func (f *failingBody) Close() error { return nil }
