// Package bench_test checks that what make bench loads WireMock and Prism with still answers what
// mxmock answers: if the mock's user object changes, the comparison would no longer be like for
// like, and the stubs and fixtures/openapi/sso-v2.yaml would mislead their users too.
package bench_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/mock"
	"go.yaml.in/yaml/v3"
)

const (
	query      = "?k=" + mock.DefaultAPIKey + "&c=" + mock.DefaultClientGUID
	sampleUser = `{"external_user_guid":"GUID-1234","email":"richard@email.com","first_name":"Richard",` +
		`"last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}`
	// The stubs' fixed guid and login token, in place of the random ones mxmock makes.
	stubGUID  = "USR-00dfffb5-62f6-9865-91f4-9d90f0a1b2c3"
	stubToken = "cQQ380Ocyc049z6eRg--tz6Opshfxqz0T6rX2xaD2dwei5Hq"
)

// mockAnswers returns mxmock's bodies for the benchmarked routes, with the stubs' guid and token:
// the create answer, the read answer (which adds last_login) and U1.
func mockAnswers(t *testing.T) (created, read, u1 []byte) {
	t.Helper()
	s, err := mock.New(mock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/user"+query, strings.NewReader(sampleUser))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var ids struct {
		GUID       string `json:"guid"`
		LoginToken string `json:"login_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &ids); err != nil || rec.Code != 200 {
		t.Fatalf("creating the sample user: %d %s", rec.Code, rec.Body)
	}
	stub := func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(ids.GUID), []byte(stubGUID))
		return bytes.ReplaceAll(b, []byte(ids.LoginToken), []byte(stubToken))
	}
	created = stub(rec.Body.Bytes())
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/user/GUID-1234"+query, nil))
	read = stub(rec.Body.Bytes())
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/user/GUID-9999"+query, nil))
	return created, read, rec.Body.Bytes()
}

func TestWireMockStubsAnswerMockBytes(t *testing.T) {
	created, read, u1 := mockAnswers(t)
	for file, want := range map[string][]byte{"get_user.json": read, "post_user.json": created, "u1_user_not_found.json": u1} {
		raw, err := os.ReadFile("wiremock/mappings/" + file)
		if err != nil {
			t.Fatal(err)
		}
		var m struct{ Response struct{ Body string } }
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if m.Response.Body != string(want) {
			t.Errorf("%s answers\n%s\nmxmock answers\n%s", file, m.Response.Body, want)
		}
	}
}

func TestOpenAPIExamplesAreMockAnswers(t *testing.T) {
	created, read, u1 := mockAnswers(t)
	raw, err := os.ReadFile("../fixtures/openapi/sso-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Responses map[string]struct {
				Content map[string]struct {
					Example  any
					Examples map[string]struct{ Value any }
				}
			}
		}
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{
		"UserCreated (mxmock example)": doc.Components.Responses["UserCreated"].Content["application/json"].Examples["mxmock"].Value,
		"User (mxmock example)":        doc.Components.Responses["User"].Content["application/json"].Examples["mxmock"].Value,
		"UserNotFound":                 doc.Components.Responses["UserNotFound"].Content["application/json"].Example,
	}
	for name, want := range map[string][]byte{"UserCreated (mxmock example)": created, "User (mxmock example)": read, "UserNotFound": u1} {
		// Compared as JSON values: Prism writes the example's keys in the YAML's order, which
		// is mxmock's, but a map cannot show that here.
		var w any
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got[name]) // YAML's ints and JSON's float64s compare as JSON
		var gv any
		_ = json.Unmarshal(g, &gv)
		if !reflect.DeepEqual(gv, w) {
			t.Errorf("%s example is\n%s\nmxmock answers\n%s", name, g, want)
		}
	}
}
