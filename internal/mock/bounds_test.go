package mock

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestResetWithAScopeResetsOnlyThatScopesFaults(t *testing.T) {
	s := newServer(t, func(c *Config) {
		c.Faults = []Fault{{Kind: "outage", Times: 3, Scope: FaultScope{Header: "p1"}}, {Kind: "maintenance", Scope: FaultScope{Header: "p2"}}}
	})
	createUser(t, s, `{"external_user_guid":"kept"}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"p1"}}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"p2","client":"`+clientA+`"}}`)
	addFault(t, s, `{"kind":"outage","scope":{"client":"`+clientA+`"}}`)
	// p1's start-up fault fires once, so its reset must bring back all three uses.
	wantError(t, "p1 start-up fault", do(t, s, "GET", "/user/kept"+auth, "", ScopeHeader, "p1"), 502, outageBody)

	wantNoContent(t, "reset p1", do(t, s, "POST", "/_mxmock/reset?scope_header=p1", ""))
	var kinds []string
	for _, f := range listFaults(t, s) {
		kinds = append(kinds, fmt.Sprintf("%s/%s/%s/%d", f.Kind, f.Scope.Header, f.Scope.Client, f.Times))
	}
	want := "maintenance/p2//0 outage/p2/" + clientA + "/0 outage//" + clientA + "/0 outage/p1//3"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("after resetting p1: %s\nwant %s", got, want)
	}
	if got := do(t, s, "GET", "/user/kept"+auth, ""); got.Status != 502 { // the client-scoped outage stays
		t.Errorf("the client's fault was reset too: %d %s", got.Status, got.Body)
	}
	s.RemoveFaults(ClientScope(clientA))
	wantOK(t, "users survive a scoped reset", do(t, s, "GET", "/user/kept"+auth, ""), 200)

	wantNoContent(t, "reset client", do(t, s, "POST", "/_mxmock/reset?scope_client=", ""))
	if n := len(listFaults(t, s)); n != 2 { // both start-up faults, nothing else
		t.Errorf("after resetting the faults without a client scope: %d faults", n)
	}
}

func TestFaultsAreCapped(t *testing.T) {
	s := newServer(t, func(c *Config) {
		c.MaxFaults = 3
		c.Faults = []Fault{{Kind: "delay", DelayMS: 1, Scope: FaultScope{Header: "x"}}}
	})
	addFault(t, s, `{"kind":"outage","scope":{"header":"a"}}`)
	addFault(t, s, `{"kind":"outage","scope":{"header":"b"}}`)
	wantError(t, "fourth fault", do(t, s, "POST", "/_mxmock/faults", `{"kind":"outage"}`), 507,
		`{"error":"Too many faults (3 active): delete some or reset the mock."}`)
	wantNoContent(t, "delete one", do(t, s, "DELETE", "/_mxmock/faults?scope_header=a", ""))
	addFault(t, s, `{"kind":"outage","scope":{"header":"c"}}`)

	long := strings.Repeat("m", MaxSystemMessageBytes+1)
	wantError(t, "long system_message", do(t, s, "POST", "/_mxmock/faults", `{"kind":"user_delete_failure","system_message":"`+long+`"}`), 400,
		`{"error":"Field system_message must be at most 1024 bytes, got 1025."}`)
	wantError(t, "long scope", do(t, s, "POST", "/_mxmock/faults", `{"kind":"outage","scope":{"header":"`+strings.Repeat("h", MaxIDBytes+1)+`"}}`), 400,
		`{"error":"Field scope.header must be at most 256 bytes, got 257."}`)
	if _, err := New(Config{MaxFaults: 1, Faults: []Fault{{Kind: "outage"}, {Kind: "outage"}}}); err == nil ||
		!strings.Contains(err.Error(), "2 start-up faults, more than MaxFaults (1)") {
		t.Errorf("two start-up faults over a cap of one: %v", err)
	}
}

