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
}

// New checks cfg, fills its defaults and builds a mock with an empty store.
func New(cfg Config) (*Server, error) {
	if cfg.APIKey == "" {
		cfg.APIKey = DefaultAPIKey
	}
	if len(cfg.Clients) == 0 {
		cfg.Clients = []Client{{GUID: DefaultClientGUID}}
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxObjects == 0 {
		cfg.MaxObjects = DefaultMaxObjects
	}
	var problems []error
	if cfg.MaxBodyBytes < 0 {
		problems = append(problems, fmt.Errorf("MaxBodyBytes must be positive, got %d", cfg.MaxBodyBytes))
	}
	if cfg.MaxObjects < 0 {
		problems = append(problems, fmt.Errorf("MaxObjects must be positive, got %d", cfg.MaxObjects))
	}
	clients, byID, err := indexClients(cfg.Clients)
	if err != nil {
		problems = append(problems, err)
	}
	for i, a := range cfg.Accounts {
		if err := checkAccount(a); err != nil {
			problems = append(problems, fmt.Errorf("account %d: %w", i, err))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("mock: bad config: %w", errors.Join(problems...))
	}
	cfg.Accounts = append([]Account(nil), cfg.Accounts...)
	s := &Server{
		cfg:     cfg,
		clients: clients,
		byID:    byID,
		store:   newStore(cfg.Accounts, cfg.MaxObjects),
		faults:  &faultSet{},
		log:     newRequestLog(cfg.Log, cfg.APIKey),
	}
	s.routes()
	return s, nil
}

// Config returns the configuration in use, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP answers every request itself: no plain-text answer from net/http ever gets out.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.log != nil {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() { s.log.write(r, sw.status(), time.Since(start)) }()
		w = sw
	}
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
		srv:    NewHTTPServer(s),
		done:   make(chan error, 1),
	}
	go func() { rn.done <- rn.srv.Serve(ln) }()
	return rn, nil
}

// Close shuts the server down gracefully, waiting up to 5s for requests in flight. Calling it
// again returns the first call's result.
func (rn *Running) Close() error {
	rn.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rn.err = rn.srv.Shutdown(ctx)
		if serr := <-rn.done; !errors.Is(serr, http.ErrServerClosed) && rn.err == nil {
			rn.err = serr
		}
	})
	return rn.err
}

// NewHTTPServer wraps h in an http.Server set up the way mxmock serves: OPTIONS * reaches the
// mock (so it answers 404 like any unknown route) and slow clients cannot hold headers open.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:                      h,
		ReadHeaderTimeout:            10 * time.Second,
		IdleTimeout:                  2 * time.Minute,
		DisableGeneralOptionsHandler: true,
	}
}
