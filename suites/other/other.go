// Package other holds O1, "Other Errors": whatever else goes wrong, an error that carries a body
// carries the documented envelope, and a request MX would refuse is refused.
package other

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

// probe is one malformed or unexpected request. The docs promise nothing about its answer but the
// envelope, if an error with a body comes; a probe that must be refused may get no answer or an
// error status, never a success.
type probe struct {
	what       string
	mustRefuse bool
	req        client.Request
}

var _ = Describe("Other Errors", Label("section:other"), func() {
	h.Spec("O1", func(ctx SpecContext, o1 catalog.Row) {
		user := h.CreateUser(ctx)
		read := map[string]string{"id": user}
		// Every probe that a lenient host might take as a create names a guid of this run, noted
		// for removal before it is sent.
		newUser := func() string { ext := h.NewGUID("user"); h.RemoveLater(config.RouteUserDelete, ext); return ext }
		newMember := func() string { ext := h.NewGUID("member"); h.RemoveLater(config.RouteMemberDelete, ext); return ext }
		probes := []probe{
			// MX: a request with a bad key "fails with no return"; a body that is not a JSON object is no request at all.
			{"no API key", true, client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"c": {h.Config.ClientGUID}}}},
			{"a wrong API key", true, client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"k": {"mxcontract-wrong-key"}, "c": {h.Config.ClientGUID}}}},
			{"malformed JSON", true, client.Request{Route: config.RouteUserCreate, Body: `{"external_user_guid": "` + newUser() + `"`}},
			{"a body that is not an object", true, client.Request{Route: config.RouteUserCreate, Body: `[{"external_user_guid": "` + newUser() + `"}]`}},
			// Undocumented: an error, if one comes with a body, is the envelope.
			{"no client guid", false, client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"k": {h.Config.APIKey}}}},
			{"zip_code as a number", false, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": newUser(), "zip_code": 12345}}},
			{"sex outside MALE/FEMALE", false, client.Request{Route: config.RouteUserUpdate, Params: read, Body: map[string]any{"sex": "OTHER"}}},
			{"credit_score as a string", false, client.Request{Route: config.RouteUserUpdate, Params: read, Body: map[string]any{"credit_score": "high"}}},
			{"a member without credentials", false, client.Request{Route: config.RouteMemberCreate, Body: map[string]any{"external_user_guid": user, "external_member_guid": newMember()}}},
			{"a member without a user", false, client.Request{Route: config.RouteMemberCreate, Body: map[string]any{"external_member_guid": newMember(), "credentials": []any{}}}},
			{"a body of 2 MiB", false, client.Request{Route: config.RouteUserCreate, Body: `{"external_user_guid": "` + newUser() + `", "email": "` + strings.Repeat("a", 2<<20) + `"}`}},
		}
		if h.Config.UnassociatedClientGUID != "" {
			probes = append(probes, probe{"a client the key may not use", false, client.Request{Route: config.RouteUserRead, Params: read, Client: h.Config.UnassociatedClientGUID}})
		}
		checked := 0
		for _, p := range probes {
			resp, err := h.API.Do(ctx, p.req)
			if err != nil {
				// No answer carries no body to check, and refuses: MX says a bad key "fails with no
				// return", and a server may reset a connection whose oversized body it stopped reading.
				AddReportEntry("O1 probe got no HTTP answer: "+p.what, err.Error(), ReportEntryVisibilityFailureOrVerbose)
				continue
			}
			if p.mustRefuse {
				h.ExpectMXError(o1.ExpectRefusal(), resp, p.what+": must be refused")
			}
			status := resp.StatusCode()
			if status < 400 || status == http.StatusNotFound || status == http.StatusBadGateway || len(resp.Body()) == 0 {
				// Not an error with a body, or one whose body the docs do not promise (404, 502).
				AddReportEntry("O1 probe not checked: "+p.what, h.API.Exchange(resp), ReportEntryVisibilityFailureOrVerbose)
				continue
			}
			h.ExpectMXError(o1.Expect(), resp, p.what)
			checked++
		}
		AddReportEntry("O1 error bodies checked", checked, ReportEntryVisibilityFailureOrVerbose)
	})
})
