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
)

// Cause says in words why no HTTP answer came back, so a failure reads "timeout after 2s on
// POST /user" instead of a wrapped net/url error.
func Cause(err error, timeout time.Duration) string {
	var urlErr *url.Error
	errors.As(err, &urlErr)
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
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without a complete answer"
	case strings.Contains(err.Error(), "malformed HTTP"), strings.Contains(err.Error(), "HTTP/1.x transport connection broken"):
		return "the answer was not HTTP: " + innermost(err)
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return "TLS failed: " + innermost(err)
	case errors.As(err, new(*net.DNSError)):
		return "the target's host name does not resolve: " + innermost(err)
	}
	return innermost(err)
}

// innermost drops the "Get \"http://...?k=...\":" prefixes of url.Error, which would carry the
// key, and keeps what actually went wrong.
func innermost(err error) string {
	for {
		var u *url.Error
		if !errors.As(err, &u) {
			return err.Error()
		}
		err = u.Err
	}
}
