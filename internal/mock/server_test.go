package mock

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a request log.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestStartServesOnLoopback(t *testing.T) {
	rn, err := Start(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer rn.Close()
	if !strings.HasPrefix(rn.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %s", rn.URL)
	}
	// No redirects may get out: stop the client from following any.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct{ method, path, body string }{
		{"GET", "//user/x" + auth, `{"error":"No route for GET //user/x."}`},
		{"GET", "/_mxmock", `{"error":"No control route for GET /_mxmock."}`},
		{"PATCH", "/user/x" + auth, `{"error":"No route for PATCH /user/x."}`},
	} {
		req, _ := http.NewRequest(tt.method, rn.URL+tt.path, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantError(t, tt.method+" "+tt.path, result{Status: resp.StatusCode, Type: resp.Header.Get("Content-Type"), Body: string(body)},
			http.StatusNotFound, tt.body)
	}

	// OPTIONS * reaches the mock instead of net/http's own answer.
	conn, err := net.Dial("tcp", strings.TrimPrefix(rn.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	wantError(t, "OPTIONS *", result{Status: resp.StatusCode, Type: resp.Header.Get("Content-Type"), Body: string(body)},
		http.StatusNotFound, `{"error":"No route for OPTIONS *."}`)

	if err := rn.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := http.Get(rn.URL + "/_mxmock/health"); err == nil {
		t.Error("the mock still answers after Close")
	}
}

func TestRequestLogRedactsTheKey(t *testing.T) {
	var log syncBuffer
	s := newServer(t, func(c *Config) { c.Log = &log })
	requests := []struct{ method, target string }{
		{"GET", "/user/x" + auth},
		{"GET", "/user/x?c=" + clientA + "&k=" + testKey + "&k=" + testKey},
		{"GET", "/user/x?%6B=" + testKey + "&c=" + clientA}, // k, percent-encoded
		{"GET", "/user/" + testKey + auth},                  // the key in the path
		{"GET", "/user/x?k=wrong-key&c=" + clientA},
		{"GET", "/_mxmock/health"},
		{"GET", "/user/%74%65%73%74-api-key-5f1c" + auth}, // the key, percent-encoded, in the path
		{"GET", "/user/x?c=" + clientA + "&note=te%73t-api-key-5f1c&k=x"},
	}
	for _, r := range requests {
		do(t, s, r.method, r.target, "")
	}
	out := log.String()
	if strings.Contains(out, testKey) || strings.Contains(out, "wrong-key") ||
		strings.Contains(out, "%74%65%73%74") || strings.Contains(out, "te%73t") {
		t.Errorf("the log shows a key:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(requests) {
		t.Fatalf("%d log lines for %d requests:\n%s", len(lines), len(requests), out)
	}
	wantStart := "mxmock: GET /user/x?k=REDACTED&c=" + clientA + " 400 "
	if !strings.HasPrefix(lines[0], wantStart) || !strings.HasSuffix(lines[0], "s") {
		t.Errorf("line = %q, want %q then a duration", lines[0], wantStart)
	}
	if !strings.HasPrefix(lines[5], "mxmock: GET /_mxmock/health 200 ") {
		t.Errorf("line = %q", lines[5])
	}
}

func TestConcurrentUse(t *testing.T) {
	s := newServer(t)
	const workers, each = 32, 40
	clients := []string{clientA, clientB, clientCExt}
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for w := range workers {
		wg.Go(func() {
			q := "?k=" + testKey + "&c=" + clients[w%len(clients)]
			for i := range each {
				ext := fmt.Sprintf("w%d-u%d", w, i)
				got := do(t, s, "POST", "/user"+q, `{"external_user_guid":"`+ext+`"}`)
				if got.Status != http.StatusOK {
					errs <- "create " + ext + ": " + got.Body
					continue
				}
				if got := do(t, s, "GET", "/user/"+ext+q, ""); got.Status != http.StatusOK {
					errs <- "read " + ext + ": " + got.Body
				}
				if i%4 == 0 {
					do(t, s, "PUT", "/user/"+ext+q, `{"status":"DISABLED"}`)
					do(t, s, "POST", "/member"+q, memberBody(ext, "m-"+ext))
				}
				if i%10 == 0 { // faults that never match, consulted and listed concurrently
					do(t, s, "POST", "/_mxmock/faults", `{"kind":"outage","times":1,"scope":{"header":"nobody"}}`)
					do(t, s, "GET", "/_mxmock/faults", "")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for w := range workers {
		q := "?k=" + testKey + "&c=" + clients[w%len(clients)]
		for i := range each {
			ext := fmt.Sprintf("w%d-u%d", w, i)
			if got := do(t, s, "GET", "/user/"+ext+q, ""); got.Status != http.StatusOK {
				t.Errorf("after the run, GET %s: %d %s", ext, got.Status, got.Body)
			}
		}
	}
	if u, m, _ := s.store.counts(); u != workers*each || m != workers*each/4 {
		t.Errorf("store holds %d users and %d members, want %d and %d", u, m, workers*each, workers*each/4)
	}
}
