package mock

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"time"
)

// DefaultMaxHeaderBytes bounds the request line plus headers. net/http allows 4 KiB more than
// this before it answers its own plain-text 431, which the mock cannot wrap (see NewHTTPServer).
const DefaultMaxHeaderBytes = 64 << 10

// MaxMaxHeaderBytes is the largest MaxHeaderBytes allowed: net/http adds its slack to the
// limit, and a value near the top of int64 would overflow into a negative one.
const MaxMaxHeaderBytes = 1 << 30

// Timeouts for a zero Config. Generous for tests, short enough that a client which stops
// sending (slowloris) cannot hold a connection for long.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	writeAfterRead           = 30 * time.Second // WriteTimeout = ReadTimeout + this
	defaultIdleTimeout       = 2 * time.Minute
)

// withDefaults fills every zero field that has a default.
func (c Config) withDefaults() Config {
	if c.APIKey == "" {
		c.APIKey = DefaultAPIKey
	}
	if len(c.Clients) == 0 {
		c.Clients = []Client{{GUID: DefaultClientGUID}}
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxObjects == 0 {
		c.MaxObjects = DefaultMaxObjects
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = defaultReadTimeout
	}
	if c.ReadHeaderTimeout == 0 && c.ReadTimeout > 0 {
		// net/http's header deadline replaces the whole-request one while headers are read,
		// so a longer header timeout would quietly lift ReadTimeout.
		c.ReadHeaderTimeout = min(defaultReadHeaderTimeout, c.ReadTimeout)
	}
	if c.WriteTimeout == 0 && c.ReadTimeout > 0 {
		// Its clock starts once the headers are in: a body that takes all of ReadTimeout must
		// still leave time to answer (408 or otherwise).
		c.WriteTimeout = c.ReadTimeout + writeAfterRead
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = defaultIdleTimeout
	}
	return c
}

// limitProblems lists the sizes and durations that are negative.
func (c Config) limitProblems() []error {
	var problems []error
	for _, l := range []struct {
		name string
		n    int64
	}{
		{"MaxBodyBytes", c.MaxBodyBytes}, {"MaxObjects", int64(c.MaxObjects)},
		{"MaxHeaderBytes", int64(c.MaxHeaderBytes)},
	} {
		if l.n < 0 {
			problems = append(problems, fmt.Errorf("%s must be positive, got %d", l.name, l.n))
		}
	}
	if c.MaxHeaderBytes > MaxMaxHeaderBytes {
		problems = append(problems, fmt.Errorf("MaxHeaderBytes must be at most %d, got %d", MaxMaxHeaderBytes, c.MaxHeaderBytes))
	}
	for _, l := range []struct {
		name string
		d    time.Duration
	}{
		{"ReadHeaderTimeout", c.ReadHeaderTimeout}, {"ReadTimeout", c.ReadTimeout},
		{"WriteTimeout", c.WriteTimeout}, {"IdleTimeout", c.IdleTimeout},
	} {
		if l.d < 0 {
			problems = append(problems, fmt.Errorf("%s must be positive, got %s", l.name, l.d))
		}
	}
	return problems
}

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
