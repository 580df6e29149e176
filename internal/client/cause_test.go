package client_test

import (
	"context"
	"errors"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/mock"
)

// Each way a target can misbehave comes back from Do as an error that says, in words and with
// the request line, what happened; never with the key, never as a wrapped net/url error.
func TestEveryTransportFaultIsWorded(t *testing.T) {
	const timeout = 300 * time.Millisecond
	for _, tt := range []struct {
		fault mock.Fault
		want  string // a regular expression for the whole error text
	}{
		{mock.Fault{Kind: "connection_reset"}, `^GET /user/\{id\}: connection reset by the server$`},
		{mock.Fault{Kind: "empty_reply"}, `^GET /user/\{id\}: the server closed the connection without a complete answer$`},
		{mock.Fault{Kind: "garbage"}, `^GET /user/\{id\}: the answer was not HTTP: malformed HTTP response "MXMOCK-GARBAGE\\x00\\x01\\x02\\xfe\\xff-not-an-HTTP-answer"$`},
		{mock.Fault{Kind: "truncated_body"}, `^GET /user/\{id\}: the answer's body was cut short: status 400, 19 of the 39 bytes its Content-Length promised came, then the connection closed$`},
		{mock.Fault{Kind: "slow_body", DelayMS: 200}, `^GET /user/\{id\}: timeout after 300ms: the target sent status 400 and was still sending its body \(MX_TIMEOUT\): (0|16) of the 39 bytes its Content-Length promised came$`},
		{mock.Fault{Kind: "delay", DelayMS: 1000}, `^GET /user/\{id\}: timeout after 300ms: the target did not answer in time \(MX_TIMEOUT\)$`},
	} {
		t.Run(tt.fault.Kind, func(t *testing.T) {
			m, err := mock.Start(mock.Config{APIKey: "the-key", Clients: []mock.Client{{GUID: "CLT-1"}}, Faults: []mock.Fault{tt.fault}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			c := newClient(t, m.URL, func(o *client.Options) {
				o.Timeout = timeout
				o.Redact = scrub.New("the-key").Redact
			})
			start := time.Now()
			resp, err := c.Do(context.Background(), client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": "x"}})
			took := time.Since(start)
			if err == nil {
				t.Fatalf("no error: %d %s", resp.StatusCode(), resp.Body())
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) || strings.Contains(err.Error(), "the-key") {
				t.Errorf("error text:\n %s\nwant\n %s", err, tt.want)
			}
			if took > timeout+time.Second {
				t.Errorf("took %s with a %s timeout", took, timeout)
			}
			if got := client.Cause(err, timeout); got != err.Error() {
				t.Errorf("Cause changed Do's error: %q", got)
			}
			t.Logf("%s: %s after %s", tt.fault.Kind, err, took.Round(time.Millisecond))
		})
	}
}

// Do's error still unwraps to the transport's, for callers that test for a kind of failure.
func TestDoErrorsUnwrap(t *testing.T) {
	m, err := mock.Start(mock.Config{APIKey: "the-key", Clients: []mock.Client{{GUID: "CLT-1"}}, Faults: []mock.Fault{{Kind: "connection_reset"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	c := newClient(t, m.URL, nil)
	if _, err := c.Do(context.Background(), client.Request{Route: config.RouteUserCreate, Body: map[string]any{}}); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("%v does not unwrap to ECONNRESET", err)
	}
}
