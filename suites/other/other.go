// Package other holds O1, "Other Errors": whatever else goes wrong, an error that carries a body
// carries the documented envelope.
package other

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

// probe is one malformed or unexpected request; the docs promise nothing about it but the envelope.
type probe struct {
	what string
	req  client.Request
}

var _ = Describe("Other Errors", Label("section:other"), func() {
	o1 := h.Row("O1")
	It(o1.SpecName(), Label(o1.Labels()...), func(ctx SpecContext) {
		user := h.CreateUser(ctx)
		ext := h.NewGUID("user")
		h.RemoveLater(config.RouteUserDelete, ext) // in case a probe created it
		read := map[string]string{"id": user}
		probes := []probe{
			{"no API key", client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"c": {h.Config.ClientGUID}}}},
			{"a wrong API key", client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"k": {"mxcontract-wrong-key"}, "c": {h.Config.ClientGUID}}}},
			{"no client guid", client.Request{Route: config.RouteUserRead, Params: read, Query: url.Values{"k": {h.Config.APIKey}}}},
			{"malformed JSON", client.Request{Route: config.RouteUserCreate, Body: `{"external_user_guid": "` + ext}},
			{"a JSON array body", client.Request{Route: config.RouteUserCreate, Body: `[]`}},
			{"zip_code as a number", client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext, "zip_code": 12345}}},
			{"sex outside MALE/FEMALE", client.Request{Route: config.RouteUserUpdate, Params: read, Body: map[string]any{"sex": "OTHER"}}},
			{"credit_score as a string", client.Request{Route: config.RouteUserUpdate, Params: read, Body: map[string]any{"credit_score": "high"}}},
			{"a member without credentials", client.Request{Route: config.RouteMemberCreate, Body: map[string]any{"external_user_guid": user}}},
			{"a member without a user", client.Request{Route: config.RouteMemberCreate, Body: map[string]any{"credentials": []any{}}}},
			{"a body of 2 MiB", client.Request{Route: config.RouteUserCreate, Body: `{"email": "` + strings.Repeat("a", 2<<20) + `"}`}},
		}
		if h.Config.UnassociatedClientGUID != "" {
			probes = append(probes, probe{"a client the key may not use", client.Request{Route: config.RouteUserRead, Params: read, Client: h.Config.UnassociatedClientGUID}})
		}
		checked := 0
		for _, p := range probes {
			resp, err := h.API.Do(ctx, p.req)
			if err != nil {
				// No answer carries no body to check: MX says a bad key "fails with no return", and a
				// server may reset a connection whose oversized body it stopped reading.
				AddReportEntry("O1 probe got no HTTP answer: "+p.what, err.Error(), ReportEntryVisibilityFailureOrVerbose)
				continue
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
