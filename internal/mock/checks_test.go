package mock

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestUnknownRoutesAnswer404WithTheEnvelope(t *testing.T) {
	s := newServer(t)
	tests := []struct{ method, target, want string }{
		{"GET", "/nope" + auth, `{"error":"No route for GET /nope."}`},
		{"GET", "/", `{"error":"No route for GET /."}`},
		{"PATCH", "/user/x" + auth, `{"error":"No route for PATCH /user/x."}`},
		{"POST", "/user/x" + auth, `{"error":"No route for POST /user/x."}`},
		{"GET", "/user" + auth, `{"error":"No route for GET /user."}`},
		{"GET", "/user/" + auth, `{"error":"No route for GET /user/."}`},
		{"DELETE", "/member" + auth, `{"error":"No route for DELETE /member."}`},
		{"GET", "/member/m/account/a" + auth, `{"error":"No route for GET /member/m/account/a."}`},
		{"OPTIONS", "/user" + auth, `{"error":"No route for OPTIONS /user."}`},
		{"GET", "/users/x" + auth, `{"error":"No route for GET /users/x."}`},
		// Unclean paths: ServeMux would redirect them; the mock answers 404 itself.
		{"GET", "//user/x" + auth, `{"error":"No route for GET //user/x."}`},
		{"GET", "/user/../user/x" + auth, `{"error":"No route for GET /user/../user/x."}`},
		{"POST", "/user/" + auth, `{"error":"No route for POST /user/."}`},
		// The control API has its own 404.
		{"PUT", "/_mxmock/health", `{"error":"No control route for PUT /_mxmock/health."}`},
		{"GET", "/_mxmock", `{"error":"No control route for GET /_mxmock."}`},
		{"GET", "/_mxmock/", `{"error":"No control route for GET /_mxmock/."}`},
		{"GET", "/_mxmock//health", `{"error":"No control route for GET /_mxmock//health."}`},
	}
	for _, tt := range tests {
		got := do(t, s, tt.method, tt.target, "")
		wantError(t, tt.method+" "+tt.target, got, http.StatusNotFound, tt.want)
		if got.Header.Get("Location") != "" || got.Header.Get("Allow") != "" {
			t.Errorf("%s %s: net/http answered: %v", tt.method, tt.target, got.Header)
		}
	}
}

// routeSamples is one request per MX route, valid apart from what a test changes.
var routeSamples = []struct{ method, path, body string }{
	{"POST", "/user", `{}`},
	{"GET", "/user/u", ""},
	{"PUT", "/user/u", `{}`},
	{"DELETE", "/user/u", ""},
	{"POST", "/member", memberBody("u", "")},
	{"GET", "/member/m", ""},
	{"PUT", "/member/m", `{}`},
	{"DELETE", "/member/m", ""},
	{"DELETE", "/member/m/account/a", ""},
}

func TestAuth(t *testing.T) {
	s := newServer(t)
	for _, rt := range routeSamples {
		name := rt.method + " " + rt.path
		unassociated := `{"error":"Client ` + notOurs + ` is not associated with this API key."}`
		status := http.StatusForbidden
		if name == "POST /user" {
			unassociated, status = `{"error":"Create user failed: Client must be associated."}`, http.StatusInternalServerError
		}
		tests := []struct {
			query  string
			status int
			want   string
		}{
			{"", 401, `{"error":"Missing API key: pass it as the query parameter k."}`},
			{"?c=" + clientA, 401, `{"error":"Missing API key: pass it as the query parameter k."}`},
			{"?k=&c=" + clientA, 401, `{"error":"Missing API key: pass it as the query parameter k."}`},
			{"?k=wrong&c=" + clientA, 401, `{"error":"Invalid API key."}`},
			{"?k=" + testKey + "x&c=" + clientA, 401, `{"error":"Invalid API key."}`},
			{"?k=" + testKey, 400, `{"error":"Missing client: pass the client guid as the query parameter c."}`},
			{"?k=" + testKey + "&c=", 400, `{"error":"Missing client: pass the client guid as the query parameter c."}`},
			{"?k=" + testKey + "&c=" + notOurs, status, unassociated},
		}
		for _, tt := range tests {
			wantError(t, name+tt.query, do(t, s, rt.method, rt.path+tt.query, rt.body), tt.status, tt.want)
		}
	}
}

