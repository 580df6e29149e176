package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/matchers"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Observed is what a spec saw for its catalog row; the human report reads it from report.json.
type Observed struct {
	ID      string `json:"id"`
	Request string `json:"request"`
	Status  int    `json:"status"`
	Body    string `json:"body"`
}

// Send makes one request for a catalog row; no answer at all fails the spec with the cause.
func Send(ctx context.Context, id string, req client.Request) *resty.Response {
	GinkgoHelper()
	resp, err := API.Do(ctx, req)
	if err != nil {
		Fail(fmt.Sprintf("%s: no HTTP answer: %v", id, err))
	}
	return resp
}

// ExpectMXError asserts that resp is the documented error and records what came back; about,
// if given, says which of several requests of the spec this is.
func ExpectMXError(exp catalog.Expectation, resp *resty.Response, about ...string) {
	GinkgoHelper()
	ex := API.Exchange(resp)
	AddReportEntry("observed", Observed{ID: exp.ID, Request: ex.Request, Status: ex.Status, Body: ex.Body}, ReportEntryVisibilityNever)
	id := exp.ID
	if len(about) > 0 {
		id += " (" + strings.Join(about, ", ") + ")"
	}
	Expect(resp).To(matchers.HaveMXError(exp), "%s: %s", id, ex.Request)
}

// SkipWithoutFaults keeps a fault spec in every report, skipped with the reason, on a live host.
func SkipWithoutFaults() {
	if !Config.FaultsAvailable() {
		Skip(fmt.Sprintf("needs fault injection, which only mxmock offers: MX_BASE_URL is set (%s) and MX_MOCK_CONTROL is not", Config.BaseURL))
	}
}
