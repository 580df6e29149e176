package mock

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

const (
	outageBody      = `{"error":"Bad Gateway: MX's API is down (mxmock outage fault)."}`
	maintenanceBody = `{"error":"Service Temporarily Unavailable."}`
)

func addFault(t testing.TB, s http.Handler, body string) Fault {
	t.Helper()
	got := do(t, s, "POST", "/_mxmock/faults", body)
	if got.Status != http.StatusCreated || got.Type != "application/json" {
		t.Fatalf("POST /_mxmock/faults %s: %d %s", body, got.Status, got.Body)
	}
	var f Fault
	if err := json.Unmarshal([]byte(got.Body), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func listFaults(t testing.TB, s http.Handler) []Fault {
	t.Helper()
	got := do(t, s, "GET", "/_mxmock/faults", "")
	var body struct{ Faults []Fault }
	if got.Status != http.StatusOK || json.Unmarshal([]byte(got.Body), &body) != nil || body.Faults == nil {
		t.Fatalf("GET /_mxmock/faults: %d %s", got.Status, got.Body)
	}
	return body.Faults
}

func TestOutageAndMaintenanceHitEveryMXRoute(t *testing.T) {
	for _, tt := range []struct {
		kind   string
		status int
		body   string
	}{{"outage", http.StatusBadGateway, outageBody}, {"maintenance", http.StatusServiceUnavailable, maintenanceBody}} {
		s := newServer(t)
		addFault(t, s, `{"kind":"`+tt.kind+`"}`)
		routes := append(routeSamples[:len(routeSamples):len(routeSamples)],
			struct{ method, path, body string }{"GET", "/nope", ""},
			struct{ method, path, body string }{"PATCH", "/user/x", ""},
			struct{ method, path, body string }{"GET", "//unclean", ""})
		for _, rt := range routes {
			// Faults come before Content-Type and auth: no k, no Content-Type.
			got := do(t, s, rt.method, rt.path, rt.body, "Content-Type", "")
			wantError(t, tt.kind+" "+rt.method+" "+rt.path, got, tt.status, tt.body)
		}
		if got := do(t, s, "GET", "/_mxmock/health", ""); got.Status != http.StatusOK {
			t.Errorf("%s: the control API is faulted: %d %s", tt.kind, got.Status, got.Body)
		}
	}
}

func TestDeleteFailuresHitOnlyTheirRoute(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"u"}`)
	createMember(t, s, memberBody("u", "m"))
	do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m","account_id":"A"}]}`)
	addFault(t, s, `{"kind":"user_delete_failure","system_message":"disk on fire"}`)
	addFault(t, s, `{"kind":"member_delete_failure","times":1}`)

	wantOK(t, "GET /user", do(t, s, "GET", "/user/u"+auth, ""), http.StatusOK)
	wantOK(t, "PUT /user", do(t, s, "PUT", "/user/u"+auth, `{}`), http.StatusOK)
	wantNoContent(t, "DELETE account", do(t, s, "DELETE", "/member/m/account/A"+auth, ""))
	wantError(t, "U5", do(t, s, "DELETE", "/user/u"+auth, ""),
		http.StatusInternalServerError, `{"error":"Failed to delete user: disk on fire"}`)
	wantError(t, "U5 again: persistent", do(t, s, "DELETE", "/user/u"+auth, ""),
		http.StatusInternalServerError, `{"error":"Failed to delete user: disk on fire"}`)
	wantOK(t, "the user is still there", do(t, s, "GET", "/user/u"+auth, ""), http.StatusOK)
	wantError(t, "M5 with the default system message", do(t, s, "DELETE", "/member/m"+auth, ""),
		http.StatusInternalServerError, `{"error":"Failed to delete member: mxmock member_delete_failure fault"}`)
	wantOK(t, "the member is still there", do(t, s, "GET", "/member/m"+auth, ""), http.StatusOK)
	wantNoContent(t, "M5 was one-shot", do(t, s, "DELETE", "/member/m"+auth, ""))
}

func TestFaultTimes(t *testing.T) {
	s := newServer(t)
	one := addFault(t, s, `{"kind":"maintenance","times":1}`)
	if one.ID != "F-1" || one.Times != 1 || one.Kind != "maintenance" {
		t.Errorf("created fault = %+v", one)
	}
	wantError(t, "one-shot fires", do(t, s, "GET", "/user/x"+auth, ""), 503, maintenanceBody)
	wantError(t, "then is gone", do(t, s, "GET", "/user/x"+auth, ""), 400, `{"error":"User with guid x not found."}`)
	if n := len(listFaults(t, s)); n != 0 {
		t.Errorf("%d faults listed after the one-shot fired", n)
	}

	addFault(t, s, `{"kind":"outage","times":2}`)
	wantError(t, "first of two", do(t, s, "GET", "/nope", ""), 502, outageBody)
	if l := listFaults(t, s); len(l) != 1 || l[0].Times != 1 {
		t.Errorf("after one use: %+v, want times 1 left", l)
	}
	wantError(t, "second of two", do(t, s, "GET", "/nope", ""), 502, outageBody)
	wantError(t, "gone", do(t, s, "GET", "/nope", ""), 404, `{"error":"No route for GET /nope."}`)

	addFault(t, s, `{"kind":"outage","times":0}`)
	for range 5 {
		wantError(t, "persistent", do(t, s, "GET", "/nope", ""), 502, outageBody)
	}
	if l := listFaults(t, s); len(l) != 1 || l[0].Times != 0 {
		t.Errorf("persistent fault after use: %+v", l)
	}
}

