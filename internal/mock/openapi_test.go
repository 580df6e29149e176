package mock

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The OpenAPI file is a checked contract: every answer mxmock gives must be one it describes,
// and every answer it describes must be one mxmock gives. TestOpenAPIDescribesEveryAnswer sends a
// request for each (route, answer) pair and validates the answer with kin-openapi's
// openapi3filter; TestOpenAPIRejectsMangledAnswers shows the same check fails on answers the file
// does not describe. Transport faults (a reset, garbage, ...) give no HTTP answer to describe.

const openAPIFile = "../../fixtures/openapi/sso-v2.yaml"

// contract is the loaded file and a router over its paths.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

func loadContract(t *testing.T) *contract {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s is not valid OpenAPI: %v", openAPIFile, err)
	}
	doc.Servers = nil // route on the path alone, whatever host served it
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{doc: doc, router: router}
}

// unrouted returns the statuses the file gives a request to no route (x-mxmock-unrouted), each
// with the response in components it names.
func (c *contract) unrouted(t *testing.T) map[string]*openapi3.Response {
	t.Helper()
	refs, _ := c.doc.Extensions["x-mxmock-unrouted"].(map[string]any)
	out := map[string]*openapi3.Response{}
	for status, ref := range refs {
		name, ok := strings.CutPrefix(fmt.Sprint(ref), "#/components/responses/")
		resp := c.doc.Components.Responses[name]
		if !ok || resp == nil || resp.Value == nil {
			t.Fatalf("x-mxmock-unrouted: %s: %v names no response in components", status, ref)
		}
		out[status] = resp.Value
	}
	if out["404"] == nil {
		t.Fatal("x-mxmock-unrouted has no 404")
	}
	return out
}

// check validates one answer and returns the pair it answers for ("createUser 400", or
// "unrouted 404"), or an error saying why the file does not describe it.
func (c *contract) check(t *testing.T, req *http.Request, status int, header http.Header, body []byte) (string, error) {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if !strings.Contains(err.Error(), routers.ErrPathNotFound.Error()) && !strings.Contains(err.Error(), routers.ErrMethodNotAllowed.Error()) {
			return "", err
		}
		return c.checkUnrouted(t, status, header, body)
	}
	for _, v := range params {
		if v == "" { // /user/ matches /user/{id} in the router, but a route needs an id
			route = nil
		}
	}
	if route == nil {
		return c.checkUnrouted(t, status, header, body)
	}
	pair := route.Operation.OperationID + " " + fmt.Sprint(status)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return pair, err
	}
	if resp := route.Operation.Responses.Status(status); len(resp.Value.Content) == 0 && len(body) > 0 {
		return pair, fmt.Errorf("a body on %d, which the file describes without one: %s", status, body)
	}
	return pair, nil
}

// checkUnrouted validates the answer to a request for no route.
func (c *contract) checkUnrouted(t *testing.T, status int, header http.Header, body []byte) (string, error) {
	pair := "unrouted " + fmt.Sprint(status)
	resp := c.unrouted(t)[fmt.Sprint(status)]
	if resp == nil {
		return pair, fmt.Errorf("a request to no route answered %d, which x-mxmock-unrouted does not list", status)
	}
	return pair, validateBody(resp, header, body)
}

