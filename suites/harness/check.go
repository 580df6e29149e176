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
	"github.com/mxcontract/mxcontract/internal/scrub"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Send makes one request for a catalog row. No answer at all fails the spec as one that could not
// test: there is nothing to hold to the contract.
func Send(ctx context.Context, id string, req client.Request) *resty.Response {
	GinkgoHelper()
	resp, err := API.Do(ctx, req)
	if err != nil {
		Fail(record.CouldNotTest + fmt.Sprintf("%s: %s: %v", id, noAnswer(resp), err))
	}
	return resp
}

// ExpectMXError asserts that resp is the documented error and records what came back; about,
// if given, says which of several requests of the spec this is.
func ExpectMXError(exp catalog.Expectation, resp *resty.Response, about ...string) {
	GinkgoHelper()
	ex := API.Exchange(resp)
	observed := record.Observed{ID: exp.ID, Request: ex.Request, Status: ex.Status, Body: ex.Body}
	if msg, problems := matchers.CheckEnvelope(resp.Header().Get("Content-Type"), resp.Body()); len(problems) == 0 {
		observed.Message, _, _ = scrub.Around(Scrub(msg), exp.Message, record.MaxMessage)
	}
	AddReportEntry(record.EntryObserved, observed, ReportEntryVisibilityNever)
	id := exp.ID
	if len(about) > 0 {
		id += " (" + strings.Join(about, ", ") + ")"
	}
	Expect(resp).To(matchers.HaveMXError(exp), "%s: %s", id, ex.Request)
}

// noAnswer says what a failed request got: no HTTP answer at all, or one that did not come whole.
func noAnswer(resp *resty.Response) string {
	if client.Answered(resp) {
		return "no complete HTTP answer"
	}
	return "no HTTP answer"
}
