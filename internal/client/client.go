// Package client calls the MX SSO API v2 routes with resty: it adds the k and c query parameters,
// takes its paths from the configured route table, and never retries or follows redirects, since
// either would hide the status under test.
package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/scrub"
)

// omitContentType is an internal marker: resty guesses a Content-Type for every body, and G2 needs a
// POST that has none, so the hook just before sending removes both.
const omitContentType = "X-Mxcontract-Omit-Content-Type"

// Options are what the client needs from the configuration.
type Options struct {
	BaseURL    string
	APIKey     string
	ClientGUID string
	Routes     map[string]config.Route
	Timeout    time.Duration       // the whole request, its answer's body included
	MaxBody    int64               // the longest answer body read; longer fails the request (0: 4 MiB)
	CAFile     string              // extra roots for TLS, e.g. a corporate proxy's CA
	Scope      string              // sent as mxmock's scope header when set (mock targets only)
	Redact     func(string) string // applied to every text that leaves the client: secrets, controls
	Learn      func(body []byte)   // shown every answer's body first, to learn the secrets it carries
	Observe    func(Exchange)      // called after every exchange, e.g. to attach it to the spec's report
}

// Client calls one target.
type Client struct {
	opts Options
	rc   *resty.Client
}

// New builds a client; TLS below 1.2 is refused, as MX requires.
func New(opts Options) (*Client, error) {
	if opts.Redact == nil { // safe by default: the key and any k= value never leave the client
		opts.Redact = scrub.New(opts.APIKey).Text
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.CAFile != "" {
		pem, err := os.ReadFile(opts.CAFile)
		if err != nil {
			return nil, fmt.Errorf("ca_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_file %s: no PEM certificate in it", opts.CAFile)
		}
		tlsConfig.RootCAs = pool
	}
	// No keep-alive: Go's transport silently replays a GET on a fresh connection when a reused one
	// breaks before the answer, and that retry would hide a reset or a garbage answer under test.
	transport := &http.Transport{Proxy: http.ProxyFromEnvironment, TLSClientConfig: tlsConfig, DisableKeepAlives: true,
		MaxResponseHeaderBytes: maxHeaderBytes}
	if opts.MaxBody <= 0 {
		opts.MaxBody = defaultMaxBody
	}
	rc := resty.New().
		SetTransport(counting{transport}).
		SetBaseURL(opts.BaseURL).
		SetTimeout(opts.Timeout).
		SetRetryCount(0).
		SetResponseBodyLimit(int(opts.MaxBody)).
		SetRedirectPolicy(resty.NoRedirectPolicy()).
		SetLogger(quietLogger{}).
		SetPreRequestHook(func(_ *resty.Client, r *http.Request) error {
			if r.Header.Get(omitContentType) != "" {
				r.Header.Del(omitContentType)
				r.Header.Del("Content-Type")
			}
			return nil
		})
	if opts.Scope != "" {
		rc.SetHeader(wire.ScopeHeader, opts.Scope)
	}
	return &Client{opts: opts, rc: rc}, nil
}

// Request is one call. Route names an entry of the route table; Method and Path make a request
// outside it (a wrong URL, an unsupported method).
type Request struct {
	Route           string
	Params          map[string]string // path placeholders: id, member_id, account_id
	Method, Path    string
	Body            any    // JSON-encoded; []byte and string are sent as they are
	ContentType     string // default application/json when there is a body
	OmitContentType bool
	Client          string     // the c parameter, when not the configured client guid
	Query           url.Values // replaces k and c entirely: for requests that break auth on purpose
	Header          http.Header
}

// Do sends the request. An error means no whole HTTP answer came back (timeout, refused, reset,
// not HTTP, a body cut short or too long); its text is the request line and the cause in words.
// With an error, resp is not nil when the status line came (see Answered).
func (c *Client) Do(ctx context.Context, req Request) (*resty.Response, error) {
	method, path := req.Method, req.Path
	if req.Route != "" {
		route, ok := c.opts.Routes[req.Route]
		if !ok {
			return nil, fmt.Errorf("no route %q in the route table", req.Route)
		}
		method, path = route.Method, route.Path
	}
	came := &counter{}
	ctx = context.WithValue(context.WithValue(ctx, counterKey{}, came), sentKey{}, &sent{route: req.Route, params: req.Params})
	r := c.rc.R().SetContext(ctx).SetPathParams(req.Params).SetQueryParamsFromValues(c.query(req))
	for name, values := range req.Header {
		for _, v := range values {
			r.Header.Add(name, v)
		}
	}
	if req.Body != nil {
		body, err := encode(req.Body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encoding the body: %v", method, path, err)
		}
		r.SetBody(body)
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		r.SetHeader("Content-Type", ct)
	}
	if req.OmitContentType {
		r.SetHeader(omitContentType, "1")
	}
	resp, err := r.Execute(method, path)
	if c.opts.Learn != nil && resp != nil {
		c.opts.Learn(resp.Body())
	}
	if err != nil {
		cause := Cause(err, c.opts.Timeout)
		if resp != nil && resp.RawResponse != nil { // the status came; the body did not, whole
			cause = bodyCause(resp, came.n.Load(), err, c.opts.Timeout, c.opts.MaxBody)
		}
		return resp, &noAnswer{text: c.opts.Redact(fmt.Sprintf("%s %s: %s", method, path, cause)), err: err}
	}
	if c.opts.Observe != nil {
		c.opts.Observe(c.Exchange(resp))
	}
	return resp, nil
}

// Answered reports whether a status line came back, even if the whole answer did not: the target
// is there and speaks HTTP.
func Answered(resp *resty.Response) bool { return resp != nil && resp.RawResponse != nil }

func (c *Client) query(req Request) url.Values {
	if req.Query != nil {
		return req.Query
	}
	client := c.opts.ClientGUID
	if req.Client != "" {
		client = req.Client
	}
	return url.Values{"k": {c.opts.APIKey}, "c": {client}}
}

// encode sends strings and bytes as they are (malformed bodies on purpose) and JSON-encodes the
// rest, whatever the Content-Type: resty would refuse a map under text/plain.
func encode(body any) ([]byte, error) {
	switch b := body.(type) {
	case []byte:
		return b, nil
	case string:
		return []byte(b), nil
	default:
		return json.Marshal(b)
	}
}

// Bounds on what a host may send: MX's answers are a few kB.
const (
	defaultMaxBody = 4 << 20
	maxHeaderBytes = 1 << 20
)

// counting counts the bytes of every answer's body into the counter its request's context
// carries, so that a failure can say how much of it came: resty keeps none of a body it stopped
// reading.
type counting struct{ http.RoundTripper }

// counter is how many bytes of an answer's body came.
type counter struct{ n atomic.Int64 }

type counterKey struct{}

func (t counting) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.RoundTripper.RoundTrip(r)
	if c, ok := r.Context().Value(counterKey{}).(*counter); ok && resp != nil && resp.Body != nil {
		resp.Body = &countedBody{ReadCloser: resp.Body, c: c}
	}
	return resp, err
}

// countedBody counts the bytes read from it.
type countedBody struct {
	io.ReadCloser
	c *counter
}

func (b *countedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.c.n.Add(int64(n))
	return n, err
}

// quietLogger keeps resty from printing requests, and so the key, on its own.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
