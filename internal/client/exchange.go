package client

import (
	"net/url"

	"github.com/go-resty/resty/v2"
)

// Exchange is one request and its answer, redacted, as reports and failure messages show it.
type Exchange struct {
	Request     string `json:"request"` // "POST /user?c=CLT-1&k=REDACTED"
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`
}

// Exchange describes a response and the request that caused it, with the key redacted.
func (c *Client) Exchange(resp *resty.Response) Exchange {
	return Exchange{
		Request:     c.opts.Redact(RequestLine(resp)),
		Status:      resp.StatusCode(),
		ContentType: resp.Header().Get("Content-Type"),
		Body:        c.opts.Redact(string(resp.Body())),
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
