package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer collects what run writes to stderr while the test reads it.
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

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestBadFlagsAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	badSeed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(badSeed, []byte(`{"accounts":[{"account_id":"A"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"max-body not a number", []string{"--max-body=abc"}, nil, `invalid value "abc" for flag -max-body: must be a whole number above 0`},
		{"max-body zero", []string{"--max-body", "0"}, nil, `for flag -max-body: must be a whole number above 0`},
		{"max-objects negative", []string{"--max-objects=-1"}, nil, `for flag -max-objects: must be a whole number above 0`},
		{"bool flag", []string{"--quiet=maybe"}, nil, `invalid boolean value "maybe" for -quiet`},
		{"unknown flag", []string{"--port=1"}, nil, "flag provided but not defined: -port"},
		{"positional argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"empty api key", []string{"--api-key="}, nil, "--api-key: the API key must not be empty"},
		{"empty addr", []string{"--addr="}, nil, "--addr: give an address"},
		{"bad clients flag", []string{"--clients=CLT-a,,b"}, nil, "--clients: client 2 is empty"},
		{"bad clients env", nil, map[string]string{"MXMOCK_CLIENTS": "x=y"}, `MXMOCK_CLIENTS: client "x=y"`},
		{"missing seed", []string{"--seed", filepath.Join(dir, "nope.json")}, nil, "--seed: seed: open"},
		{"seed not a regular file", []string{"--seed", "/dev/zero"}, nil, "--seed: seed: /dev/zero is not a regular file"},
		{"bad seed env", nil, map[string]string{"MXMOCK_SEED": badSeed}, "MXMOCK_SEED: seed " + badSeed + ": accounts[0]: member"},
		{"max-body env", nil, map[string]string{"MXMOCK_MAX_BODY": "1k"}, `MXMOCK_MAX_BODY="1k": must be a whole number above 0`},
		{"max-objects env", nil, map[string]string{"MXMOCK_MAX_OBJECTS": "0"}, `MXMOCK_MAX_OBJECTS="0": must be a whole number above 0`},
		{"bool env", nil, map[string]string{"MXMOCK_CONTROL_REMOTE": "maybe"}, `MXMOCK_CONTROL_REMOTE="maybe": must be true or false`},
		{"an address that cannot be used is a start error (exit 1)", []string{"--addr=256.0.0.1:1"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr syncBuffer
			code := run(context.Background(), tt.args, envOf(tt.env), &stderr)
			if tt.want == "" {
				if code != 1 {
					t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr.String())
				}
				return
			}
			if code != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}

func TestFlagWinsOverEnvironment(t *testing.T) {
	env := envOf(map[string]string{
		"MXMOCK_API_KEY": "env-key-123", "MXMOCK_CLIENTS": "CLT-env", "MXMOCK_MAX_BODY": "100",
		"MXMOCK_CONTROL_REMOTE": "true", "MXMOCK_QUIET": "1", "MXMOCK_ADDR": "127.0.0.1:9999",
	})
	st, err := parseSettings([]string{"--api-key=flag-key-123", "--max-body=200", "--quiet=false"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := st.cfg
	if c.APIKey != "flag-key-123" || c.MaxBodyBytes != 200 || c.Log == nil || // from flags
		len(c.Clients) != 1 || c.Clients[0].GUID != "CLT-env" || !c.AllowRemoteControl || st.addr != "127.0.0.1:9999" { // from env
		t.Errorf("settings = %+v, addr %s", c, st.addr)
	}
	st, err = parseSettings(nil, envOf(nil), io.Discard)
	if err != nil || st.addr != "127.0.0.1:8080" || st.cfg.APIKey != "mxmock-api-key" ||
		st.cfg.Clients[0].GUID != "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184" || st.cfg.MaxObjects != 100000 {
		t.Errorf("defaults = %+v, %v", st, err)
	}
}

func TestHelp(t *testing.T) {
	var stderr syncBuffer
	if code := run(context.Background(), []string{"-h"}, envOf(nil), &stderr); code != 0 ||
		!strings.Contains(stderr.String(), "MXMOCK_MAX_OBJECTS") {
		t.Errorf("-h: exit %d\n%s", code, stderr.String())
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"accounts":[{"client":"","member":"M-1","account_id":"ACC-1"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	const key = "secret-key-9876"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--seed", seed},
			envOf(map[string]string{"MXMOCK_API_KEY": key, "MXMOCK_CONTROL_TOKEN": "tok"}), &stderr)
	}()

	started := regexp.MustCompile(`mxmock listening on (http://127\.0\.0\.1:\d+) \((.*)\)\n`)
	var m []string
	for deadline := time.Now().Add(5 * time.Second); m == nil; {
		if m = started.FindStringSubmatch(stderr.String()); m == nil {
			if time.Now().After(deadline) {
				t.Fatalf("no startup line:\n%s", stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wantDesc := "api key: se…(redacted), clients: CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184, 1 seed accounts, " +
		"control API: /_mxmock, loopback only, token required"
	if m[2] != wantDesc {
		t.Errorf("startup line says %q, want %q", m[2], wantDesc)
	}
	url := m[1]

	req, _ := http.NewRequest("GET", url+"/_mxmock/health", nil)
	req.Header.Set("X-Mxmock-Token", "tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"status":"ok"}` {
		t.Errorf("health: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(url + "/member/M-1/account/ACC-1?k=" + key + "&c=CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound { // GET on the account route: no such route
		t.Errorf("GET account: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("DELETE", url+"/member/M-1/account/ACC-1?k="+key+"&c=CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184", nil)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE seeded account: %d", resp.StatusCode)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after cancel\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after the context ended")
	}
	out := stderr.String()
	if strings.Contains(out, key) || strings.Contains(out, "tok\n") {
		t.Errorf("stderr shows a secret:\n%s", out)
	}
	if !strings.Contains(out, "mxmock: DELETE /member/M-1/account/ACC-1?k=REDACTED&c=") || !strings.Contains(out, "mxmock: stopped") {
		t.Errorf("stderr lacks the request log or the stop line:\n%s", out)
	}
}
