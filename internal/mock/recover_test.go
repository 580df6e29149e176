package mock

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// boomRoutes adds routes that panic, which no real route may do: one before answering, one
// halfway through its answer, one that aborts on purpose the way net/http allows.
func boomRoutes(s *Server) {
	s.mux.HandleFunc("GET /_boom/{id}", func(http.ResponseWriter, *http.Request) { panic("boom") })
	s.mux.HandleFunc("GET /_boom-late", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"half":`))
		http.NewResponseController(w).Flush()
		panic("late boom")
	})
	s.mux.HandleFunc("GET /_abort", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
}

func TestPanicIsAnsweredInTheEnvelopeAndLogged(t *testing.T) {
	var log syncBuffer
	s := newServer(t, func(c *Config) { c.Log = &log })
	boomRoutes(s)
	got := do(t, s, "GET", "/_boom/"+testKey+auth, "")
	wantError(t, "GET /_boom", got, http.StatusInternalServerError, `{"error":"mxmock internal error: boom"}`)
	if n := s.panics.Load(); n != 1 {
		t.Errorf("%d panics counted, want 1", n)
	}
	out := log.String()
	for _, want := range []string{
		"mxmock: panic serving GET /_boom/REDACTED?k=REDACTED&c=" + clientA + ": boom\n",
		"goroutine ", // the stack
		"mxmock: GET /_boom/REDACTED?k=REDACTED&c=" + clientA + " 500 ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, testKey) {
		t.Errorf("the log shows the key:\n%s", out)
	}
}

// A mock without a request log still reports a panic, with its stack, on stderr: a bug in the
// mock must be seen. The panic happens in a child process, whose stderr the test reads.
func TestPanicsGoToStderrWithoutARequestLog(t *testing.T) {
	if os.Getenv("MXMOCK_PANIC_CHILD") != "" {
		s := newServer(t) // no Log
		boomRoutes(s)
		do(t, s, "GET", "/_boom/x"+auth, "")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPanicsGoToStderrWithoutARequestLog$")
	cmd.Env = append(os.Environ(), "MXMOCK_PANIC_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the child failed: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	for _, want := range []string{"mxmock: panic serving GET /_boom/x?", ": boom\n", "goroutine "} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestPanicNeverStopsTheServer serves the panicking routes from mock.Start and from someone
// else's server (the embedded way): each request fails alone and the server goes on.
func TestPanicNeverStopsTheServer(t *testing.T) {
	servers := map[string]func(s *Server) (url string, stop func()){
		"mock.Start": func(*Server) (string, func()) { return "", nil },
		"httptest.Server": func(s *Server) (string, func()) {
			ts := httptest.NewServer(s)
			return ts.URL, ts.Close
		},
	}
	for name, serve := range servers {
		t.Run(name, func(t *testing.T) {
			var log syncBuffer
			cfg := testConfig()
			cfg.Log = &log
			rn, err := Start(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer rn.Close()
			s, url := rn.Server, rn.URL
			if u, stop := serve(s); u != "" {
				defer stop()
				url = u
			}
			boomRoutes(s)
			client := &http.Client{Timeout: 5 * time.Second}
			get := func(path string) (int, string, error) {
				resp, err := client.Get(url + path)
				if err != nil {
					return 0, "", err
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body), err
			}
			for range 3 {
				if code, body, err := get("/_boom/x"); err != nil || code != 500 || body != `{"error":"mxmock internal error: boom"}` {
					t.Errorf("GET /_boom/x: %d %s %v", code, body, err)
				}
				// Half an answer was out: the connection is cut, so the client cannot take it as whole.
				if _, _, err := get("/_boom-late"); err == nil {
					t.Error("GET /_boom-late: a cut answer read as complete")
				}
				if _, _, err := get("/_abort"); err == nil {
					t.Error("GET /_abort: an aborted answer read as complete")
				}
				if code, body, err := get("/_mxmock/health"); err != nil || code != 200 {
					t.Errorf("after the panics, health: %d %s %v", code, body, err)
				}
			}
			if n := s.panics.Load(); n != 6 { // ErrAbortHandler is net/http's, not a bug: not counted
				t.Errorf("%d panics counted, want 6", n)
			}
			if !strings.Contains(log.String(), "mxmock: panic serving GET /_boom-late: late boom") {
				t.Errorf("the late panic is not logged:\n%s", log.String())
			}
		})
	}
}

func TestRecoverPassesAbortHandlerOn(t *testing.T) {
	s := newServer(t)
	boomRoutes(s)
	defer func() {
		if v := recover(); v == nil || !errors.Is(v.(error), http.ErrAbortHandler) {
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on to net/http", v)
		}
	}()
	do(t, s, "GET", "/_abort", "")
}
