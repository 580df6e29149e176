package mock

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// MX's create-member request sample.
const sampleMember = `{"external_user_guid":"235-XXXX-83","external_member_guid":"M-235-XXXX-83",
"credentials":[{"field_name":"userkey","response":"key123"}]}`

func TestMemberCreateCopiesMXSample(t *testing.T) {
	s := newServer(t)
	userGUID := createUser(t, s, `{"external_user_guid":"235-XXXX-83"}`)
	got := do(t, s, "POST", "/member"+auth, sampleMember)
	m := wantOK(t, "POST /member", got, http.StatusOK)
	wantKeys := []string{"guid", "institution_guid", "user_guid", "name", "status", "external_member_guid"}
	if keys := topKeys(t, got.Body); !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("keys = %v, want %v", keys, wantKeys)
	}
	want := map[string]any{
		"institution_guid": "INS-1572a04c-912b-59bf-5841-332c7dfafaef", "user_guid": userGUID,
		"name": "MX Bank (mxmock)", "external_member_guid": "M-235-XXXX-83",
		"status": map[string]any{"status": json.Number("1"), "name": "ENABLED", "message": ""},
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if g, _ := m["guid"].(string); !strings.HasPrefix(g, "MBR-") || !guidShape.MatchString(g) {
		t.Errorf("guid = %q, want MBR- and a uuid", g)
	}
	if strings.Contains(got.Body, "key123") {
		t.Errorf("the member body shows a credential: %s", got.Body)
	}
}

func TestMemberCreateVariants(t *testing.T) {
	s := newServer(t)
	userGUID := createUser(t, s, `{"external_user_guid":"owner"}`)
	creds := `"credentials":[{"field_name":"login","response":"u"},{"field_name":"password","response":""}]`
	tests := []struct {
		name, body, field string
		want              any
	}{
		{"user_guid with the MX guid", `{"user_guid":"` + userGUID + `",` + creds + `}`, "user_guid", userGUID},
		{"user_guid with the external guid", `{"user_guid":"owner",` + creds + `}`, "user_guid", userGUID},
		{"external_user_guid with the MX guid", `{"external_user_guid":"` + userGUID + `",` + creds + `}`, "user_guid", userGUID},
		{"no external member guid is null", `{"user_guid":"owner",` + creds + `}`, "external_member_guid", nil},
		{"name from the request", `{"user_guid":"owner","name":"Expera Credit Union",` + creds + `}`, "name", "Expera Credit Union"},
		{"institution from the request", `{"user_guid":"owner","institution_guid":"INS-1",` + creds + `}`, "institution_guid", "INS-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := wantOK(t, "POST /member", do(t, s, "POST", "/member"+auth, tt.body), http.StatusOK)
			if !reflect.DeepEqual(m[tt.field], tt.want) {
				t.Errorf("%s = %#v, want %#v", tt.field, m[tt.field], tt.want)
			}
		})
	}
}

func TestMemberReadUpdateDelete(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"owner"}`)
	created := do(t, s, "POST", "/member"+auth, memberBody("owner", "m-1"))
	guid := wantOK(t, "POST /member", created, http.StatusOK)["guid"].(string)
	for _, id := range []string{guid, "m-1"} {
		got := do(t, s, "GET", "/member/"+id+auth, "")
		if wantOK(t, "GET /member/"+id, got, http.StatusOK); got.Body != created.Body {
			t.Errorf("GET /member/%s = %s, want %s", id, got.Body, created.Body)
		}
	}
	got := do(t, s, "PUT", "/member/m-1"+auth,
		`{"credentials":[{"field_name":"userkey","response":"new"}],"name":"Renamed","external_member_guid":"ignored"}`)
	m := wantOK(t, "PUT /member", got, http.StatusOK)
	if m["name"] != "Renamed" || m["external_member_guid"] != "m-1" || m["guid"] != guid {
		t.Errorf("PUT /member = %s", got.Body)
	}
	if read := do(t, s, "GET", "/member/"+guid+auth, ""); read.Body != got.Body {
		t.Errorf("GET after PUT = %s, want %s", read.Body, got.Body)
	}
	wantOK(t, "PUT /member with no credentials", do(t, s, "PUT", "/member/m-1"+auth, `{}`), http.StatusOK)
	wantNoContent(t, "DELETE /member", do(t, s, "DELETE", "/member/"+guid+auth, ""))
	wantError(t, "GET deleted member", do(t, s, "GET", "/member/m-1"+auth, ""),
		http.StatusInternalServerError, `{"error":"Member not found."}`)
	wantError(t, "DELETE it again", do(t, s, "DELETE", "/member/m-1"+auth, ""),
		http.StatusBadRequest, `{"error":"Member with guid m-1 not found"}`)
	// The user stays, and the external member guid is free again.
	wantOK(t, "GET the owner", do(t, s, "GET", "/user/owner"+auth, ""), http.StatusOK)
	createMember(t, s, memberBody("owner", "m-1"))
}

func TestMemberDocumentedErrors(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"owner"}`)
	createMember(t, s, memberBody("owner", "m-dup"))
	tests := []struct {
		name, method, target, body string
		status                     int
		want                       string
	}{
		{"M1 read", "GET", "/member/nope" + auth, "", 500, `{"error":"Member not found."}`},
		{"M1 update", "PUT", "/member/nope" + auth, `{"name":"x"}`, 500, `{"error":"Member not found."}`},
		{"M2", "POST", "/member" + auth, memberBody("owner", "MBR-1"), 400, `{"error":"Invalid format for external member guid"}`},
		{"M3", "POST", "/member" + auth, memberBody("owner", "m-dup"), 400, `{"error":"Member already exists with guid m-dup"}`},
		{"M4", "DELETE", "/member/nope" + auth, "", 400, `{"error":"Member with guid nope not found"}`},
		{"U1 unknown owner", "POST", "/member" + auth, memberBody("ghost", "m-2"), 400, `{"error":"User with guid ghost not found."}`},
		{"U1 unknown owner by user_guid", "POST", "/member" + auth,
			`{"user_guid":"USR-x","credentials":[{"field_name":"a","response":"b"}]}`, 400, `{"error":"User with guid USR-x not found."}`},
		{"member of another client", "GET", "/member/m-dup?k=" + testKey + "&c=" + clientB, "", 500, `{"error":"Member not found."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, tt.method+" "+tt.target, do(t, s, tt.method, tt.target, tt.body), tt.status, tt.want)
		})
	}
}

func TestMemberInputErrors(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"owner"}`)
	createMember(t, s, memberBody("owner", "m-1"))
	post := []struct{ body, want string }{
		{`{"credentials":[{"field_name":"a","response":"b"}]}`, `{"error":"Missing required field: external_user_guid or user_guid."}`},
		{`{"external_user_guid":"","credentials":[{"field_name":"a","response":"b"}]}`, `{"error":"Missing required field: external_user_guid or user_guid."}`},
		{`{"external_user_guid":"owner"}`, `{"error":"Missing required field: credentials."}`},
		{`{"external_user_guid":"owner","credentials":null}`, `{"error":"Missing required field: credentials."}`},
		{`{"external_user_guid":"owner","credentials":[]}`, `{"error":"Missing required field: credentials."}`},
		{`{"external_user_guid":"owner","credentials":{}}`, `{"error":"Field credentials must be an array."}`},
		{`{"external_user_guid":"owner","credentials":["x"]}`, `{"error":"Field credentials[0] must be an object."}`},
		{`{"external_user_guid":"owner","credentials":[{"field_name":"a","response":"b"},{"response":"b"}]}`,
			`{"error":"Field credentials[1].field_name must be a non-empty string."}`},
		{`{"external_user_guid":"owner","credentials":[{"field_name":"","response":"b"}]}`,
			`{"error":"Field credentials[0].field_name must be a non-empty string."}`},
		{`{"external_user_guid":"owner","credentials":[{"field_name":"a"}]}`, `{"error":"Field credentials[0].response must be a string."}`},
		{`{"external_user_guid":"owner","credentials":[{"field_name":"a","response":1}]}`, `{"error":"Field credentials[0].response must be a string."}`},
		{`{"external_user_guid":1,"credentials":[{"field_name":"a","response":"b"}]}`, `{"error":"Field external_user_guid must be a string."}`},
		{`{"user_guid":true,"credentials":[{"field_name":"a","response":"b"}]}`, `{"error":"Field user_guid must be a string."}`},
		{`{"external_user_guid":"owner","external_member_guid":5,"credentials":[{"field_name":"a","response":"b"}]}`,
			`{"error":"Field external_member_guid must be a string."}`},
		{`{"external_user_guid":"owner","name":5,"credentials":[{"field_name":"a","response":"b"}]}`, `{"error":"Field name must be a string."}`},
		{`{"external_user_guid"`, `{"error":"Malformed JSON body: unexpected end of JSON input."}`},
		{`[]`, `{"error":"Body must be a JSON object."}`},
	}
	for _, tt := range post {
		wantError(t, "POST /member "+tt.body, do(t, s, "POST", "/member"+auth, tt.body), http.StatusBadRequest, tt.want)
	}
	put := []struct{ body, want string }{
		{`{"credentials":[]}`, `{"error":"Field credentials must hold at least one credential."}`},
		{`{"credentials":"x"}`, `{"error":"Field credentials must be an array."}`},
		{`{"credentials":[{"field_name":1,"response":"b"}]}`, `{"error":"Field credentials[0].field_name must be a non-empty string."}`},
		{`{"institution_guid":false}`, `{"error":"Field institution_guid must be a string."}`},
		{`{`, `{"error":"Malformed JSON body: unexpected end of JSON input."}`},
	}
	for _, tt := range put {
		wantError(t, "PUT /member "+tt.body, do(t, s, "PUT", "/member/m-1"+auth, tt.body), http.StatusBadRequest, tt.want)
	}
}
