// Package general holds the specs of "General MX Platform Errors": 404, 502 and 503.
package general

import (
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("General MX Platform Errors", Label("section:general"), func() {
	h.Spec("G1", func(ctx SpecContext, g1 catalog.Row) {
		path := "/" + h.NewGUID("no-such-route")
		resp := h.Send(ctx, g1.ID, client.Request{Method: "GET", Path: path})
		h.ExpectMXError(g1.Expect(), resp)
	})

	h.Spec("G2", func(ctx SpecContext, g2 catalog.Row) {
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

	h.Spec("G3", func(ctx SpecContext, g3 catalog.Row) {
		h.InjectFault(ctx, wire.KindOutage, "")
		resp := h.Send(ctx, g3.ID, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": h.NewGUID("user")}})
		h.ExpectMXError(g3.Expect(), resp)
	})

	h.Spec("G4", func(ctx SpecContext, g4 catalog.Row) {
		h.InjectFault(ctx, wire.KindMaintenance, "")
		resp := h.Send(ctx, g4.ID, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": h.NewGUID("user")}})
		h.ExpectMXError(g4.Expect(), resp)
	})
})
