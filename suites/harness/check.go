package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/matchers"
	"github.com/mxcontract/mxcontract/internal/record"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Send makes one request for a catalog row. No answer at all fails the spec as one that could not
// test: there is nothing to hold to the contract.
func Send(ctx context.Context, id string, req client.Request) *resty.Response {
	GinkgoHelper()
	resp, err := API.Do(ctx, req)
	if err != nil {
		Fail(record.CouldNotTest + fmt.Sprintf("%s: no HTTP answer: %v", id, err))
	}
	return resp
}

// ExpectMXError asserts that resp is the documented error and records what came back; about,
// if given, says which of several requests of the spec this is.
func ExpectMXError(exp catalog.Expectation, resp *resty.Response, about ...string) {
	GinkgoHelper()
	ex := API.Exchange(resp)
	AddReportEntry(record.EntryObserved, record.Observed{ID: exp.ID, Request: ex.Request, Status: ex.Status, Body: ex.Body}, ReportEntryVisibilityNever)
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
