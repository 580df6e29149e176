package mock

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func startMock(t *testing.T, cfg Config) *Running {
	t.Helper()
	rn, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rn.Close() })
	return rn
}

// rawExchange writes raw on a new connection and reads one answer (nil if the server hung up).
func rawExchange(t *testing.T, rn *Running, raw string) (*http.Response, []byte, net.Conn) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(rn.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, nil, conn
	}
	body, _ := io.ReadAll(resp.Body)
	return resp, body, conn
}

func TestHeaderOverTheLimitIs431(t *testing.T) {
	rn := startMock(t, testConfig()) // DefaultMaxHeaderBytes, 64 KiB
	send := func(size int) (*http.Response, []byte) {
		resp, body, _ := rawExchange(t, rn, "GET /user/x"+auth+" HTTP/1.1\r\nHost: x\r\nX-Big: "+
			strings.Repeat("a", size)+"\r\nConnection: close\r\n\r\n")
		if resp == nil {
			t.Fatalf("a %d-byte header got no answer", size)
		}
		return resp, body
	}
	// net/http answers it before the mock sees the request: plain text, not the envelope.
	resp, body := send(100 << 10)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge ||
		resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || string(body) != "431 Request Header Fields Too Large" {
		t.Errorf("100 KiB header: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = send(60 << 10)
	wantError(t, "60 KiB header", result{Status: resp.StatusCode, Type: resp.Header.Get("Content-Type"), Body: string(body)},
		http.StatusBadRequest, `{"error":"User with guid x not found."}`)
}

func TestMaxHeaderBytesIsConfigurable(t *testing.T) {
	cfg := testConfig()
	cfg.MaxHeaderBytes = 1024
	rn := startMock(t, cfg)
	// net/http allows 4 KiB over MaxHeaderBytes; 8 KiB is well past both.
	for size, want := range map[int]int{2 << 10: http.StatusBadRequest, 8 << 10: http.StatusRequestHeaderFieldsTooLarge} {
		resp, _, _ := rawExchange(t, rn, "GET /user/x"+auth+" HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", size)+"\r\n\r\n")
		if resp == nil || resp.StatusCode != want {
			t.Errorf("%d-byte header with MaxHeaderBytes 1024: %v, want %d", size, resp, want)
		}
	}
}

// slowConfig has short timeouts, so the tests below wait fractions of a second.
func slowConfig() Config {
	cfg := testConfig()
	cfg.ReadHeaderTimeout = 200 * time.Millisecond
	cfg.ReadTimeout = 300 * time.Millisecond
	cfg.WriteTimeout = time.Second
	cfg.IdleTimeout = 300 * time.Millisecond
	return cfg
}

// waitClosed reads until the server hangs up; it fails if that takes longer than within.
func waitClosed(t *testing.T, conn net.Conn, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	_ = conn.SetReadDeadline(start.Add(5 * time.Second))
	_, err := io.Copy(io.Discard, conn)
	took := time.Since(start)
	if ne, ok := errors.AsType[net.Error](err); (ok && ne.Timeout()) || took > within {
		t.Fatalf("the server held the connection %s (err %v), want it closed within %s", took, err, within)
	}
	return took
}

func TestSlowClientsAreCutOff(t *testing.T) {
	rn := startMock(t, slowConfig())
	addr := strings.TrimPrefix(rn.URL, "http://")

	t.Run("half a header, then silence", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_, _ = io.WriteString(conn, "GET /user/x"+auth+" HTTP/1.1\r\nHost: x\r\nX-Slow: a")
		took := waitClosed(t, conn, 2*time.Second)
		t.Logf("closed after %s (ReadHeaderTimeout 200ms)", took)
		// Meanwhile the server answers everyone else.
		if resp, err := http.Get(rn.URL + "/_mxmock/health"); err != nil || resp.StatusCode != 200 {
			t.Errorf("health during a stalled client: %v %v", resp, err)
		}
	})

	t.Run("half a body, then silence", func(t *testing.T) {
		resp, body, conn := rawExchange(t, rn, "POST /user"+auth+" HTTP/1.1\r\nHost: x\r\n"+
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"external_user_guid\":")
		if resp == nil {
			t.Fatal("no answer to a stalled body")
		}
		wantError(t, "stalled body", result{Status: resp.StatusCode, Type: resp.Header.Get("Content-Type"), Body: string(body)},
			http.StatusRequestTimeout, `{"error":"Request body timed out: the whole request must arrive within 300ms."}`)
		waitClosed(t, conn, 2*time.Second)
	})

	t.Run("idle keep-alive", func(t *testing.T) {
		resp, _, conn := rawExchange(t, rn, "GET /_mxmock/health HTTP/1.1\r\nHost: x\r\n\r\n")
		if resp == nil || resp.StatusCode != 200 || resp.Close {
			t.Fatalf("health: %v", resp)
		}
		waitClosed(t, conn, 2*time.Second)
	})
}

// The limits follow from one another: a header timeout longer than the whole request's would lift
// it, so it shortens instead; the answer's deadline starts once the headers are in, so it leaves
// the time a slow body may take; bad limits are refused, each named.
func TestHTTPServerLimits(t *testing.T) {
	s := newServer(t, func(c *Config) { c.ReadTimeout = time.Second })
	if srv := NewHTTPServer(s); srv.ReadHeaderTimeout != time.Second || srv.WriteTimeout <= srv.ReadTimeout {
		t.Errorf("with ReadTimeout 1s: ReadHeaderTimeout %s, WriteTimeout %s", srv.ReadHeaderTimeout, srv.WriteTimeout)
	}
	if srv := NewHTTPServer(http.NotFoundHandler()); srv.MaxHeaderBytes <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("another handler gets no limits: %+v", srv)
	}
	_, err := New(Config{MaxHeaderBytes: -1, ReadTimeout: -time.Second, IdleTimeout: -1})
	for _, want := range []string{"MaxHeaderBytes must be positive, got -1", "ReadTimeout must be positive, got -1s",
		"IdleTimeout must be positive, got -1ns"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New with negative limits: %v, want %q", err, want)
		}
	}
	if _, err := New(Config{MaxHeaderBytes: MaxHeaderBytesCeiling + 1}); err == nil {
		t.Error("New accepts a MaxHeaderBytes that net/http would overflow")
	}
}

// Regression (found while hardening): a Content-Length within a huge MaxBodyBytes was
// allocated up front, so one header could ask for terabytes; now it grows with the data.
func TestHugeContentLengthIsNotAllocatedUpFront(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxBodyBytes = 1 << 62 })
	req, _ := http.NewRequest("POST", "/user"+auth, strings.NewReader(`{"external_user_guid":"big"}`))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "127.0.0.1:1"
	req.ContentLength = 1 << 61
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || s.panics.Load() != 0 {
		t.Errorf("Content-Length 2^61: %d %s (%d panics)", rec.Code, rec.Body, s.panics.Load())
	}
}
