// Package general holds the specs of "General MX Platform Errors": 404, 502 and 503.
package general

import (
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("General MX Platform Errors", Label("section:general"), func() {
	g1 := h.Row("G1")
	It(g1.SpecName(), Label(g1.Labels()...), func(ctx SpecContext) {
		path := "/" + h.NewGUID("no-such-route")
		resp := h.Send(ctx, g1.ID, client.Request{Method: "GET", Path: path})
		h.ExpectMXError(g1.Expect(), resp)
	})

	g2 := h.Row("G2")
	It(g2.SpecName(), Label(g2.Labels()...), func(ctx SpecContext) {
		user := h.CreateUser(ctx) // also proves that the same POST with application/json is not a 404
		ext, member := h.NewGUID("user"), h.NewGUID("member")
		h.RemoveLater(config.RouteUserDelete, ext) // in case the target created them
		h.RemoveLater(config.RouteMemberDelete, member)
		body := map[string]any{"external_user_guid": ext}
		for _, req := range []client.Request{
			{Route: config.RouteUserCreate, Body: body, OmitContentType: true},
			{Route: config.RouteUserCreate, Body: body, ContentType: "text/plain"},
			{Route: config.RouteUserUpdate, Params: map[string]string{"id": user}, Body: map[string]any{"status": "ENABLED"}, OmitContentType: true},
			{Route: config.RouteMemberCreate, Body: h.MemberBody(user, member), OmitContentType: true},
		} {
			h.ExpectMXError(g2.Expect(), h.Send(ctx, g2.ID, req))
		}
	})

	g3 := h.Row("G3")
	It(g3.SpecName(), Label(g3.Labels()...), func(ctx SpecContext) {
		h.InjectFault(ctx, h.FaultOutage, "")
		resp := h.Send(ctx, g3.ID, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": h.NewGUID("user")}})
		h.ExpectMXError(g3.Expect(), resp)
	})

	g4 := h.Row("G4")
	It(g4.SpecName(), Label(g4.Labels()...), func(ctx SpecContext) {
		h.InjectFault(ctx, h.FaultMaintenance, "")
		resp := h.Send(ctx, g4.ID, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": h.NewGUID("user")}})
		h.ExpectMXError(g4.Expect(), resp)
	})
})
