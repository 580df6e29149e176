// Package users holds the specs of "User Errors".
package users

import (
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("User Errors", Label("section:users"), func() {
	h.Spec("U1", func(ctx SpecContext, u1 catalog.Row) {
		// Both identifier forms the docs accept: an external guid and an MX guid.
		for _, id := range []string{h.NewGUID("missing-user"), "USR-" + h.NewGUID("missing")} {
			read := h.Send(ctx, u1.ID, client.Request{Route: config.RouteUserRead, Params: map[string]string{"id": id}})
			h.ExpectMXError(u1.Expect(id), read)
		}
		id := h.NewGUID("missing-user")
		h.RemoveLater(config.RouteUserDelete, id) // in case the target takes a PUT as a create
		update := h.Send(ctx, u1.ID, client.Request{Route: config.RouteUserUpdate, Params: map[string]string{"id": id}, Body: map[string]any{"status": "ENABLED"}})
		h.ExpectMXError(u1.Expect(id), update)
	})

	h.Spec("U2", func(ctx SpecContext, u2 catalog.Row) {
		ext := "USR-" + h.NewGUID("user")
		h.RemoveLater(config.RouteUserDelete, ext) // in case the target created it
		resp := h.Send(ctx, u2.ID, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext}})
		h.ExpectMXError(u2.Expect(), resp)
	})

	h.Spec("U3", func(ctx SpecContext, u3 catalog.Row) {
		ext := h.CreateUser(ctx)
		resp := h.Send(ctx, u3.ID, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext}})
		h.ExpectMXError(u3.Expect(ext), resp)
	})

	h.Spec("U4", func(ctx SpecContext, u4 catalog.Row) {
		if h.Config.UnassociatedClientGUID == "" {
			Skip("U4 needs a client guid that the key may not use: set MX_UNASSOCIATED_CLIENT_GUID (unassociated_client_guid)")
		}
		ext := h.NewGUID("user")
		user := h.RemoveLaterUnder(h.Config.UnassociatedClientGUID, config.RouteUserDelete, ext) // in case the target created it
		resp := h.Send(ctx, u4.ID, client.Request{Route: config.RouteUserCreate, Client: h.Config.UnassociatedClientGUID, Body: map[string]any{"external_user_guid": ext}})
		h.ExpectMXError(u4.Expect(), resp)
		user.Refused() // the documented refusal: nothing to delete, and the key could not delete it
	})

	h.Spec("U5", func(ctx SpecContext, u5 catalog.Row) {
		ext := h.CreateUser(ctx)
		systemMessage := "mxcontract injected failure " + h.NewGUID("u5")
		h.InjectFault(ctx, wire.KindUserDeleteFailure, systemMessage)
		resp := h.Send(ctx, u5.ID, client.Request{Route: config.RouteUserDelete, Params: map[string]string{"id": ext}})
		h.ExpectMXError(u5.Expect(systemMessage), resp)
	})
})
