package client

import (
	"net/url"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/scrub"
)

// Exchange is one request and its answer, redacted, as reports and failure messages show it.
type Exchange struct {
	Request     string `json:"request"` // "POST /user?c=CLT-1&k=REDACTED"
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`
}

// MaxShownBody is how much of an answer's body an Exchange keeps: enough to read any answer of
// MX's, bounded whatever a host sends.
const MaxShownBody = 8 << 10

// Exchange describes a response and the request that caused it, secrets redacted and control
// characters escaped (Options.Redact), the body shortened to MaxShownBody.
func (c *Client) Exchange(resp *resty.Response) Exchange {
	return Exchange{
		Request:     c.opts.Redact(RequestLine(resp)),
		Status:      resp.StatusCode(),
		ContentType: scrub.Shorten(c.opts.Redact(resp.Header().Get("Content-Type")), 200),
		Body:        scrub.Shorten(c.opts.Redact(string(resp.Body())), MaxShownBody),
	}
}

// RequestLine is "METHOD /path?query" with the k parameter redacted whatever its value, so that
// even a wrong key sent on purpose never reaches a log.
func RequestLine(resp *resty.Response) string {
	if resp == nil || resp.Request == nil || resp.Request.RawRequest == nil {
		return "(no request)"
	}
	u := *resp.Request.RawRequest.URL
	q := u.Query()
	if q.Has("k") {
		q.Set("k", "REDACTED")
		u.RawQuery = q.Encode()
	}
	return resp.Request.Method + " " + requestURI(&u)
}

func requestURI(u *url.URL) string {
	if u.RawQuery == "" {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + u.RawQuery
}
