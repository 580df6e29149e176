package mock

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// loadClient sends the load test's requests.
type loadClient struct {
	url, addr string
	ctx       context.Context
	http      *http.Client
}

// bigBody is just over loadBodyLimit: its answer is 413.
var bigBody = `{"external_user_guid":"big","first_name":"` + strings.Repeat("a", loadBodyLimit) + `"}`

// loadUser is the body that creates user n; sameUser checks the same fields read back.
func loadUser(n int) string {
	sex := [2]string{"MALE", "FEMALE"}[n%2]
	return fmt.Sprintf(`{"external_user_guid":"load-%d","email":"u%d@load.test","first_name":"Fïrst %d","zip_code":"%05d","sex":"%s"}`,
		n, n, n, n%100000, sex)
}

func sameUser(u map[string]any, ext string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(ext, "load-"))
	return err == nil && u["external_user_guid"] == ext && u["email"] == fmt.Sprintf("u%d@load.test", n) &&
		u["first_name"] == fmt.Sprintf("Fïrst %d", n) && u["zip_code"] == float64(n%100000) && // MX's quirk: a number
		u["sex"] == float64(n%2) && strings.HasPrefix(fmt.Sprint(u["guid"]), "USR-")
}

// send sends request n of the mix (by n%20: a quarter creates users, the rest reads, updates,
// member creates, control calls and every kind of wrong request) and checks its answer. It
// returns the status (0: no answer), what was wrong, and the external guid it created.
func (lc *loadClient) send(n int) (status int, problem, created string) {
	var (
		method, path = http.MethodGet, "/user/load-owner" + auth
		ct, body     = "", ""
		header       []string
		want         = http.StatusOK
	)
	switch n % 20 {
	case 0, 1, 2, 3, 4:
		method, path, ct, body = http.MethodPost, "/user"+auth, "application/json", loadUser(n)
		created = fmt.Sprintf("load-%d", n)
	case 5, 6: // the defaults: read the owner
	case 7:
		method, ct, body = http.MethodPut, "application/json", `{"first_name":"Owner `+strconv.Itoa(n)+`"}`
	case 8:
		method, path, ct = http.MethodPost, "/member"+auth, "application/json"
		body = `{"user_guid":"load-owner","credentials":[{"field_name":"k","response":"v"}]}`
	case 9:
		method, path, ct, body, want = http.MethodPost, "/user"+auth, "application/json", `{"email":`, http.StatusBadRequest
	case 10:
		method, path, ct, body, want = http.MethodPost, "/user"+auth, "text/plain", `{}`, http.StatusNotFound
	case 11:
		path, want = "/user/load-owner?k=wrong&c="+clientA, http.StatusUnauthorized
	case 12:
		method, want = http.MethodPatch, http.StatusNotFound
	case 13:
		method, path, ct, body, want = http.MethodPost, "/user"+auth, "application/json", bigBody, http.StatusRequestEntityTooLarge
	case 14:
		path, want = "/user/nobody-"+strconv.Itoa(n)+"%00%F0%9F%98%80"+auth, http.StatusBadRequest
	case 15:
		path, want = "/member/nobody"+auth, http.StatusInternalServerError // MX's status for it
	case 16:
		path = [2]string{"/_mxmock/health", "/_mxmock/faults"}[n/20%2]
	case 17:
		header, want = []string{ScopeHeader, loadOutage}, http.StatusBadGateway
	case 18:
		method, path, ct, want = http.MethodPut, "/user/load-owner"+auth, "application/json", http.StatusBadRequest
		body = [3]string{`{"credit_score":1e999}`, `{"zip_code":"\u0000"}`, `[{"a":` + strings.Repeat("[", 100)}[n/20%3]
	case 19: // bytes net/http refuses before the mock sees them, each on its own connection
		req, want := lc.malformed(n / 20 % 4)
		if got := lc.raw(req); got != want {
			return got, fmt.Sprintf("raw request %d: got %d, want %d", n, got, want), ""
		}
		return want, "", ""
	}
	status, got, err := lc.do(method, path, ct, body, header)
	switch {
	case err != nil:
		return 0, fmt.Sprintf("%s %s: %v", method, path, err), ""
	case strings.Contains(string(got), crashPrefix): // even where a 500 is the right status
		return status, fmt.Sprintf("%s %s: %d %s", method, path, status, got), ""
	case status != want:
		return status, fmt.Sprintf("%s %s: got %d %s, want %d", method, path, status, got, want), ""
	case status >= 400:
		if _, ok := envelope(got); !ok {
			return status, fmt.Sprintf("%s %s: %d body breaks the envelope: %s", method, path, status, got), ""
		}
	}
	return status, "", created
}

// malformed returns a request net/http answers itself, and its status.
func (lc *loadClient) malformed(kind int) (string, int) {
	switch kind {
	case 0:
		return "BLAH\r\n\r\n", http.StatusBadRequest
	case 1:
		return "GET /_mxmock/health HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n",
			http.StatusRequestHeaderFieldsTooLarge
	case 2:
		return "GET /_mxmock/health HTTP/2.5\r\nHost: x\r\n\r\n", http.StatusHTTPVersionNotSupported
	default:
		return "POST /user HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", http.StatusNotImplemented
	}
}

// do sends one request through the shared keep-alive client.
func (lc *loadClient) do(method, path, ct, body string, header []string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(lc.ctx, method, lc.url+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := lc.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	return resp.StatusCode, got, err
}
