package mock

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for a zero Config, as docs/interfaces.md fixes them.
const (
	DefaultAPIKey       = "mxmock-api-key"
	DefaultClientGUID   = "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184"
	DefaultMaxBodyBytes = 1 << 20
	DefaultMaxObjects   = 100000
	// ControlPrefix is where the control API lives, outside MX's routes.
	ControlPrefix = "/_mxmock"
)

// Client is one client of the accessor, known by its MX guid, its external guid, or both.
type Client struct{ GUID, ExternalGUID string }

// Account is a feed account; Client "" means any client. Member is a member's MX guid or
// external guid, as the feed names it.
type Account struct{ Client, Member, AccountID string }

// Config sets up a mock; the zero value is usable.
type Config struct {
	APIKey             string    // default "mxmock-api-key"
	Clients            []Client  // default: one client, DefaultClientGUID
	Accounts           []Account // seed feed accounts
	ControlToken       string    // "" = no token asked (loopback still enforced)
	AllowRemoteControl bool      // false = control API answers 403 to non-loopback callers
	MaxBodyBytes       int64     // default 1 MiB
	MaxObjects         int       // users+members; default 100000
	Log                io.Writer // request log, one line per request, k redacted; nil = none
	// Faults are active from the start, as if POSTed to /_mxmock/faults in this order, and
	// come back after a reset: a mock started slow or flaky stays so.
	Faults []Fault

	// The limits below are the http.Server's (NewHTTPServer, Start); a zero value means the default.

	MaxHeaderBytes    int           // request line + headers; default 64 KiB; above: net/http's plain 431
	ReadHeaderTimeout time.Duration // request line + headers; default 10s (ReadTimeout if shorter)
	ReadTimeout       time.Duration // the whole request, body included; default 30s
	WriteTimeout      time.Duration // from the end of the headers to the end of the answer; default ReadTimeout+30s
	IdleTimeout       time.Duration // a keep-alive connection waiting for its next request; default 2m
}

// Server is the mock; it is an http.Handler and safe for concurrent use.
type Server struct {
	cfg     Config
	clients []*clientInfo          // in Config order
	byID    map[string]*clientInfo // client guid or external guid -> client
	store   *store
	faults  *faultSet
	mux     *http.ServeMux
	log     *requestLog
	alarm   *requestLog  // recovered panics: the request log, or stderr when there is none
	panics  atomic.Int64 // recovered panics, for tests: any at all is a bug in the mock
}

// New checks cfg, fills its defaults and builds a mock with an empty store.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	problems := cfg.limitProblems()
	clients, byID, err := indexClients(cfg.Clients)
	if err != nil {
		problems = append(problems, err)
	}
	for i, a := range cfg.Accounts {
		if err := checkAccount(a); err != nil {
			problems = append(problems, fmt.Errorf("account %d: %w", i, err))
		}
	}
	for i, f := range cfg.Faults {
		if _, err := checkFault(f); err != nil {
			problems = append(problems, fmt.Errorf("fault %d: %w", i, err))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("mock: bad config: %w", errors.Join(problems...))
	}
	cfg.Accounts = append([]Account(nil), cfg.Accounts...)
	cfg.Faults = append([]Fault(nil), cfg.Faults...)
	s := &Server{
		cfg:     cfg,
		clients: clients,
		byID:    byID,
		store:   newStore(cfg.Accounts, cfg.MaxObjects),
		faults:  &faultSet{},
		log:     newRequestLog(cfg.Log, cfg.APIKey),
		alarm:   newRequestLog(alarmWriter(cfg.Log), cfg.APIKey),
	}
	s.routes()
	s.addStartupFaults()
	return s, nil
}

// Config returns the configuration in use, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP answers every request that reaches it itself, in the envelope: no plain-text 404,
// 405 or redirect from ServeMux ever gets out (net/http's own answers to requests it cannot
// parse never reach it: see NewHTTPServer). A panic is answered 500 in the envelope (see recoverPanic), so even a mock embedded in
// someone else's server never takes a connection down with it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	var start time.Time
	if s.log != nil {
		start = time.Now()
	}
	defer s.finish(sw, r, start)
	w = sw
	// ServeMux redirects unclean paths (//user, /a/../user); MX would not, so answer 404 here.
	if p := r.URL.EscapedPath(); cleanPath(p) != p {
		if isControlPath(p) {
			s.control(s.handleControlNotFound)(w, r)
		} else {
			s.faulted(s.handleNotFound)(w, r)
		}
		return
	}
	s.mux.ServeHTTP(w, r)
}

func isControlPath(p string) bool {
	return p == ControlPrefix || strings.HasPrefix(p, ControlPrefix+"/")
}

// Running is a mock serving on loopback; Close stops it.
type Running struct {
	URL    string // e.g. http://127.0.0.1:41234, no trailing slash
	Server *Server
	srv    *http.Server
	done   chan error
	once   sync.Once
	err    error
	active atomic.Int64 // requests in flight, for Close
	stop   context.CancelFunc
}

// Start builds a mock and serves it on 127.0.0.1 on a free port.
func Start(cfg Config) (*Running, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("mock: listen: %w", err)
	}
	rn := &Running{
		URL:    "http://" + ln.Addr().String(),
		Server: s,
		done:   make(chan error, 1),
	}
	rn.srv = NewHTTPServer(s)
	// Close ends the requests a delay or slow_body fault holds, instead of waiting them out.
	base, stop := context.WithCancel(context.Background())
	rn.srv.BaseContext, rn.stop = func(net.Listener) context.Context { return base }, stop
	rn.srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rn.active.Add(1)
		defer rn.active.Add(-1)
		s.ServeHTTP(w, r)
	})
	go func() { rn.done <- rn.srv.Serve(ln) }()
	return rn, nil
}

// Close waits up to 5s for requests in flight (those held by a fault's wait end at once), then
// closes every connection. It does not use http.Server.Shutdown: that also waits for connections
// a client opened but never used (Go's transport dials spares), polling up to 500ms at a time,
// which made every suite run 0.5s longer. Calling it again returns the first call's result.
func (rn *Running) Close() error {
	rn.once.Do(func() {
		rn.stop()
		for deadline := time.Now().Add(5 * time.Second); rn.active.Load() > 0 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		rn.err = rn.srv.Close()
		if serr := <-rn.done; !errors.Is(serr, http.ErrServerClosed) && rn.err == nil {
			rn.err = serr
		}
	})
	return rn.err
}
