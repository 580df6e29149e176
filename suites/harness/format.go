package harness

import (
	"fmt"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/client"
)

// redactedFormatter makes Gomega print a *resty.Response as its request (key redacted), status,
// Content-Type and body, in any matcher's failure, instead of a struct dump that holds the key.
func redactedFormatter(value any) (string, bool) {
	resp, ok := value.(*resty.Response)
	if !ok || resp == nil {
		return "", false
	}
	return Config.Redactor().Redact(fmt.Sprintf("%s\n%d\nContent-Type: %s\nbody: %s",
		client.RequestLine(resp), resp.StatusCode(), resp.Header().Get("Content-Type"), resp.Body())), true
}
