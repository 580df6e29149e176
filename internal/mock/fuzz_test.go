package mock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// FuzzMock builds one raw HTTP/1.1 request from the fuzzer's parts and sends it twice, each
// time to a fresh mock holding the same fixtures: parsed by http.ReadRequest and served in
// process, then as raw bytes over a loopback connection to a real http.Server. Each answer must
// be well formed (checkAnswer), the two must agree, and no handler may panic.
//
// setup is a bit set (fuzzSetup) choosing faults, a full store, a control token or a tiny body
// limit, so the fuzzer reaches every documented 5xx. The seed corpus is in
// testdata/fuzz/FuzzMock; plain `go test` runs it, `make fuzz` explores further.
func FuzzMock(f *testing.F) {
	wire := startWire(f)
	f.Fuzz(func(t *testing.T, setup uint8, method, target, contentType, header string, body []byte) {
		raw := rawRequest(method, target, contentType, header, body)
		st := fuzzSetup(setup)

		var local *reply
		req, perr := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if perr == nil {
			req.RemoteAddr = "127.0.0.1:40000"
			s := newFuzzMock(t, st)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			local = &reply{status: rec.Code, header: rec.Result().Header, body: rec.Body.Bytes()}
			checkAnswer(t, "in process", st, req, local)
			if n := s.panics.Load(); n != 0 {
				t.Fatalf("crash: %d panics recovered serving %q", n, raw)
			}
			if u, m, _ := s.store.counts(); u+m != s.store.objects {
				t.Fatalf("the store counts %d objects but holds %d users and %d members after %q", s.store.objects, u, m, raw)
			}
		}

		s := newFuzzMock(t, st)
		remote, err := wire.roundTrip(s, raw, req)
		switch {
		case err != nil && local != nil:
			t.Fatalf("over loopback: %v (in process: %d)\nrequest %q", err, local.status, raw)
		case err != nil:
			return // net/http hung up on a request ReadRequest refuses too: nothing to check
		case isNetHTTPAnswer(remote):
			return // net/http's own plain answer, before any handler (see NewHTTPServer)
		case local == nil:
			t.Fatalf("over loopback the mock answered %d a request ReadRequest refuses (%v)\nrequest %q",
				remote.status, perr, raw)
		case remote.status != local.status:
			t.Fatalf("over loopback %d %s, in process %d %s\nrequest %q",
				remote.status, remote.body, local.status, local.body, raw)
		}
		checkAnswer(t, "over loopback", st, req, remote)
		if n := s.panics.Load(); n != 0 || wire.complaints.Load() != 0 {
			t.Fatalf("crash: %d panics, %d net/http complaints serving %q", n, wire.complaints.Load(), raw)
		}
	})
}

// fuzzSetup chooses the state a fresh fuzz mock starts in.
type fuzzSetup uint8

const (
	setupFull           fuzzSetup = 1 << iota // MaxObjects = the fixtures: every create is 507
	setupOutage                               // a persistent outage fault
	setupMaintenance                          // a persistent maintenance fault
	setupDeleteFailures                       // user and member delete-failure faults
	setupScoped                               // those faults only for X-Mxmock-Scope: fuzz
	setupToken                                // the control API asks for X-Mxmock-Token: fuzz-token
	setupSmallBody                            // MaxBodyBytes = 64
)

// The fixtures every fuzz mock holds, so the fuzzer's paths can name existing objects.
const (
	fuzzObjects   = 3 // u-1 and m-1 in clientA, u-b in clientB
	fuzzSystemMsg = "fuzz system message"
)

