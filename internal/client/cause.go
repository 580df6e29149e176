package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/go-resty/resty/v2"
)

// Cause says in words why no HTTP answer came back, so a failure reads "timeout after 2s on
// POST /user" instead of a wrapped net/url error. An error from Do is already worded, request
// line included, and comes back as it is.
func Cause(err error, timeout time.Duration) string {
	if na, ok := errors.AsType[*noAnswer](err); ok {
		return na.text
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("timeout after %s: the target did not answer in time (MX_TIMEOUT)", timeout)
	case errors.Is(err, context.Canceled):
		return "the run was interrupted"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens at the target address"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, syscall.EPIPE):
		return "the server closed the connection while the request was being sent"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without a complete answer"
	case strings.Contains(err.Error(), "malformed HTTP"):
		return "the answer was not HTTP: " + innermost(err)
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return "TLS failed: " + innermost(err)
	case errors.As(err, new(*net.DNSError)):
		return "the target's host name does not resolve: " + innermost(err)
	}
	return innermost(err)
}

// bodyCause words an answer whose status and headers came but whose body did not, whole: a
// body over the limit, cut short, or still arriving when the timeout ran out.
func bodyCause(resp *resty.Response, got int64, err error, timeout time.Duration, maxBody int64) string {
	status := resp.StatusCode()
	came := fmt.Sprintf("%d bytes of a body of unknown length came", got)
	if n := resp.RawResponse.ContentLength; n >= 0 {
		came = fmt.Sprintf("%d of the %d bytes its Content-Length promised came", got, n)
	}
	var netErr net.Error
	switch {
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		length := "it announced no length"
		if n := resp.RawResponse.ContentLength; n >= 0 {
			length = fmt.Sprintf("its Content-Length says %d bytes", n)
		}
		return fmt.Sprintf("the answer's body is over %s (max_body, MX_MAX_BODY): status %d, %s; the rest was not read",
			size(maxBody), status, length)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("timeout after %s: the target sent status %d and was still sending its body (MX_TIMEOUT): %s",
			timeout, status, came)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Sprintf("the answer's body was cut short: status %d, %s, then the connection was reset", status, came)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("the answer's body was cut short: status %d, %s, then the connection closed", status, came)
	}
	return fmt.Sprintf("reading the body of a status %d answer: %s", status, Cause(err, timeout))
}

// size writes a byte count as people read it: 4 MiB.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// noAnswer is Do's error when no whole HTTP answer came back: the request line (key redacted)
// and the cause in words. It unwraps to the transport's error, for errors.Is.
type noAnswer struct {
	text string
	err  error
}

func (e *noAnswer) Error() string { return e.text }
func (e *noAnswer) Unwrap() error { return e.err }

// innermost drops the "Get \"http://...?k=...\":" prefixes of url.Error, which would carry the
// key, and net/http's own wrapping, and keeps what actually went wrong.
func innermost(err error) string {
	for {
		var u *url.Error
		if !errors.As(err, &u) {
			return strings.TrimPrefix(err.Error(), "net/http: HTTP/1.x transport connection broken: ")
		}
		err = u.Err
	}
}