func TestFaultScopes(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"u"}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"p1"}}`)
	addFault(t, s, `{"kind":"maintenance","scope":{"client":"`+clientB+`"}}`)
	addFault(t, s, `{"kind":"user_delete_failure","system_message":"both","scope":{"client":"`+clientA+`","header":"p3"}}`)
	tests := []struct {
		name, method, target string
		header               []string
		status               int
	}{
		{"header p1", "GET", "/user/u" + auth, []string{ScopeHeader, "p1"}, 502},
		{"header p2", "GET", "/user/u" + auth, []string{ScopeHeader, "p2"}, 200},
		{"no header", "GET", "/user/u" + auth, nil, 200},
		{"client B by guid", "GET", "/user/u?k=" + testKey + "&c=" + clientB, nil, 503},
		{"client B by external guid: scope matches c exactly", "GET", "/user/u?k=" + testKey + "&c=" + clientBExt, nil, 400},
		{"client and header: only the header", "DELETE", "/user/zzz?k=" + testKey + "&c=" + clientB, []string{ScopeHeader, "p3"}, 503},
		{"client and header: only the client", "DELETE", "/user/zzz" + auth, nil, 400},
		{"client and header: both", "DELETE", "/user/u" + auth, []string{ScopeHeader, "p3"}, 500},
		{"first match wins", "GET", "/user/u?k=" + testKey + "&c=" + clientB, []string{ScopeHeader, "p1"}, 502},
	}
	for _, tt := range tests {
		if got := do(t, s, tt.method, tt.target, "", tt.header...); got.Status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, got.Status, got.Body, tt.status)
		}
	}
}

func TestFaultControl(t *testing.T) {
	s := newServer(t)
	f1 := addFault(t, s, `{"kind":"outage","scope":{"header":"p1"}}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"p2"}}`)
	addFault(t, s, `{"kind":"maintenance","scope":{"client":"c9","header":"p2"}}`)
	f4 := addFault(t, s, `{"kind":"user_delete_failure","times":3,"system_message":"x","scope":{"client":"c9"}}`)
	want := Fault{ID: "F-4", Kind: "user_delete_failure", Times: 3, SystemMessage: "x", Scope: FaultScope{Client: "c9"}}
	if !reflect.DeepEqual(f4, want) {
		t.Errorf("created %+v, want %+v", f4, want)
	}
	if got := do(t, s, "POST", "/_mxmock/faults", `{"kind":"outage"}`); got.Body !=
		`{"id":"F-5","kind":"outage","times":0,"system_message":"","scope":{"client":"","header":""}}` {
		t.Errorf("fault body = %s", got.Body)
	}

	wantNoContent(t, "delete F-1", do(t, s, "DELETE", "/_mxmock/faults/"+f1.ID, ""))
	wantError(t, "delete F-1 again", do(t, s, "DELETE", "/_mxmock/faults/F-1", ""), 404, `{"error":"No fault with id F-1."}`)
	wantNoContent(t, "delete scope p2 and client c9", do(t, s, "DELETE", "/_mxmock/faults?scope_header=p2&scope_client=c9", ""))
	wantNoContent(t, "delete scope p2", do(t, s, "DELETE", "/_mxmock/faults?scope_header=p2", ""))
	if l := listFaults(t, s); len(l) != 2 || l[0].ID != "F-4" || l[1].ID != "F-5" {
		t.Errorf("left: %+v, want F-4 and F-5", l)
	}
	wantNoContent(t, "delete the global ones", do(t, s, "DELETE", "/_mxmock/faults?scope_client=", ""))
	if l := listFaults(t, s); len(l) != 1 || l[0].ID != "F-4" {
		t.Errorf("left: %+v, want F-4", l)
	}
	wantNoContent(t, "delete all", do(t, s, "DELETE", "/_mxmock/faults", ""))
	if l := listFaults(t, s); len(l) != 0 {
		t.Errorf("left: %+v", l)
	}
	// Ids are not reused, even after a reset.
	do(t, s, "POST", "/_mxmock/reset", "")
	if f := addFault(t, s, `{"kind":"outage"}`); f.ID != "F-6" {
		t.Errorf("id after reset = %s, want F-6", f.ID)
	}
}

func TestFaultBadBodies(t *testing.T) {
	s := newServer(t)
	tests := []struct{ body, want string }{
		{`{"kind":"slow"}`, `{"error":"Unknown fault kind \"slow\": use one of outage, maintenance, user_delete_failure, member_delete_failure, delay, connection_reset, empty_reply, garbage, truncated_body, slow_body."}`},
		{`{}`, `{"error":"Missing required field: kind (one of outage, maintenance, user_delete_failure, member_delete_failure, delay, connection_reset, empty_reply, garbage, truncated_body, slow_body)."}`},
		{`{"kind":"outage","times":-1}`, `{"error":"Field times must be 0 (until deleted) or more, got -1."}`},
		{`{"kind":"outage","times":"1"}`, `{"error":"Bad fault body: json: cannot unmarshal string into Go struct field Fault.times of type int."}`},
		{`{"kind":"outage","scope":{"heder":"p1"}}`, `{"error":"Bad fault body: json: unknown field \"heder\"."}`},
		{`{"kind":`, `{"error":"Bad fault body: unexpected EOF."}`},
		{`{"kind":"outage"} {}`, `{"error":"Bad fault body: unexpected data after the JSON value."}`},
	}
	for _, tt := range tests {
		wantError(t, "POST /_mxmock/faults "+tt.body, do(t, s, "POST", "/_mxmock/faults", tt.body), 400, tt.want)
	}
	if l := listFaults(t, s); len(l) != 0 {
		t.Errorf("bad bodies made faults: %+v", l)
	}
}