func newFuzzMock(t testing.TB, st fuzzSetup) *Server {
	s := newServer(t, func(c *Config) {
		c.Accounts = []Account{{Member: "m-1", AccountID: "ACC-1"}, {Client: clientBExt, Member: "M-x", AccountID: "ACC-2"}}
		c.Log = io.Discard // the redacting request log is part of what is fuzzed
	})
	createUser(t, s, `{"external_user_guid":"u-1","email":"a@b.c","zip_code":"12345","sex":"FEMALE"}`)
	createMember(t, s, memberBody("u-1", "m-1"))
	wantOK(t, "fixture u-b", do(t, s, "POST", "/user?k="+testKey+"&c="+clientB, `{"external_user_guid":"u-b"}`), http.StatusOK)
	// Limits change after the fixtures, whose bodies are longer and whose objects count.
	if st&setupFull != 0 {
		s.store.max = fuzzObjects
		s.cfg.MaxObjects = fuzzObjects
	}
	if st&setupSmallBody != 0 {
		s.cfg.MaxBodyBytes = 64
	}
	if st&setupToken != 0 {
		s.cfg.ControlToken = "fuzz-token"
	}
	var scope FaultScope
	if st&setupScoped != 0 {
		scope.Header = "fuzz"
	}
	for _, k := range []struct {
		bit  fuzzSetup
		kind []string
	}{
		{setupOutage, []string{"outage"}}, {setupMaintenance, []string{"maintenance"}},
		{setupDeleteFailures, []string{"user_delete_failure", "member_delete_failure"}},
	} {
		for _, kind := range k.kind {
			if st&k.bit == 0 {
				continue
			}
			if _, err := s.faults.add(Fault{Kind: kind, SystemMessage: fuzzSystemMsg, Scope: scope}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

// rawRequest writes the request's bytes. header is raw header lines; a Content-Length is added
// for a body unless header frames the body itself.
func rawRequest(method, target, contentType, header string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(method + " " + target + " HTTP/1.1\r\nHost: mxmock.test\r\n")
	if contentType != "" {
		b.WriteString("Content-Type: " + contentType + "\r\n")
	}
	if header != "" {
		b.WriteString(header)
		if !strings.HasSuffix(header, "\n") {
			b.WriteString("\r\n")
		}
	}
	lower := strings.ToLower(header)
	if len(body) > 0 && !strings.Contains(lower, "content-length") && !strings.Contains(lower, "transfer-encoding") {
		b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// wireServer is one real http.Server per fuzz process. Each connection is served by the mock
// that was current when it was accepted, so a late pipelined request cannot reach the next
// input's mock.
type wireServer struct {
	addr       string
	cur        atomic.Pointer[Server]
	complaints atomic.Int64 // net/http's log lines about a handler misusing its writer
}

type mockKey struct{}

func startWire(f *testing.F) *wireServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	ws := &wireServer{addr: ln.Addr().String()}
	srv := NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Context().Value(mockKey{}).(*Server).ServeHTTP(w, r)
	}))
	srv.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, mockKey{}, ws.cur.Load())
	}
	srv.ErrorLog = log.New(writerFunc(func(p []byte) (int, error) {
		if bytes.Contains(p, []byte("superfluous")) || bytes.Contains(p, []byte("panic")) {
			ws.complaints.Add(1)
			os.Stderr.Write(p)
		}
		return len(p), nil // net/http also logs the bad requests it refuses: expected here
	}), "", 0)
	go func() { _ = srv.Serve(ln) }()
	f.Cleanup(func() { _ = srv.Close() })
	return ws
}

type writerFunc func([]byte) (int, error)

func (fn writerFunc) Write(p []byte) (int, error) { return fn(p) }

// roundTrip sends raw on a new connection, half-closes it (so a short body ends instead of
// waiting out the read timeout) and reads one answer, skipping 1xx. req, when ReadRequest
// took the bytes, tells ReadResponse whether a body follows (HEAD).
func (ws *wireServer) roundTrip(s *Server, raw []byte, req *http.Request) (*reply, error) {
	ws.cur.Store(s)
	conn, err := net.DialTimeout("tcp", ws.addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	tcp := conn.(*net.TCPConn)
	var wg sync.WaitGroup
	defer func() {
		_ = tcp.SetLinger(0) // no TIME_WAIT: a long fuzz run opens many connections
		_ = tcp.Close()
		wg.Wait() // the writer is done once the connection is closed
	}()
	_ = tcp.SetDeadline(time.Now().Add(5 * time.Second)) // past it is a hang, reported as such
	wg.Go(func() {
		_, _ = tcp.Write(raw) // the server may answer and hang up before reading everything
		_ = tcp.CloseWrite()
	})
	br := bufio.NewReader(tcp)
	for {
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return nil, errors.New("hang: no answer within 5s")
			}
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			return &reply{status: resp.StatusCode, header: resp.Header, body: body,
				head: req != nil && req.Method == http.MethodHead}, nil
		}
	}
}
