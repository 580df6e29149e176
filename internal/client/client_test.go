package client_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
)

// seen is what the test server received.
type seen struct {
	method, uri, contentType, scope, body string
}

func echoServer(t *testing.T, status int, got *seen) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*got = seen{r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), r.Header.Get(wire.ScopeHeader), string(b)}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t *testing.T, url string, mod func(*client.Options)) *client.Client {
	t.Helper()
	opts := client.Options{BaseURL: url, APIKey: "the-key", ClientGUID: "CLT-1", Routes: config.Defaults().Routes, Timeout: 5 * time.Second}
	if mod != nil {
		mod(&opts)
	}
	c, err := client.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRequestsFollowTheRouteTable(t *testing.T) {
	var got seen
	srv := echoServer(t, 400, &got)
	routes := config.Defaults().Routes
	routes[config.RouteUserRead] = config.Route{Method: "GET", Path: "/v2/users/{id}"}
	c := newClient(t, srv.URL, func(o *client.Options) { o.Routes = routes; o.Scope = "run-p1" })
	ctx := context.Background()

	resp, err := c.Do(ctx, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "u 1"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.method != "GET" || got.uri != "/v2/users/u%201?c=CLT-1&k=the-key" || got.scope != "run-p1" {
		t.Fatalf("server saw %+v", got)
	}
	if line := c.Exchange(resp).Request; line != "GET /v2/users/u%201?c=CLT-1&k=REDACTED" {
		t.Fatalf("request line %q", line)
	}

	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]string{"external_user_guid": "x"}, Client: "CLT-2"})
	if got.contentType != "application/json" || got.body != `{"external_user_guid":"x"}` || got.uri != "/user?c=CLT-2&k=the-key" {
		t.Fatalf("JSON create: server saw %+v", got)
	}
	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]string{"a": "b"}, OmitContentType: true})
	if got.contentType != "" || got.body != `{"a":"b"}` {
		t.Fatalf("without Content-Type: server saw %+v", got)
	}
	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]string{"a": "b"}, ContentType: "text/plain"})
	if got.contentType != "text/plain" {
		t.Fatalf("text/plain: server saw %+v", got)
	}
	_, _ = c.Do(ctx, client.Request{Method: "PATCH", Path: "/nowhere", Body: `{"broken`, Query: map[string][]string{"c": {"CLT-1"}}})
	if got.method != "PATCH" || got.uri != "/nowhere?c=CLT-1" || got.body != `{"broken` {
		t.Fatalf("raw request: server saw %+v", got)
	}
	if _, err := c.Do(ctx, client.Request{Route: "user_craete"}); err == nil || !strings.Contains(err.Error(), `no route "user_craete"`) {
		t.Fatalf("unknown route: %v", err)
	}
}

// A retry or a followed redirect would hide the status under test.
func TestNoRetriesAndNoRedirects(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path == "/user/a" {
			w.Header().Set("Location", "/user/b")
			w.WriteHeader(http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, nil)
	resp, _ := c.Do(context.Background(), client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "a"}})
	if resp.StatusCode() != http.StatusFound || calls.Load() != 1 {
		t.Fatalf("redirect: status %d after %d calls", resp.StatusCode(), calls.Load())
	}
	resp, _ = c.Do(context.Background(), client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "c"}})
	if resp.StatusCode() != http.StatusServiceUnavailable || calls.Load() != 2 {
		t.Fatalf("503: status %d after %d calls", resp.StatusCode(), calls.Load())
	}
}

func TestTimeoutIsAnErrorWithoutTheKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }))
	defer srv.Close()
	c := newClient(t, srv.URL, func(o *client.Options) {
		o.Timeout = 50 * time.Millisecond
		o.Redact = scrub.New("the-key").Redact
	})
	start := time.Now()
	_, err := c.Do(context.Background(), client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "a"}})
	if err == nil || time.Since(start) > 250*time.Millisecond {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	if strings.Contains(err.Error(), "the-key") || !strings.Contains(err.Error(), "GET /user/{id}") {
		t.Fatalf("error text %q", err)
	}
}

// MX requires TLS 1.2 or higher; a corporate proxy's CA can be added with ca_file.
func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(400) }))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	read := client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "a"}}
	if _, err := newClient(t, srv.URL, nil).Do(context.Background(), read); err == nil {
		t.Fatal("an unknown CA was trusted")
	}
	if resp, err := newClient(t, srv.URL, func(o *client.Options) { o.CAFile = caFile }).Do(context.Background(), read); err != nil || resp.StatusCode() != 400 {
		t.Fatalf("with ca_file: %v", err)
	}

	old := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	old.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	old.StartTLS()
	defer old.Close()
	oldCA := filepath.Join(t.TempDir(), "old.pem")
	_ = os.WriteFile(oldCA, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: old.Certificate().Raw}), 0o600)
	_, err := newClient(t, old.URL, func(o *client.Options) { o.CAFile = oldCA }).Do(context.Background(), read)
	if err == nil || !strings.Contains(err.Error(), "protocol version") {
		t.Fatalf("TLS 1.1 server: %v", err)
	}
	if _, err := client.New(client.Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil {
		t.Fatal("a missing ca_file was accepted")
	}
}

