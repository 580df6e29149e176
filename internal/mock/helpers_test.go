package mock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The tests' accessor: one key, a client known by guid, one by both ids, one by external guid.
const (
	testKey    = "test-api-key-5f1c"
	clientA    = "CLT-aaaaaaaa-1111-2222-3333-444444444444"
	clientB    = "CLT-bbbbbbbb-1111-2222-3333-444444444444"
	clientBExt = "bank-b"
	clientCExt = "bank-c-only"
	notOurs    = "CLT-ffffffff-0000-0000-0000-000000000000"
)

// auth is the query string of a well-authenticated request for clientA.
const auth = "?k=" + testKey + "&c=" + clientA

func testConfig() Config {
	return Config{
		APIKey:  testKey,
		Clients: []Client{{GUID: clientA}, {GUID: clientB, ExternalGUID: clientBExt}, {ExternalGUID: clientCExt}},
	}
}

func newServer(t testing.TB, edit ...func(*Config)) *Server {
	t.Helper()
	cfg := testConfig()
	for _, e := range edit {
		e(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// result is what came back, with the body as a string for exact comparisons.
type result struct {
	Status int
	Type   string
	Body   string
	Header http.Header
}

// do sends one request to h from a loopback address. POST and PUT with a body get
// Content-Type: application/json unless headers set it; headers are name, value pairs, and a
// Content-Type of "" removes the header.
func do(t testing.TB, h http.Handler, method, target, body string, headers ...string) result {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	req.RemoteAddr = "127.0.0.1:40000"
	if body != "" && (method == http.MethodPost || method == http.MethodPut) {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{Status: rec.Code, Type: rec.Header().Get("Content-Type"), Body: rec.Body.String(), Header: rec.Header()}
}

// wantError checks an error answer: status, Content-Type and the exact body bytes.
func wantError(t testing.TB, what string, got result, status int, body string) {
	t.Helper()
	if got.Status != status || got.Type != "application/json" || got.Body != body {
		t.Errorf("%s:\n got  %d %q %s\n want %d %q %s", what, got.Status, got.Type, got.Body,
			status, "application/json", body)
	}
}

// wantOK checks a success answer's status and Content-Type and decodes its JSON object.
func wantOK(t testing.TB, what string, got result, status int) map[string]any {
	t.Helper()
	if got.Status != status || got.Type != "application/json" {
		t.Fatalf("%s: got %d %q %s, want %d application/json", what, got.Status, got.Type, got.Body, status)
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(got.Body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v\n%s", what, err, got.Body)
	}
	return m
}

// wantNoContent checks a 204 with an empty body.
func wantNoContent(t testing.TB, what string, got result) {
	t.Helper()
	if got.Status != http.StatusNoContent || got.Body != "" {
		t.Errorf("%s: got %d %q, want 204 and no body", what, got.Status, got.Body)
	}
}

// topKeys lists the keys of a JSON object in the order they appear.
func topKeys(t testing.TB, body string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// createUser makes a user in clientA and returns its MX guid.
func createUser(t testing.TB, h http.Handler, body string) string {
	t.Helper()
	m := wantOK(t, "POST /user "+body, do(t, h, "POST", "/user"+auth, body), http.StatusOK)
	return m["guid"].(string)
}

// createMember makes a member in clientA and returns its MX guid.
func createMember(t testing.TB, h http.Handler, body string) string {
	t.Helper()
	m := wantOK(t, "POST /member "+body, do(t, h, "POST", "/member"+auth, body), http.StatusOK)
	return m["guid"].(string)
}

// memberBody is a valid POST /member body.
func memberBody(user, ext string) string {
	b := `{"external_user_guid":"` + user + `","credentials":[{"field_name":"userkey","response":"key123"}]`
	if ext != "" {
		b += `,"external_member_guid":"` + ext + `"`
	}
	return b + "}"
}
