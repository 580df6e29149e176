package harness

import (
	"fmt"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/record"
	. "github.com/onsi/ginkgo/v2"
)

// preflight sends one cheap request that creates nothing, a read of a user that does not exist,
// bounded by MX_TIMEOUT. Any HTTP answer means the host can be tested. No answer at all stops the
// run before any spec, with one message: MX drops a request from an IP off its allow-list or with
// a bad key ("fails with no return"), and every spec would only wait out its own timeout.
func preflight(ctx SpecContext, t Target) {
	api, err := newClient(t.URL, nil)
	if err != nil {
		Fail(fmt.Sprintf("building the API client: %v", err))
	}
	id := fmt.Sprintf("%s-%s-preflight-%s", Config.RunPrefix, t.RunID, randomHex(4))
	resp, err := api.Do(ctx, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": id}})
	if err != nil && !client.Answered(resp) {
		Fail(record.CouldNotTest + Scrub(fmt.Sprintf("preflight: %s gave no HTTP answer within %s (MX_TIMEOUT): %s.\n"+
			"Nothing was tested and nothing was created. Likely causes: this machine's IP address is not on MX's allow-list, "+
			"or the API key is wrong (MX answers neither: such a request \"fails with no return\"); "+
			"or the base URL is wrong (base_url, MX_BASE_URL: %s).",
			t.URL, Config.Timeout, client.Cause(err, Config.Timeout), t.URL)))
	}
	AddReportEntry(record.EntryPreflight, api.Exchange(resp), ReportEntryVisibilityNever) // a status came: the host speaks
}