// Go's transport replays a GET on a broken reused connection; the client must not, or a reset
// under test would be hidden behind the retry's answer.
func TestABrokenConnectionIsNotRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 {
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
			return
		}
		w.WriteHeader(http.StatusBadRequest)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, nil)
	read := client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "a"}}
	if _, err := c.Do(context.Background(), read); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), read); err == nil {
		t.Fatalf("the broken answer was hidden: the server saw %d requests", calls.Load())
	}
	if calls.Load() != 2 {
		t.Fatalf("the server saw %d requests, want 2 (no retry)", calls.Load())
	}
}

// A host that sends an endless body, announced or chunked, is cut off at MaxBody at once; one that
// keeps trickling is cut off at the timeout. Either way the cause is said in words.
func TestAnEndlessAnswerIsCutOff(t *testing.T) {
	chunk := []byte(strings.Repeat("x", 32<<10))
	stream := func(announce bool, pause time.Duration) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if announce {
				w.Header().Set("Content-Length", "10000000000")
			}
			w.WriteHeader(http.StatusBadRequest)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				time.Sleep(pause)
			}
		}
	}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"announced 10 GB", stream(true, 0), "GET /user/{id}: the answer's body is over 64 KiB (max_body, MX_MAX_BODY): status 400, its Content-Length says 10000000000 bytes; the rest was not read"},
		{"chunked for ever", stream(false, 0), "GET /user/{id}: the answer's body is over 64 KiB (max_body, MX_MAX_BODY): status 400, it announced no length; the rest was not read"},
		{"trickling", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			for r.Context().Err() == nil {
				_, _ = w.Write([]byte("x"))
				w.(http.Flusher).Flush()
				time.Sleep(50 * time.Millisecond)
			}
		}, "GET /user/{id}: timeout after 500ms: the target sent status 400 and was still sending its body (MX_TIMEOUT): "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.h)
			defer srv.Close()
			c := newClient(t, srv.URL, func(o *client.Options) { o.MaxBody = 64 << 10; o.Timeout = 500 * time.Millisecond })
			start := time.Now()
			_, err := c.Do(context.Background(), client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "a"}})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant %s", err, tc.want)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

// An exchange holds enough of its request to send it again: the route and its parameters, which
// key went, the Content-Type and the body, cut when long; the key itself never.
func TestAnExchangeCanBeSentAgain(t *testing.T) {
	var got seen
	srv := echoServer(t, 400, &got)
	var recorded []client.Exchange
	c := newClient(t, srv.URL, func(o *client.Options) {
		o.Redact = scrub.New("the-key").Text
		o.Observe = func(ex client.Exchange) { recorded = append(recorded, ex) }
	})
	ctx := context.Background()
	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserUpdate, Params: map[string]string{"id": "u-1"}, Body: map[string]any{"sex": "OTHER"}})
	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "u-1"}, Query: map[string][]string{"k": {"wrong"}, "c": {"CLT-1"}}})
	_, _ = c.Do(ctx, client.Request{Method: "GET", Path: "/nowhere", Query: map[string][]string{"c": {"CLT-1"}}})
	_, _ = c.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: `{"email":"` + strings.Repeat("a", 20000) + `"}`, OmitContentType: true})
	if len(recorded) != 4 {
		t.Fatalf("%d exchanges", len(recorded))
	}
	put, wrong, raw, big := recorded[0], recorded[1], recorded[2], recorded[3]
	if put.Route != config.RouteUserUpdate || put.Params["id"] != "u-1" || put.Key != client.KeyConfigured ||
		put.RequestType != "application/json" || put.RequestBody != `{"sex":"OTHER"}` || put.RequestBytes != 15 {
		t.Errorf("PUT: %+v", put)
	}
	if wrong.Key != client.KeyOther || raw.Key != client.KeyNone || raw.Route != "" || raw.Request != "GET /nowhere?c=CLT-1" {
		t.Errorf("wrong key %+v, raw %+v", wrong, raw)
	}
	if big.RequestType != "" || big.RequestBytes != 20012 || len(big.RequestBody) > client.MaxShownBody+100 {
		t.Errorf("big body: type %q, %d bytes, %d kept", big.RequestType, big.RequestBytes, len(big.RequestBody))
	}
}
