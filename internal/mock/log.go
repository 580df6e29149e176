package mock

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/mxcontract/mxcontract/internal/scrub"
)

// requestLog writes one line per request. The API key never appears: the k parameter's value
// is replaced, and so is any other occurrence of the configured key, however it is
// percent-encoded (in a path, say).
type requestLog struct {
	mu       sync.Mutex // whole lines, even from concurrent requests
	w        io.Writer
	redactor *scrub.Redactor
}

func newRequestLog(w io.Writer, apiKey string) *requestLog {
	if w == nil {
		return nil
	}
	return &requestLog{w: w, redactor: scrub.New(apiKey)}
}

// write logs a request; status is a code, or what a fault did to the connection (see logAs).
func (l *requestLog) write(r *http.Request, status string, d time.Duration) {
	l.line(fmt.Sprintf("mxmock: %s %s %s %s\n", r.Method, l.target(r), status, d.Round(time.Microsecond)))
}

// panicked logs a recovered panic with the stack that raised it.
func (l *requestLog) panicked(r *http.Request, v any, stack []byte) {
	l.line(fmt.Sprintf("mxmock: panic serving %s %s: %v\n%s", r.Method, l.target(r), v, stack))
}

// target is the request's path and query with the key redacted.
func (l *requestLog) target(r *http.Request) string {
	target := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return l.redactor.Text(target)
}

// line writes s in one piece, so concurrent requests never interleave their lines.
func (l *requestLog) line(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, s)
}

// statusWriter remembers the status a handler sent, for the log.
type statusWriter struct {
	http.ResponseWriter
	code int
	note string // what a transport fault did instead of (or after) the status
}

func (sw *statusWriter) WriteHeader(code int) {
	if sw.code == 0 {
		sw.code = code
	}
	sw.ResponseWriter.WriteHeader(code)
}

func (sw *statusWriter) Write(b []byte) (int, error) {
	if sw.code == 0 {
		sw.code = http.StatusOK
	}
	return sw.ResponseWriter.Write(b)
}

func (sw *statusWriter) status() int {
	if sw.code == 0 {
		return http.StatusOK
	}
	return sw.code
}

// logged is the log's status column: the code, a fault's word ("reset"), or both ("200-truncated").
func (sw *statusWriter) logged() string {
	switch {
	case sw.note == "":
		return strconv.Itoa(sw.status())
	case sw.code == 0:
		return sw.note
	}
	return strconv.Itoa(sw.code) + "-" + sw.note
}

// Unwrap lets http.ResponseController reach the real writer.
func (sw *statusWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }
