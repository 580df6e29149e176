package mock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// NewHTTPServer wraps h in an http.Server set up the way mxmock serves: OPTIONS * reaches the
// mock (so it answers 404 like any unknown route), headers are bounded and slow clients are
// cut off. The limits are h's Config when h is a *Server, the defaults otherwise.
//
// net/http answers a few requests itself, in plain text, before any handler runs: a header
// over MaxHeaderBytes (431), a request it cannot parse or without a Host (400), an Expect
// other than 100-continue (417), an unknown transfer coding (501), an HTTP version other
// than 1.x (505). Those are the only answers that do not carry the envelope.
func NewHTTPServer(h http.Handler) *http.Server {
	cfg := Config{}.withDefaults()
	if s, ok := h.(*Server); ok {
		cfg = s.cfg
	}
	return &http.Server{
		Handler:                      h,
		MaxHeaderBytes:               cfg.MaxHeaderBytes,
		ReadHeaderTimeout:            cfg.ReadHeaderTimeout,
		ReadTimeout:                  cfg.ReadTimeout,
		WriteTimeout:                 cfg.WriteTimeout,
		IdleTimeout:                  cfg.IdleTimeout,
		DisableGeneralOptionsHandler: true,
	}
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
