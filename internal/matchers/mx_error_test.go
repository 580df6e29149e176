package matchers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/matchers"
	"github.com/mxcontract/mxcontract/internal/scrub"
	. "github.com/onsi/gomega"
)

// answer fetches one response from a server that answers status, Content-Type and body as given.
func answer(t *testing.T, status int, contentType, body string) *resty.Response {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	resp, err := resty.New().R().SetQueryParam("k", "s3cret-key").Get(srv.URL + "/user/U-1")
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

var u1 = catalog.Expectation{ID: "U1", Status: 400, Body: catalog.BodyEnvelope, Message: "User with guid U-1 not found."}

func TestHaveMXErrorAcceptsTheDocumentedError(t *testing.T) {
	g := NewWithT(t)
	g.Expect(answer(t, 400, "application/json", `{"error":"User with guid U-1 not found."}`)).To(matchers.HaveMXError(u1))
	g.Expect(answer(t, 400, "application/json; charset=utf-8", `{"error": "User with guid U-1 not found."}`)).To(matchers.HaveMXError(u1))
	undocumented := catalog.Expectation{ID: "U5", Body: catalog.BodyEnvelope, Message: "Failed to delete user: x"}
	g.Expect(answer(t, 500, "application/json", `{"error":"Failed to delete user: x"}`)).To(matchers.HaveMXError(undocumented))
	g.Expect(answer(t, 409, "application/json", `{"error":"Failed to delete user: x"}`)).To(matchers.HaveMXError(undocumented))
	// 404: only the status is promised, whatever the body.
	g.Expect(answer(t, 404, "text/html", `<h1>nope</h1>`)).To(matchers.HaveMXError(catalog.Expectation{ID: "G1", Status: 404, Body: catalog.BodyNonePromised}))
	anyMessage := catalog.Expectation{ID: "O1", Body: catalog.BodyEnvelope}
	g.Expect(answer(t, 401, "application/json", `{"error":"Invalid API key."}`)).To(matchers.HaveMXError(anyMessage))
}

func TestHaveMXErrorRejectsEachBreak(t *testing.T) {
	for name, tc := range map[string]struct {
		exp               catalog.Expectation
		status            int
		contentType, body string
		wantInFailure     string
	}{
		"wrong status":          {u1, 404, "application/json", `{"error":"User with guid U-1 not found."}`, "status is 404, want 400"},
		"period missing":        {u1, 400, "application/json", `{"error":"User with guid U-1 not found"}`, "differ at character 29: want \".\", got the end of the text"},
		"one character changed": {u1, 400, "application/json", `{"error":"User with guid U-1 not Found."}`, "differ at character 24"},
		"wrong placeholder":     {u1, 400, "application/json", `{"error":"User with guid U-2 not found."}`, "differ at character 18: want \"1\", got \"2\""},
		"extra key":             {u1, 400, "application/json", `{"error":"User with guid U-1 not found.","code":7}`, "additional properties 'code' not allowed"},
		"missing key":           {u1, 400, "application/json", `{"message":"User with guid U-1 not found."}`, "missing property 'error'"},
		"non-string error":      {u1, 400, "application/json", `{"error":7}`, "want string"},
		"empty error":           {u1, 400, "application/json", `{"error":""}`, "minLength"},
		"not JSON":              {u1, 400, "application/json", `User with guid U-1 not found.`, "body is not JSON"},
		"wrong content type":    {u1, 400, "text/plain", `{"error":"User with guid U-1 not found."}`, `Content-Type is "text/plain", want application/json`},
		"success instead":       {catalog.Expectation{ID: "A1", Body: catalog.BodyEnvelope, Message: "m"}, 200, "application/json", `{"error":"m"}`, "want an error status"},
		"404 became 415":        {catalog.Expectation{ID: "G2", Status: 404, Body: catalog.BodyNonePromised}, 415, "", "", "status is 415, want 404"},
	} {
		t.Run(name, func(t *testing.T) {
			g := NewWithT(t)
			resp := answer(t, tc.status, tc.contentType, tc.body)
			m := matchers.HaveMXError(tc.exp)
			ok, err := m.Match(resp)
			g.Expect(err).NotTo(HaveOccurred())
			g.Expect(ok).To(BeFalse(), "the matcher accepted a broken answer")
			msg := m.FailureMessage(resp)
			g.Expect(msg).To(ContainSubstring(tc.wantInFailure))
			g.Expect(msg).To(ContainSubstring("GET /user/U-1?k=REDACTED"), "the failure shows the request")
			g.Expect(msg).NotTo(ContainSubstring("s3cret-key"))
		})
	}
}

func TestHaveMXErrorRedactsTheKeyEverywhere(t *testing.T) {
	g := NewWithT(t)
	defer func(old func(string) string) { matchers.Scrub = old }(matchers.Scrub)
	matchers.Scrub = scrub.New("s3cret-key-0042").Text
	// Echoed raw, percent-encoded and JSON-escaped, with a terminal escape, in a body longer than a
	// failure shows, the key straddling the cut.
	body := `{"error":"bad key s3cret-key-0042 s3cret%2Dkey-0042 \u0073\u0033cret-key-0042 \u001b[2J ` + strings.Repeat("x", 1990) + `s3cret-key-0042"}`
	resp := answer(t, 400, "application/json", body)
	m := matchers.HaveMXError(u1)
	_, _ = m.Match(resp)
	msg := m.FailureMessage(resp)
	g.Expect(msg).NotTo(ContainSubstring("s3cret"))
	g.Expect(msg).NotTo(ContainSubstring("\x1b"), "no raw ESC byte")
	g.Expect(msg).To(ContainSubstring(`\x1b[2J`), "the escape is shown as text")
	g.Expect(len(msg)).To(BeNumerically("<", 4000), "the body is shortened")
}

// A long message is shown around its first difference, not whole.
func TestHaveMXErrorShowsALongMessageAroundItsDifference(t *testing.T) {
	g := NewWithT(t)
	long := strings.Repeat("x", 1<<20)
	resp := answer(t, 400, "application/json", `{"error":"User with guid `+long+` not found"}`)
	m := matchers.HaveMXError(catalog.Expectation{ID: "U1", Status: 400, Body: catalog.BodyEnvelope, Message: "User with guid " + long + " not found."})
	ok, err := m.Match(resp)
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(ok).To(BeFalse())
	msg := m.FailureMessage(resp)
	g.Expect(len(msg)).To(BeNumerically("<", 6000))
	g.Expect(msg).To(ContainSubstring(fmt.Sprintf("they differ at character %d: want \".\", got the end of the text", len("User with guid "+long+" not found")+1)))
	g.Expect(msg).To(ContainSubstring("bytes cut] …"))
}

func TestHaveMXErrorRefusesOtherTypes(t *testing.T) {
	g := NewWithT(t)
	_, err := matchers.HaveMXError(u1).Match(&http.Response{})
	g.Expect(err).To(MatchError(ContainSubstring("expects a non-nil *resty.Response")))
	var nilResp *resty.Response
	_, err = matchers.HaveMXError(u1).Match(nilResp)
	g.Expect(err).To(HaveOccurred())
}
