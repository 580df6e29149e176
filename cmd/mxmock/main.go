// Command mxmock serves the MX SSO API v2 mock (internal/mock) on its own.
//
// Every flag has an environment variable of the same meaning; a flag on the command line wins.
//
//	mxmock --addr 127.0.0.1:8080 --api-key mxmock-api-key --clients CLT-a,CLT-b=bank-ext
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mxcontract/mxcontract/internal/mock"
	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// gcPercent is mxmock's garbage-collection target unless GOGC says otherwise. The mock holds every
// user and member it is sent, up to --max-objects, and at Go's default (100) every collection
// marks that whole store again, often: under load that cost a third of POST's throughput and
// doubled the p99 of every route. Four times the default trades memory, which --max-objects
// bounds, for a quarter of the collections.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stderr))
}

// run serves until ctx ends. It returns the exit code: 0 after a clean shutdown (or -h), 2 for
// bad flags or environment, 1 when the server cannot start or fails.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	st, err := startUp(ctx, args, getenv, stderr)
	if errors.Is(err, errInterrupted) {
		fmt.Fprintln(stderr, "mxmock: interrupted while starting")
		return 1
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintf(stderr, "mxmock: %v\n", err)
		}
		return 2
	}
	s, err := mock.New(st.cfg)
	if err != nil {
		fmt.Fprintf(stderr, "mxmock: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", st.addr)
	if err != nil {
		fmt.Fprintf(stderr, "mxmock: %v\n", err)
		return 1
	}
	srv := mock.NewHTTPServer(s)
	// Requests held by a delay or slow_body fault end with this, so a stop never waits on them.
	requests, endRequests := context.WithCancel(context.Background())
	defer endRequests()
	srv.BaseContext = func(net.Listener) context.Context { return requests }
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "mxmock listening on http://%s (%s)\n", ln.Addr(), describe(s.Config()))
	if w := exposure(ln.Addr(), s.Config()); w != "" {
		fmt.Fprintln(stderr, "mxmock: warning: "+w)
	}

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "mxmock: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	endRequests()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "mxmock: shutdown: %v\n", err)
		return 1
	}
	<-served
	fmt.Fprintln(stderr, "mxmock: stopped")
	return 0
}

// errInterrupted is a start-up that a signal ended before the mock was ready.
var errInterrupted = errors.New("interrupted while starting")

// startUp reads the settings (flags, environment, seed and faults files) unless ctx ends
// first: a file that never finishes reading must not make mxmock deaf to SIGINT and SIGTERM.
func startUp(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	type result struct {
		st  settings
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := parseSettings(args, getenv, stderr)
		done <- result{st, err}
	}()
	select {
	case r := <-done:
		return r.st, r.err
	case <-ctx.Done():
		return settings{}, errInterrupted
	}
}

// exposure warns when the mock listens beyond loopback with no control token. The loopback
// rule alone does not protect the control API from another machine: a same-host forwarder (ssh
// -L, kubectl port-forward, a sidecar proxy) makes a remote caller look local. Only a token does.
func exposure(addr net.Addr, cfg mock.Config) string {
	tcp, ok := addr.(*net.TCPAddr)
	if cfg.ControlToken != "" || (ok && tcp.IP.IsLoopback()) {
		return ""
	}
	who := "the control API answers loopback callers only, but a same-host forwarder (ssh -L, kubectl port-forward) makes a remote caller look local"
	if cfg.AllowRemoteControl {
		who = "the control API (--control-remote) answers anyone who reaches it"
	}
	return fmt.Sprintf("listening on %s, beyond loopback, with no control token: %s. "+
		"Set --control-token (MXMOCK_CONTROL_TOKEN) and send it in %s.", addr, who, wire.TokenHeader)
}

// describe is the startup line's summary. The key shows at most its first two characters.
func describe(cfg mock.Config) string {
	key := "(redacted)"
	if len(cfg.APIKey) >= 8 {
		key = cfg.APIKey[:2] + "…(redacted)"
	}
	clients := make([]string, len(cfg.Clients))
	for i, c := range cfg.Clients {
		switch {
		case c.GUID != "" && c.ExternalGUID != "":
			clients[i] = c.GUID + "=" + c.ExternalGUID
		case c.GUID != "":
			clients[i] = c.GUID
		default:
			clients[i] = c.ExternalGUID
		}
	}
	control := mock.ControlPrefix + ", loopback only"
	if cfg.AllowRemoteControl {
		control = mock.ControlPrefix + ", remote callers allowed"
	}
	if cfg.ControlToken != "" {
		control += ", token required"
	}
	desc := fmt.Sprintf("api key: %s, clients: %s, %d seed accounts, control API: %s",
		key, strings.Join(clients, ","), len(cfg.Accounts), control)
	if len(cfg.Faults) > 0 {
		desc += ", start-up faults: " + describeFaults(cfg.Faults)
	}
	return desc
}

// positive is a flag.Value for a count that must be above zero and, when max is set, at most max.
type positive struct {
	n   *int64
	max int64
}

func (p positive) String() string {
	if p.n == nil {
		return "0"
	}
	return strconv.FormatInt(*p.n, 10)
}

func (p positive) Set(s string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	switch {
	case err != nil || n <= 0:
		return errors.New("must be a whole number above 0")
	case p.max > 0 && n > p.max:
		return fmt.Errorf("must be at most %d", p.max)
	}
	*p.n = n
	return nil
}