func TestFeedAccountsAreCapped(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxAccounts = 3; c.Accounts = []Account{{Member: "m", AccountID: "seed"}} })
	got := do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m","account_id":"A"},{"member":"m","account_id":"B"}]}`)
	if got.Status != http.StatusCreated {
		t.Fatalf("two accounts: %d %s", got.Status, got.Body)
	}
	wantError(t, "one too many", do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m","account_id":"C"}]}`), 507,
		`{"error":"Too many feed accounts (3 at most): reset the mock."}`)
	wantNoContent(t, "delete one", do(t, s, "DELETE", "/member/m/account/A"+auth, ""))
	if got := do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m","account_id":"C"}]}`); got.Status != http.StatusCreated {
		t.Errorf("room again after a delete: %d %s", got.Status, got.Body)
	}
	wantError(t, "long id", do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"`+strings.Repeat("m", 257)+`","account_id":"D"}]}`), 400,
		`{"error":"Bad accounts body: accounts[0]: member must be at most 256 bytes, got 257."}`)
	if _, err := New(Config{MaxAccounts: 1, Accounts: []Account{{Member: "m", AccountID: "1"}, {Member: "m", AccountID: "2"}}}); err == nil {
		t.Error("a seed over MaxAccounts was accepted")
	}
}

func TestStartUpFilesMustBeSmallRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, MaxFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{"/dev/zero", "is not a regular file"},
		{fifo, "is not a regular file"}, // opened without blocking, though nobody writes to it
		{dir, "is not a regular file"},
		{big, "more than the 16777216 a start-up file may have"},
	} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for name, load := range map[string]func(string) error{
				"LoadSeed":   func(p string) error { _, err := LoadSeed(p); return err },
				"LoadFaults": func(p string) error { _, err := LoadFaults(p); return err },
			} {
				if err := load(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s(%s) = %v, want %q", name, tt.path, err, tt.want)
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("loading %s did not return", tt.path)
		}
	}
}

// A delay longer than the server's WriteTimeout is answered whole, not cut (the client used to
// get EOF while the log showed a status).
func TestADelayLongerThanWriteTimeoutIsAnswered(t *testing.T) {
	for _, f := range []Fault{
		{Kind: "delay", DelayMS: 400},
		{Kind: "slow_body", DelayMS: 15}, // 39 bytes: three pauses, each under WriteTimeout, 45ms in all
	} {
		cfg := testConfig()
		cfg.WriteTimeout = 150 * time.Millisecond
		if f.Kind == "slow_body" {
			cfg.WriteTimeout = 30 * time.Millisecond
		}
		cfg.Faults = []Fault{f}
		rn := startMock(t, cfg)
		o := overWire(t, rn.URL, "GET", "/user/x"+auth, "")
		if o.err != nil || o.status != 400 || o.body != missingBody {
			t.Errorf("%s past WriteTimeout: %d %q %v", f.Kind, o.status, o.body, o.err)
		}
	}
}

// A handler that wraps the mock and edits a header value in place must not change the next answer.
func TestAnswersShareNoHeaderSlices(t *testing.T) {
	s := newServer(t)
	first := do(t, s, "GET", "/user/x"+auth, "")
	first.Header["Content-Type"][0] = "text/plain"
	first.Header["Content-Length"][0] = "0"
	second := do(t, s, "GET", "/user/x"+auth, "")
	if second.Type != "application/json" || second.Header.Get("Content-Length") != fmt.Sprint(len(missingBody)) {
		t.Errorf("the second answer carries the first one's edited headers: %v", second.Header)
	}
}

// Faults scoped to other processes cost a request nothing: it looks only at the lists of the
// scopes it can match.
func TestFaultsOfOtherScopesAreNotLookedAt(t *testing.T) {
	s := newServer(t, func(c *Config) { c.MaxFaults = 20000 })
	for i := range 10000 {
		if _, err := s.AddFault(Fault{Kind: "outage", Scope: FaultScope{Header: fmt.Sprint("other-", i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddFault(Fault{Kind: "maintenance", Scope: FaultScope{Header: "mine"}}); err != nil {
		t.Fatal(err)
	}
	wantError(t, "my fault", do(t, s, "GET", "/user/x"+auth, "", ScopeHeader, "mine"), 503, maintenanceBody)
	mine := testing.Benchmark(func(b *testing.B) {
		req, _ := http.NewRequest("GET", "/user/x"+auth, nil)
		req.Header.Set(ScopeHeader, "nobody")
		for b.Loop() {
			s.faults.take(req)
		}
	})
	if per := mine.NsPerOp(); per > 20_000 { // a scan of 10,000 faults takes far longer
		t.Errorf("a request with no fault of its own took %dns among 10,000 others' faults", per)
	}
}
