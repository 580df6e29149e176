package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/mock"
)

func TestMaxHeaderFlagAndVariable(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"default", nil, nil, mock.DefaultMaxHeaderBytes},
		{"flag", []string{"--max-header=2048"}, nil, 2048},
		{"variable", nil, map[string]string{"MXMOCK_MAX_HEADER": "4096"}, 4096},
		{"flag wins", []string{"--max-header", "1024"}, map[string]string{"MXMOCK_MAX_HEADER": "4096"}, 1024},
	} {
		st, err := parseSettings(tt.args, envOf(tt.env), io.Discard)
		if err != nil || st.cfg.MaxHeaderBytes != tt.want {
			t.Errorf("%s: MaxHeaderBytes %d, %v; want %d", tt.name, st.cfg.MaxHeaderBytes, err, tt.want)
		}
	}
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-header=0"}, nil, "for flag -max-header: must be a whole number above 0"},
		{[]string{"--max-header=2147483648"}, nil, "for flag -max-header: must be at most 1073741824"},
		{nil, map[string]string{"MXMOCK_MAX_HEADER": "64k"}, `MXMOCK_MAX_HEADER="64k": must be a whole number above 0`},
	} {
		var stderr syncBuffer
		if code := run(context.Background(), tt.args, envOf(tt.env), &stderr); code != 2 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v %v: exit %d, stderr:\n%s\nwant exit 2 and %q", tt.args, tt.env, code, stderr.String(), tt.want)
		}
	}
}

// TestStandaloneLimits runs mxmock itself: a header over --max-header gets net/http's 431.
// (The timeouts are mock.NewHTTPServer's, tested in internal/mock with short values.)
func TestStandaloneLimits(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--max-header", "1024", "--quiet"}, envOf(nil), &stderr)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("mxmock did not stop")
		}
	}()
	started := regexp.MustCompile(`mxmock listening on http://(127\.0\.0\.1:\d+) `)
	var m []string
	for deadline := time.Now().Add(5 * time.Second); m == nil && time.Now().Before(deadline); {
		if m = started.FindStringSubmatch(stderr.String()); m == nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if m == nil {
		t.Fatalf("no startup line:\n%s", stderr.String())
	}
	conn, err := net.Dial("tcp", m[1])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	// 1024 plus net/http's 4 KiB of slack is well under 8 KiB.
	_, _ = io.WriteString(conn, "GET /_mxmock/health HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 8<<10)+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("8 KiB header with --max-header 1024: %v %v", resp, err)
	}
	if strings.Contains(stderr.String(), "panic") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}