func TestContentType(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"u"}`)
	createMember(t, s, memberBody("u", "m"))
	for _, rt := range routeSamples {
		if rt.body == "" {
			continue
		}
		name := rt.method + " " + rt.path
		want := `{"error":"` + name + ` needs Content-Type: application/json."}`
		for _, ct := range []string{"", "text/plain", "application/jsonx", "application/vnd.api+json", "json", ";;"} {
			// The Content-Type check comes before auth: no k here either.
			wantError(t, name+" with Content-Type "+ct, do(t, s, rt.method, rt.path, rt.body, "Content-Type", ct),
				http.StatusNotFound, want)
		}
		for _, ct := range []string{"application/json; charset=utf-8", "APPLICATION/JSON", "Application/Json ; charset=UTF-8"} {
			got := do(t, s, rt.method, rt.path+auth, rt.body, "Content-Type", ct)
			if got.Status != http.StatusOK {
				t.Errorf("%s with Content-Type %q: %d %s", name, ct, got.Status, got.Body)
			}
		}
	}
	// GET and DELETE need no Content-Type, and any is fine.
	if got := do(t, s, "GET", "/user/u"+auth, "", "Content-Type", "text/plain"); got.Status != http.StatusOK {
		t.Errorf("GET with text/plain: %d %s", got.Status, got.Body)
	}
}

func TestBodyTooLarge(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxBodyBytes = 64 })
	big := `{"email":"` + strings.Repeat("a", 100) + `"}`
	want := `{"error":"Request body exceeds 64 bytes."}`
	wantError(t, "POST /user, Content-Length too big", do(t, s, "POST", "/user"+auth, big), http.StatusRequestEntityTooLarge, want)
	wantError(t, "PUT /member, Content-Length too big", do(t, s, "PUT", "/member/m"+auth, big), http.StatusRequestEntityTooLarge, want)

	// Without a Content-Length (chunked), the limit is found while reading.
	req := httptest.NewRequest("POST", "/user"+auth, io.MultiReader(strings.NewReader(big)))
	req.Header.Set("Content-Type", "application/json")
	if req.ContentLength != -1 {
		t.Fatalf("test setup: ContentLength = %d, want -1", req.ContentLength)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	wantError(t, "POST /user, chunked", result{Status: rec.Code, Type: rec.Header().Get("Content-Type"), Body: rec.Body.String()},
		http.StatusRequestEntityTooLarge, want)

	wantOK(t, "a body at the limit", do(t, s, "POST", "/user"+auth, `{"email":"`+strings.Repeat("a", 52)+`"}`), http.StatusOK)
}

func TestStoreFull(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxObjects = 2 })
	createUser(t, s, `{"external_user_guid":"u1"}`)
	createMember(t, s, memberBody("u1", "m1"))
	full := `{"error":"Store is full (2 objects): reset the mock."}`
	wantError(t, "third object: user", do(t, s, "POST", "/user"+auth, `{}`), http.StatusInsufficientStorage, full)
	wantError(t, "third object: member", do(t, s, "POST", "/member"+auth, memberBody("u1", "")), http.StatusInsufficientStorage, full)
	// Documented errors still come first.
	wantError(t, "duplicate while full", do(t, s, "POST", "/user"+auth, `{"external_user_guid":"u1"}`),
		http.StatusBadRequest, `{"error":"User already exists with guid u1"}`)
	wantNoContent(t, "delete the member", do(t, s, "DELETE", "/member/m1"+auth, ""))
	createUser(t, s, `{}`)
	wantNoContent(t, "reset", do(t, s, "POST", "/_mxmock/reset", ""))
	createUser(t, s, `{}`)
	createUser(t, s, `{}`)
}

func TestQueryGetAgreesWithURLQuery(t *testing.T) {
	queries := []string{"", "k=a&c=b", "c=b&k=a&k=z", "k=&k=a", "%6B=a%20b&c=%43", "k=a+b", "k=%zz&k=ok",
		"%zz=1&k=ok", "k=a;c=b&c=d", "k;x=1&k=2", "&&k=1&", "k", "k&k=2", "c=x%2By", "kk=1&k=2", "K=1"}
	for _, q := range queries {
		want, _ := url.ParseQuery(q)
		for _, name := range []string{"k", "c"} {
			if got := queryGet(q, name); got != want.Get(name) {
				t.Errorf("queryGet(%q, %q) = %q, want %q", q, name, got, want.Get(name))
			}
		}
	}
}
