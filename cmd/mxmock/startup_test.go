package main

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/mock"
)

// A start-up that cannot finish (here the environment never answers, as a file on a hung
// mount would) still ends on SIGINT or SIGTERM, which cancel run's context.
func TestStartUpCanBeInterrupted(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, nil, func(string) string { <-block; return "" }, &stderr)
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(stderr.String(), "mxmock: interrupted while starting") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run ignored the end of its context while starting")
	}
}

func TestExposureWarning(t *testing.T) {
	any4 := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	lo := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	for _, tt := range []struct {
		name string
		addr net.Addr
		cfg  mock.Config
		want string // "" = no warning
	}{
		{"loopback", lo, mock.Config{}, ""},
		{"loopback, remote control", lo, mock.Config{AllowRemoteControl: true}, ""},
		{"all interfaces with a token", any4, mock.Config{ControlToken: "t"}, ""},
		{"all interfaces, no token", any4, mock.Config{}, "listening on 0.0.0.0:8080, beyond loopback, with no control token: " +
			"the control API answers loopback callers only, but a same-host forwarder (ssh -L, kubectl port-forward) makes a remote caller look local. " +
			"Set --control-token (MXMOCK_CONTROL_TOKEN) and send it in X-Mxmock-Token."},
		{"remote control, no token", any4, mock.Config{AllowRemoteControl: true}, "the control API (--control-remote) answers anyone who reaches it"},
	} {
		if got := exposure(tt.addr, tt.cfg); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMaxFaultsAndAccountsFlags(t *testing.T) {
	st, err := parseSettings([]string{"--max-faults=5"}, envOf(map[string]string{"MXMOCK_MAX_ACCOUNTS": "7"}), &syncBuffer{})
	if err != nil || st.cfg.MaxFaults != 5 || st.cfg.MaxAccounts != 7 {
		t.Errorf("MaxFaults %d, MaxAccounts %d, %v", st.cfg.MaxFaults, st.cfg.MaxAccounts, err)
	}
	var stderr syncBuffer
	if code := run(context.Background(), []string{"--max-faults=0"}, envOf(nil), &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "for flag -max-faults: must be a whole number above 0") {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
}