// validateBody checks an answer against one response of the file, outside any operation.
func validateBody(resp *openapi3.Response, header http.Header, body []byte) error {
	mt := resp.Content.Get(header.Get("Content-Type"))
	if mt == nil {
		return fmt.Errorf("Content-Type %q is not one the file describes", header.Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	return mt.Schema.Value.VisitJSON(v)
}

func TestOpenAPIDescribesEveryAnswer(t *testing.T) {
	c := loadContract(t)
	seen := map[string]bool{}
	for _, tc := range openAPICases() {
		s := openAPIServer(t, tc.edit)
		if tc.prepare != nil {
			tc.prepare(s)
		}
		var rd io.Reader
		if tc.body != "" {
			rd = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(tc.method, tc.target, rd)
		req.RemoteAddr = cmpOr(tc.remote, "127.0.0.1:40000")
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if tc.bodyErr != nil {
			req.Body = &failingBody{err: tc.bodyErr}
		}
		for i := 0; i+1 < len(tc.headers); i += 2 {
			if tc.headers[i+1] == "" {
				req.Header.Del(tc.headers[i])
			} else {
				req.Header.Set(tc.headers[i], tc.headers[i+1])
			}
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s: %s %s answered %d %s, want %d", tc.name, tc.method, tc.target, rec.Code, rec.Body, tc.want)
			continue
		}
		// Validate against a clean request: the router must see the path as sent.
		check := httptest.NewRequest(tc.method, tc.target, nil)
		pair, err := c.check(t, check, rec.Code, rec.Header(), rec.Body.Bytes())
		if err != nil {
			t.Errorf("%s: %s %s answered %d %s\nwhich %s does not describe: %v", tc.name, tc.method, tc.target, rec.Code, rec.Body, openAPIFile, err)
			continue
		}
		seen[pair] = true
	}

	// Every answer the file describes must be one of those mxmock gave.
	var described []string
	operations := 0
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			operations++
			for status := range op.Responses.Map() {
				pair := op.OperationID + " " + status
				described = append(described, pair)
				if !seen[pair] {
					t.Errorf("%s describes %s %s answering %s, which no request here got", openAPIFile, method, path, status)
				}
			}
		}
	}
	for status := range c.unrouted(t) {
		described = append(described, "unrouted "+status)
		if !seen["unrouted "+status] {
			t.Errorf("x-mxmock-unrouted describes %s for no route, which no request here got", status)
		}
	}
	slices.Sort(described)
	t.Logf("%d route×answer pairs described and answered (%d operations and no route), from %d requests",
		len(described), operations, len(openAPICases()))
}

// The check fails on answers the file does not describe, so a passing run means something.
func TestOpenAPIRejectsMangledAnswers(t *testing.T) {
	c := loadContract(t)
	s := openAPIServer(t, nil)
	get := func(method, target, body string) result { return do(t, s, method, target, body) }
	created := get("POST", "/user"+auth, `{"external_user_guid":"x"}`)
	read := get("GET", "/user/GUID-1234"+auth, "")
	updated := get("PUT", "/user/x"+auth, `{}`)
	member := get("GET", "/member/m-1"+auth, "")
	u1 := get("GET", "/user/nobody"+auth, "")
	del := get("DELETE", "/user/x"+auth, "")
	for _, a := range []result{created, read, updated, member, u1, del} {
		if a.Status >= 300 && a.Status != 400 {
			t.Fatalf("fixture answer %d %s", a.Status, a.Body)
		}
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	for _, tt := range []struct {
		name           string
		method, target string
		status         int
		header         http.Header
		body           string
	}{
		{"create answer with the read layout", "POST", "/user" + auth, 200, jsonHeader, read.Body},
		{"read answer with the create layout", "GET", "/user/x" + auth, 200, jsonHeader, created.Body},
		{"read answer as sent", "GET", "/user/x" + auth, 200, jsonHeader, read.Body}, // the control: accepted
		{"update answer with birthday", "PUT", "/user/x" + auth, 200, jsonHeader, strings.Replace(updated.Body, `"age"`, `"birthday"`, 1)},
		{"sex as a string", "GET", "/user/x" + auth, 200, jsonHeader, strings.Replace(read.Body, `"sex":1`, `"sex":"1"`, 1)},
		{"a member without its status", "GET", "/member/m-1" + auth, 200, jsonHeader, strings.Replace(member.Body, `"status":{"status":1,"name":"ENABLED","message":""},`, "", 1)},
		{"an envelope with a second key", "GET", "/user/nobody" + auth, 400, jsonHeader, `{"error":"x","code":1}`},
		{"an empty error", "GET", "/user/nobody" + auth, 400, jsonHeader, `{"error":""}`},
		{"an error as text/plain", "GET", "/user/nobody" + auth, 400, http.Header{"Content-Type": {"text/plain"}}, u1.Body},
		{"a status the route never answers", "GET", "/user/x" + auth, 418, jsonHeader, u1.Body},
		{"a body on 204", "DELETE", "/user/x" + auth, 204, jsonHeader, `{}`},
		{"no route, answered 400", "GET", "/nope", 400, jsonHeader, u1.Body},
		{"no route, answered in text", "GET", "/nope", 404, http.Header{"Content-Type": {"text/plain"}}, "404 page not found"},
	} {
		req := httptest.NewRequest(tt.method, tt.target, nil)
		_, err := c.check(t, req, tt.status, tt.header, []byte(tt.body))
		if control := strings.HasSuffix(tt.name, "as sent"); control != (err == nil) {
			t.Errorf("%s: the check said %v to %d %s", tt.name, err, tt.status, tt.body)
		}
	}
}

// TestOpenAPIMarksWhatMXDocuments requires x-mx-documented, a boolean, on every operation,
// response and example, so what MX shows and what is inferred can always be told apart.
func TestOpenAPIMarksWhatMXDocuments(t *testing.T) {
	c := loadContract(t)
	marked := func(where string, ext map[string]any) {
		if _, ok := ext["x-mx-documented"].(bool); !ok {
			t.Errorf("%s has no x-mx-documented: true|false", where)
		}
	}
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			marked(method+" "+path, op.Extensions)
			for status, resp := range op.Responses.Map() {
				where := method + " " + path + " " + status
				marked(where, resp.Value.Extensions)
				for _, mt := range resp.Value.Content {
					for name, ex := range mt.Examples {
						marked(where+" example "+name, ex.Value.Extensions)
					}
				}
			}
		}
	}
	// POST /member's U1 is mxmock's inference, not MX's documented answer.
	ex := c.doc.Paths.Value("/member").Post.Responses.Status(400).Value.Content.Get("application/json").Examples["U1"]
	if ex == nil || ex.Value.Extensions["x-mx-documented"] != false {
		t.Error("POST /member's U1 example must be marked x-mx-documented: false")
	}
	// MemberCreate requires an owner: external_user_guid, or user_guid instead.
	schema := c.doc.Components.Schemas["MemberCreate"].Value
	for _, body := range []string{`{"credentials":[{"field_name":"a","response":"b"}]}`} {
		var v any
		_ = json.Unmarshal([]byte(body), &v)
		if schema.VisitJSON(v) == nil {
			t.Errorf("MemberCreate accepts %s, which has no owner", body)
		}
	}
	for _, body := range []string{
		`{"external_user_guid":"u","credentials":[{"field_name":"a","response":"b"}]}`,
		`{"user_guid":"USR-1","credentials":[{"field_name":"a","response":"b"}]}`,
	} {
		var v any
		_ = json.Unmarshal([]byte(body), &v)
		if err := schema.VisitJSON(v); err != nil {
			t.Errorf("MemberCreate refuses %s: %v", body, err)
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
