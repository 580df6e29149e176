package client

import (
	"fmt"
	"net/http"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/scrub"
)

// Exchange is one request and its answer, redacted, as reports and failure messages show it. It
// holds enough of the request to send it again elsewhere (mxreport replays a live run's exchanges
// against mxmock): the route and its parameters, which key and client went, and the body.
type Exchange struct {
	Request     string `json:"request"` // "POST /user?c=CLT-1&k=REDACTED"
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`

	Route       string            `json:"route,omitempty"`  // the route key, e.g. user_read; empty for a request outside the table
	Params      map[string]string `json:"params,omitempty"` // the route's placeholders
	Key         string            `json:"key"`              // the k sent: KeyConfigured, KeyOther or KeyNone
	RequestType string            `json:"request_content_type,omitempty"`
	RequestBody string            `json:"request_body,omitempty"`
	// RequestBytes is the whole request body's length: more than RequestBody holds when it was cut.
	RequestBytes int `json:"request_bytes,omitempty"`
}

// What an Exchange's Key says of the k parameter sent.
const (
	KeyConfigured = "configured" // the configured API key
	KeyOther      = "other"      // another value, on purpose
	KeyNone       = "none"       // no k at all
)

// sent is what Do knows of a request that its answer does not carry; Exchange finds it in the
// request's context.
type sent struct {
	route  string
	params map[string]string
}

type sentKey struct{}

// MaxShownBody is how much of an answer's body an Exchange keeps: enough to read any answer of
// MX's, bounded whatever a host sends.
const MaxShownBody = 8 << 10

// Exchange describes a response and the request that caused it, secrets redacted and control
// characters escaped (Options.Redact), the body shortened to MaxShownBody.
func (c *Client) Exchange(resp *resty.Response) Exchange {
	return ExchangeOf(resp, c.opts.Redact, c.opts.APIKey)
}

// ExchangeOf is Exchange for a response of any client, redact applied to every text, apiKey the
// key that counts as the configured one.
func ExchangeOf(resp *resty.Response, redact func(string) string, apiKey string) Exchange {
	ex := Exchange{
		Request:     redact(requestLine(resp)),
		Status:      resp.StatusCode(),
		ContentType: scrub.Shorten(redact(resp.Header().Get("Content-Type")), 200),
		Body:        scrub.Shorten(redact(string(resp.Body())), MaxShownBody),
		Key:         KeyNone,
	}
	req := resp.Request
	if req == nil || req.RawRequest == nil {
		return ex
	}
	if s, ok := req.Context().Value(sentKey{}).(*sent); ok {
		ex.Route = s.route
		for k, v := range s.params {
			if ex.Params == nil {
				ex.Params = map[string]string{}
			}
			ex.Params[k] = scrub.Shorten(redact(v), 1<<10)
		}
	}
	if q := req.RawRequest.URL.Query(); q.Has("k") {
		ex.Key = KeyOther
		if apiKey != "" && q.Get("k") == apiKey {
			ex.Key = KeyConfigured
		}
	}
	ex.RequestType = scrub.Shorten(redact(req.RawRequest.Header.Get("Content-Type")), 200)
	if body, ok := req.Body.([]byte); ok {
		ex.RequestBytes = len(body)
		ex.RequestBody = scrub.Shorten(redact(string(body)), MaxShownBody)
	}
	return ex
}

// maxRenderedBody is how much of a body a failure message shows.
const maxRenderedBody = 2000

// String renders the exchange as every failure message shows an answer: the request, the status
// with its text, the Content-Type and the body (at most 2000 bytes of it).
func (ex Exchange) String() string {
	body := ex.Body
	if body == "" {
		body = "(empty)"
	}
	return fmt.Sprintf("%s\n%d %s\nContent-Type: %s\nbody: %s", ex.Request, ex.Status, http.StatusText(ex.Status),
		ex.ContentType, scrub.Shorten(body, maxRenderedBody))
}

// requestLine is "METHOD /path?query" as sent, the key in it: only ever shown through a redactor,
// whose k= rule hides the value whatever it is (a wrong key sent on purpose too).
func requestLine(resp *resty.Response) string {
	if resp == nil || resp.Request == nil || resp.Request.RawRequest == nil {
		return "(no request)"
	}
	u := resp.Request.RawRequest.URL
	if u.RawQuery == "" {
		return resp.Request.Method + " " + u.EscapedPath()
	}
	return resp.Request.Method + " " + u.EscapedPath() + "?" + u.RawQuery
}
