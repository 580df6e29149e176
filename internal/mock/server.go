package mock

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
)

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
	cfg.Faults = append([]Fault(nil), cfg.Faults...)
	for i, f := range cfg.Faults {
		if cfg.Faults[i], err = checkFault(f); err != nil {
			problems = append(problems, fmt.Errorf("fault %d: %w", i, err))
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
		store:   newStore(cfg.Accounts, cfg.MaxObjects, cfg.MaxAccounts),
		faults:  newFaultSet(cfg.MaxFaults),
		log:     newRequestLog(cfg.Log, cfg.APIKey),
		alarm:   newRequestLog(alarmWriter(cfg.Log), cfg.APIKey),
	}
	s.routes()
	s.ResetFaults(AllScopes) // the start-up faults
	return s, nil
}

// Config returns the configuration in use, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP answers every request that reaches it itself, in the envelope: no plain-text 404,
// 405 or redirect from ServeMux ever gets out (net/http's own answers to requests it cannot
// parse never reach it: see NewHTTPServer). A panic is answered 500 in the envelope (see
// recoverPanic), so even a mock embedded in someone else's server never takes a connection
// down with it.
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

// finish runs after every request: it turns a panic into an answer, then logs the request.
func (s *Server) finish(sw *statusWriter, r *http.Request, start time.Time) {
	v := recover() // a deferred call of its own, so recover sees the handler's panic
	abort := v != nil && s.recoverPanic(sw, r, v)
	if s.log != nil {
		s.log.write(r, sw.logged(), time.Since(start))
	}
	if abort {
		panic(http.ErrAbortHandler) // net/http closes the connection and logs nothing
	}
}

// recoverPanic answers a handler's panic with 500 {"error":"mxmock internal error: ..."} and
// logs it with its stack. It reports whether the connection must be cut instead: when the
// answer had already begun, or when the handler aborted on purpose.
func (s *Server) recoverPanic(sw *statusWriter, r *http.Request, v any) (abort bool) {
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		return true
	}
	s.panics.Add(1)
	s.alarm.panicked(r, v, debug.Stack())
	if sw.code != 0 {
		return true // half an answer is out: only a cut connection tells the client
	}
	writeError(sw, http.StatusInternalServerError, fmt.Sprintf("mxmock internal error: %v", v))
	return false
}

// alarmWriter is where recovered panics go: a bug must be seen even with the request log off.
func alarmWriter(log io.Writer) io.Writer {
	if log != nil {
		return log
	}
	return os.Stderr
}
