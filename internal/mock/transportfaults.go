package mock

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The transport faults: MX slow, or breaking the connection instead of answering. Each one that
// takes the connection over logs a word where the status would be (see logAs).

// garbageReply is what the garbage fault sends: a first line without a space, so Go's client
// shows it whole ("malformed HTTP response ...") rather than one field of it.
const garbageReply = "MXMOCK-GARBAGE\x00\x01\x02\xfe\xff-not-an-HTTP-answer\r\n\r\n"

// slowPiece is how many bytes of the body slow_body sends after each pause.
const slowPiece = 16

// delayAnswer waits, then lets the request go on. A client that gives up first gets nothing,
// and the wait ends with it, so a slow client never holds a goroutine past its own timeout.
// The server's write deadline moves with the wait: the answer still has all of WriteTimeout
// once the wait is over, so a delay longer than WriteTimeout is answered, not cut.
func delayAnswer(s *Server, w http.ResponseWriter, r *http.Request, f Fault, next http.HandlerFunc) {
	d := wait(f)
	s.extendWrite(w, d)
	if !pause(r.Context(), d) {
		logAs(w, "client-gone")
		return
	}
	next(w, r)
}

// resetConnection closes the connection with SO_LINGER 0, so the client reads ECONNRESET
// before any byte of an answer.
func resetConnection(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ http.HandlerFunc) {
	logAs(w, "reset")
	conn := hijack(w)
	if tc, ok := tcpConn(conn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// closeConnection reads the request and closes the connection without a byte of answer.
func closeConnection(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ http.HandlerFunc) {
	logAs(w, "empty-reply")
	_ = hijack(w).Close()
}

// writeGarbage answers bytes that are not HTTP, then closes the connection.
func writeGarbage(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ http.HandlerFunc) {
	logAs(w, "garbage")
	conn := hijack(w)
	_, _ = io.WriteString(conn, garbageReply)
	_ = conn.Close()
}

// truncateBody sends the route's answer with its full Content-Length but only the first half of
// its body, then cuts the connection. An answer without a body (a 204) goes out as a 200 that
// promises one byte and sends none: there must be something to cut short.
func truncateBody(_ *Server, w http.ResponseWriter, r *http.Request, _ Fault, next http.HandlerFunc) {
	status, body := capture(w, r, next)
	promised := len(body)
	if promised == 0 || !bodyAllowed(status) {
		status, promised = http.StatusOK, max(promised, 1)
	}
	w.Header().Set("Content-Length", strconv.Itoa(promised))
	w.WriteHeader(status)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush()
	logAs(w, "truncated")
	panic(http.ErrAbortHandler) // net/http closes the connection, short of what was promised
}

// dribbleBody sends the route's status and headers at once, then its body slowPiece bytes at
// a time, each after a pause; it stops when the client goes. Like a delay, each pause moves
// the write deadline, so a long dribble is never cut by WriteTimeout.
func dribbleBody(s *Server, w http.ResponseWriter, r *http.Request, f Fault, next http.HandlerFunc) {
	status, body := capture(w, r, next)
	if bodyAllowed(status) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	for len(body) > 0 {
		d := wait(f)
		s.extendWrite(w, d)
		if !pause(r.Context(), d) {
			logAs(w, "client-gone")
			return // net/http closes a connection whose answer fell short of its Content-Length
		}
		n := min(len(body), slowPiece)
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		_ = rc.Flush()
		body = body[n:]
	}
}

// extendWrite gives the answer d more than the server's WriteTimeout from now. Where the
// writer cannot move its deadline (HTTP/2 through a proxy, a test recorder) nothing changes.
func (s *Server) extendWrite(w http.ResponseWriter, d time.Duration) {
	if s.cfg.WriteTimeout > 0 {
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d + s.cfg.WriteTimeout))
	}
}

// wait is one firing's pause: delay_ms, or a random draw in [delay_ms, delay_max_ms].
func wait(f Fault) time.Duration {
	ms := f.DelayMS
	if f.DelayMaxMS > f.DelayMS {
		ms += rand.IntN(f.DelayMaxMS - f.DelayMS + 1)
	}
	return time.Duration(ms) * time.Millisecond
}

// pause waits d, or less if ctx ends first; it reports whether the whole wait passed.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// spool reads the request body ahead, at most MaxBodyBytes+1 (no route reads more), and puts it
// back in front of what is left. Once the body is read, net/http watches the connection, so a
// client that leaves cancels r.Context(); and a connection closed with unread bytes would
// reach the client as a reset, not the orderly close empty_reply and garbage promise.
func (s *Server) spool(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	if _, done := r.Body.(spooled); done {
		return
	}
	data, _ := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxBodyBytes+1)) // an error comes back on the next read
	r.Body = spooled{Reader: io.MultiReader(bytes.NewReader(data), r.Body), Closer: r.Body}
}

type spooled struct {
	io.Reader
	io.Closer
}

// hijack takes the connection over through the log's wrapper. Where net/http cannot give it
// (HTTP/2, a test recorder) the handler aborts instead, which cuts the connection or stream.
func hijack(w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	return conn
}

func tcpConn(c net.Conn) (*net.TCPConn, bool) {
	if nc, ok := c.(interface{ NetConn() net.Conn }); ok { // TLS
		c = nc.NetConn()
	}
	tc, ok := c.(*net.TCPConn)
	return tc, ok
}

// capture runs the rest of the request into memory and copies its headers to w: the faults
// that mangle an answer need it whole first. It returns the status and the body.
func capture(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) (int, []byte) {
	rec := &recorder{header: http.Header{}}
	next(rec, r)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	return rec.code, rec.body.Bytes()
}

// recorder is an http.ResponseWriter that keeps the answer in memory.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (rc *recorder) Header() http.Header { return rc.header }

func (rc *recorder) WriteHeader(code int) {
	if rc.code == 0 {
		rc.code = code
	}
}

func (rc *recorder) Write(b []byte) (int, error) {
	rc.WriteHeader(http.StatusOK)
	return rc.body.Write(b)
}

// bodyAllowed is false for the statuses that never carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// logAs makes the request log show what a fault did to the connection, instead of a status
// the client never saw complete.
func logAs(w http.ResponseWriter, what string) {
	for {
		switch x := w.(type) {
		case *statusWriter:
			x.note = what
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}
