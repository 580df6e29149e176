package mock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

var guidShape = regexp.MustCompile(`^[A-Z]{3}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// MX's create-user request sample.
const sampleUser = `{"external_user_guid":"GUID-1234","email":"richard@email.com","first_name":"Richard",
"last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}`

func TestUserCreateCopiesMXSample(t *testing.T) {
	s := newServer(t)
	got := do(t, s, "POST", "/user"+auth, sampleUser)
	m := wantOK(t, "POST /user", got, http.StatusOK)

	// MX's create sample: birthday, no last_login.
	wantKeys := []string{"guid", "external_guid", "external_user_guid", "client_guid", "email",
		"login_token", "first_name", "last_name", "phone", "birthday", "sex", "credit_score", "zip_code",
		"master_widget_url", "accounts_widget_url", "budgets_widget_url", "debts_widget_url",
		"net_worth_widget_url", "spending_widget_url", "transactions_widget_url", "status"}
	if keys := topKeys(t, got.Body); !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("keys:\n got  %v\n want %v", keys, wantKeys)
	}
	want := map[string]any{
		"external_guid": "GUID-1234", "external_user_guid": "GUID-1234", "client_guid": clientA,
		"email": "richard@email.com", "first_name": "Richard", "last_name": "Montague",
		"phone": "8015551234", "birthday": nil, "sex": json.Number("0"), "credit_score": nil,
		"zip_code": json.Number("12345"),
		"status":   map[string]any{"status": json.Number("1"), "name": "ENABLED", "message": ""},
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if g, _ := m["guid"].(string); !strings.HasPrefix(g, "USR-") || !guidShape.MatchString(g) {
		t.Errorf("guid = %q, want USR- and a uuid", g)
	}
	token, _ := m["login_token"].(string)
	if len(token) < 32 {
		t.Errorf("login_token = %q, want a long random token", token)
	}
	for _, w := range []string{"master", "accounts", "budgets", "debts", "net_worth", "spending", "transactions"} {
		want := "https://widgets.mxmock.test/" + w + "?login_token=" + token
		if m[w+"_widget_url"] != want {
			t.Errorf("%s_widget_url = %v, want %s", w, m[w+"_widget_url"], want)
		}
	}
}

// Each route answers the layout of MX's sample for it: read adds last_login after zip_code;
// update has age (from birthdate) where the others have birthday, and no last_login.
func TestUserLayoutsFollowMXSamples(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"u","birthdate":"1990-06-15"}`)
	read := do(t, s, "GET", "/user/u"+auth, "")
	wantOK(t, "GET", read, http.StatusOK)
	readKeys := []string{"guid", "external_guid", "external_user_guid", "client_guid", "email",
		"login_token", "first_name", "last_name", "phone", "birthday", "sex", "credit_score", "zip_code",
		"last_login", "master_widget_url", "accounts_widget_url", "budgets_widget_url", "debts_widget_url",
		"net_worth_widget_url", "spending_widget_url", "transactions_widget_url", "status"}
	if keys := topKeys(t, read.Body); !reflect.DeepEqual(keys, readKeys) {
		t.Errorf("read keys:\n got  %v\n want %v", keys, readKeys)
	}
	upd := do(t, s, "PUT", "/user/u"+auth, `{"status":"DISABLED"}`)
	m := wantOK(t, "PUT", upd, http.StatusOK)
	updKeys := []string{"guid", "external_guid", "external_user_guid", "client_guid", "email",
		"login_token", "first_name", "last_name", "phone", "age", "sex", "credit_score", "zip_code",
		"master_widget_url", "accounts_widget_url", "budgets_widget_url", "debts_widget_url",
		"net_worth_widget_url", "spending_widget_url", "transactions_widget_url", "status"}
	if keys := topKeys(t, upd.Body); !reflect.DeepEqual(keys, updKeys) {
		t.Errorf("update keys:\n got  %v\n want %v", keys, updKeys)
	}
	if want := age(some("1990-06-15"), time.Now()); m["age"] != json.Number(fmt.Sprint(want.v)) {
		t.Errorf("age = %v, want %d", m["age"], want.v)
	}
	createUser(t, s, `{"external_user_guid":"no-birthdate"}`)
	m = wantOK(t, "PUT, no birthdate", do(t, s, "PUT", "/user/no-birthdate"+auth, `{}`), http.StatusOK)
	if v, ok := m["age"]; !ok || v != nil {
		t.Errorf("age without a birthdate = %v (present %v), want null", v, ok)
	}
}

func TestAgeCountsWholeYears(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		born, on string
		want     int
	}{
		{"1990-06-15", "2026-06-14", 35}, {"1990-06-15", "2026-06-15", 36}, {"1990-06-15", "2026-12-31", 36},
		{"2000-02-29", "2026-02-28", 25}, {"2000-02-29", "2026-03-01", 26}, {"2026-01-01", "2026-01-01", 0},
	} {
		if got := age(some(tt.born), day(tt.on)); !got.set || got.v != tt.want {
			t.Errorf("age(%s) on %s = %+v, want %d", tt.born, tt.on, got, tt.want)
		}
	}
	if age(opt[string]{}, time.Now()).set {
		t.Error("age without a birthdate is not nil")
	}
}

func TestUserFieldsComeBackLikeMX(t *testing.T) {
	tests := []struct {
		name, body, field string
		want              any
	}{
		{"5-digit zip is a number", `{"zip_code":"12345"}`, "zip_code", json.Number("12345")},
		{"leading zero is lost like a number", `{"zip_code":"01234"}`, "zip_code", json.Number("1234")},
		{"ZIP+4 stays a string", `{"zip_code":"12345-6789"}`, "zip_code", "12345-6789"},
		{"Canadian code stays a string", `{"zip_code":"K1A 0B6"}`, "zip_code", "K1A 0B6"},
		{"no zip is null", `{}`, "zip_code", nil},
		{"MALE is 0", `{"sex":"MALE"}`, "sex", json.Number("0")},
		{"FEMALE is 1", `{"sex":"FEMALE"}`, "sex", json.Number("1")},
		{"birthdate comes back as birthday", `{"birthdate":"1992-03-28"}`, "birthday", "1992-03-28"},
		{"credit_score", `{"credit_score":790}`, "credit_score", json.Number("790")},
		{"no external guid is null", `{"email":"a@b.c"}`, "external_user_guid", nil},
		{"older alias external_guid", `{"external_guid":"old-1"}`, "external_user_guid", "old-1"},
		{"empty external guid counts as absent", `{"external_user_guid":""}`, "external_guid", nil},
		{"null counts as absent", `{"email":null}`, "email", nil},
		{"unknown fields are ignored", `{"favourite_colour":"blue","email":"x@y.z"}`, "email", "x@y.z"},
		{"HTML characters are not escaped", `{"first_name":"A&B <c>"}`, "first_name", "A&B <c>"},
		{"JSON escapes are decoded", `{"first_name":"Ren\u00e9e \"R\""}`, "first_name", `Renée "R"`},
		{"UTF-8 is kept", `{"first_name":"Renée"}`, "first_name", "Renée"},
		{"invalid UTF-8 becomes U+FFFD", "{\"first_name\":\"a\xffb\"}", "first_name", "a\ufffdb"},
		{"DISABLED at create", `{"status":"DISABLED"}`, "status",
			map[string]any{"status": json.Number("0"), "name": "DISABLED", "message": ""}},
	}
	s := newServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, s, "POST", "/user"+auth, tt.body)
			m := wantOK(t, "POST /user", got, http.StatusOK)
			if !reflect.DeepEqual(m[tt.field], tt.want) {
				t.Errorf("%s = %#v, want %#v (body %s)", tt.field, m[tt.field], tt.want, got.Body)
			}
		})
	}
	got := do(t, s, "POST", "/user"+auth, `{"first_name":"A&B <c>"}`)
	if !strings.Contains(got.Body, `"first_name":"A&B <c>"`) {
		t.Errorf("body escapes HTML: %s", got.Body)
	}
}

func TestUserReadByEitherGUIDAndEitherClientID(t *testing.T) {
	s := newServer(t)
	created := do(t, s, "POST", "/user?k="+testKey+"&c="+clientBExt, `{"external_user_guid":"u-1"}`)
	m := wantOK(t, "create in client B by its external guid", created, http.StatusOK)
	guid := m["guid"].(string)
	if m["client_guid"] != clientB {
		t.Errorf("client_guid = %v, want %s (the CLT guid even when c was the external guid)", m["client_guid"], clientB)
	}
	// The read answer is the create answer with last_login (null) after zip_code.
	read := strings.Replace(created.Body, `"zip_code":null,`, `"zip_code":null,"last_login":null,`, 1)
	for _, target := range []string{
		"/user/" + guid + "?k=" + testKey + "&c=" + clientB,
		"/user/u-1?k=" + testKey + "&c=" + clientB,
		"/user/u-1?k=" + testKey + "&c=" + clientBExt,
	} {
		got := do(t, s, "GET", target, "")
		wantOK(t, "GET "+target, got, http.StatusOK)
		if got.Body != read {
			t.Errorf("GET %s:\n got  %s\n want %s", target, got.Body, read)
		}
	}
	// Another client does not see it.
	wantError(t, "GET from client A", do(t, s, "GET", "/user/u-1"+auth, ""),
		http.StatusBadRequest, `{"error":"User with guid u-1 not found."}`)
}

func TestUserClientKnownOnlyByExternalGUIDGetsStableCLTGUID(t *testing.T) {
	q := "?k=" + testKey + "&c=" + clientCExt
	var seen []any
	for range 2 {
		s := newServer(t)
		m := wantOK(t, "POST /user", do(t, s, "POST", "/user"+q, `{}`), http.StatusOK)
		seen = append(seen, m["client_guid"])
	}
	g, _ := seen[0].(string)
	if !guidShape.MatchString(g) || !strings.HasPrefix(g, "CLT-") || seen[0] != seen[1] {
		t.Errorf("client_guid = %v, want one stable CLT- guid", seen)
	}
}

func TestUserUpdate(t *testing.T) {
	s := newServer(t)
	guid := createUser(t, s, sampleUser)
	got := do(t, s, "PUT", "/user/GUID-1234"+auth, `{"status":"DISABLED","email":"new@email.com","credit_score":790}`)
	m := wantOK(t, "PUT /user", got, http.StatusOK)
	wantStatus := map[string]any{"status": json.Number("2"), "name": "User update succeeded", "message": ""}
	if !reflect.DeepEqual(m["status"], wantStatus) {
		t.Errorf("PUT status = %v, want MX's sample %v", m["status"], wantStatus)
	}
	if m["email"] != "new@email.com" || m["credit_score"] != json.Number("790") || m["first_name"] != "Richard" {
		t.Errorf("PUT did not merge fields: %s", got.Body)
	}
	m = wantOK(t, "GET after PUT", do(t, s, "GET", "/user/"+guid+auth, ""), http.StatusOK)
	wantRead := map[string]any{"status": json.Number("0"), "name": "DISABLED", "message": ""}
	if !reflect.DeepEqual(m["status"], wantRead) || m["email"] != "new@email.com" {
		t.Errorf("GET after PUT: %v", m)
	}
	wantOK(t, "PUT with an empty object", do(t, s, "PUT", "/user/"+guid+auth, `{}`), http.StatusOK)
}

func TestUserDeleteCascades(t *testing.T) {
	s := newServer(t)
	guid := createUser(t, s, `{"external_user_guid":"u-del"}`)
	createMember(t, s, memberBody("u-del", "m-del"))
	wantNoContent(t, "DELETE /user", do(t, s, "DELETE", "/user/u-del"+auth, ""))
	wantError(t, "GET deleted user", do(t, s, "GET", "/user/"+guid+auth, ""),
		http.StatusBadRequest, `{"error":"User with guid `+guid+` not found."}`)
	wantError(t, "GET its member", do(t, s, "GET", "/member/m-del"+auth, ""),
		http.StatusInternalServerError, `{"error":"Member not found."}`)
	if u, m, _ := s.store.counts(); u != 0 || m != 0 {
		t.Errorf("store holds %d users, %d members after the delete", u, m)
	}
	// The external guid is free again.
	createUser(t, s, `{"external_user_guid":"u-del"}`)
}

func TestUserDocumentedErrors(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"dup-1"}`)
	tests := []struct {
		name, method, target, body string
		status                     int
		want                       string
	}{
		{"U1 read", "GET", "/user/nope" + auth, "", 400, `{"error":"User with guid nope not found."}`},
		{"U1 read MX guid", "GET", "/user/USR-0000" + auth, "", 400, `{"error":"User with guid USR-0000 not found."}`},
		{"U1 update", "PUT", "/user/nope" + auth, `{"status":"DISABLED"}`, 400, `{"error":"User with guid nope not found."}`},
		{"U1 delete", "DELETE", "/user/nope" + auth, "", 400, `{"error":"User with guid nope not found."}`},
		{"U1 escaped id as decoded", "GET", "/user/a%20b" + auth, "", 400, `{"error":"User with guid a b not found."}`},
		{"U1 id needing JSON escapes", "GET", "/user/%C3%A9%22%5C" + auth, "", 400, `{"error":"User with guid é\"\\ not found."}`},
		{"U2", "POST", "/user" + auth, `{"external_user_guid":"USR-123"}`, 400, `{"error":"Invalid format for external user guid."}`},
		{"U2 older alias", "POST", "/user" + auth, `{"external_guid":"USR-123"}`, 400, `{"error":"Invalid format for external user guid."}`},
		{"U3", "POST", "/user" + auth, `{"external_user_guid":"dup-1"}`, 400, `{"error":"User already exists with guid dup-1"}`},
		{"U3 older alias", "POST", "/user" + auth, `{"external_guid":"dup-1"}`, 400, `{"error":"User already exists with guid dup-1"}`},
		{"U4", "POST", "/user?k=" + testKey + "&c=" + notOurs, `{"external_user_guid":"x"}`, 500,
			`{"error":"Create user failed: Client must be associated."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, tt.method+" "+tt.target, do(t, s, tt.method, tt.target, tt.body), tt.status, tt.want)
		})
	}
	// Uniqueness is per client.
	wantOK(t, "same external guid in client B", do(t, s, "POST", "/user?k="+testKey+"&c="+clientB,
		`{"external_user_guid":"dup-1"}`), http.StatusOK)
}

func TestUserInputErrors(t *testing.T) {
	s := newServer(t)
	guid := createUser(t, s, `{}`)
	zipMsg := `{"error":"Field zip_code must be a US ZIP code (nnnnn or nnnnn-nnnn) or a Canadian postal code (ana nan)."}`
	tests := []struct{ body, want string }{
		{`{"zip_code":12345}`, `{"error":"Field zip_code must be a string."}`},
		{`{"zip_code":"1234"}`, zipMsg},
		{`{"zip_code":"12345-67"}`, zipMsg},
		{`{"zip_code":"K1A0B6"}`, zipMsg},
		{`{"sex":"male"}`, `{"error":"Field sex must be MALE or FEMALE."}`},
		{`{"sex":0}`, `{"error":"Field sex must be a string."}`},
		{`{"birthdate":"28/03/1992"}`, `{"error":"Field birthdate must be an ISO 8601 date (YYYY-MM-DD)."}`},
		{`{"birthdate":"1992-02-30"}`, `{"error":"Field birthdate must be an ISO 8601 date (YYYY-MM-DD)."}`},
		{`{"status":"ACTIVE"}`, `{"error":"Field status must be ENABLED or DISABLED."}`},
		{`{"credit_score":"790"}`, `{"error":"Field credit_score must be an integer."}`},
		{`{"credit_score":790.5}`, `{"error":"Field credit_score must be an integer."}`},
		{`{"email":5}`, `{"error":"Field email must be a string."}`},
		{`{"first_name":["a"]}`, `{"error":"Field first_name must be a string."}`},
		{`{`, `{"error":"Malformed JSON body: unexpected end of JSON input."}`},
		{`{"a":}`, `{"error":"Malformed JSON body: invalid character '}' looking for beginning of value."}`},
		{`{} x`, `{"error":"Malformed JSON body: invalid character 'x' after top-level value."}`},
		{`[1]`, `{"error":"Body must be a JSON object."}`},
		{`"x"`, `{"error":"Body must be a JSON object."}`},
		{`null`, `{"error":"Body must be a JSON object."}`},
	}
	for _, tt := range tests {
		for _, target := range []string{"POST /user", "PUT /user/" + guid} {
			method, path, _ := strings.Cut(target, " ")
			wantError(t, target+" "+tt.body, do(t, s, method, path+auth, tt.body), http.StatusBadRequest, tt.want)
		}
	}
	wantError(t, "POST /user with two different external guids",
		do(t, s, "POST", "/user"+auth, `{"external_user_guid":"a","external_guid":"b"}`),
		http.StatusBadRequest, `{"error":"Fields external_user_guid and external_guid differ: send one of them."}`)
	wantError(t, "POST /user with external_user_guid a number",
		do(t, s, "POST", "/user"+auth, `{"external_user_guid":7}`),
		http.StatusBadRequest, `{"error":"Field external_user_guid must be a string."}`)
	// An empty body with the right Content-Type is malformed JSON.
	wantError(t, "POST /user with no body", do(t, s, "POST", "/user"+auth, "", "Content-Type", "application/json"),
		http.StatusBadRequest, `{"error":"Malformed JSON body: unexpected end of JSON input."}`)
}
