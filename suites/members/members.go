// Package members holds the specs of "Member Errors" (the account error has its own package).
package members

import (
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("Member Errors", Label("section:members"), func() {
	h.Spec("M1", func(ctx SpecContext, m1 catalog.Row) {
		for _, id := range []string{h.NewGUID("missing-member"), "MBR-" + h.NewGUID("missing")} {
			read := h.Send(ctx, m1.ID, client.Request{Route: config.RouteMemberRead, Params: map[string]string{"id": id}})
			h.ExpectMXError(m1.Expect(), read)
		}
		id := h.NewGUID("missing-member")
		h.RemoveLater(config.RouteMemberDelete, id) // in case the target takes a PUT as a create
		update := h.Send(ctx, m1.ID, client.Request{Route: config.RouteMemberUpdate, Params: map[string]string{"id": id}, Body: map[string]any{"name": "x"}})
		h.ExpectMXError(m1.Expect(), update)
	})

	h.Spec("M2", func(ctx SpecContext, m2 catalog.Row) {
		user := h.CreateUser(ctx)
		ext := "MBR-" + h.NewGUID("member")
		h.RemoveLater(config.RouteMemberDelete, ext)
		resp := h.Send(ctx, m2.ID, client.Request{Route: config.RouteMemberCreate, Body: h.MemberBody(user, ext)})
		h.ExpectMXError(m2.Expect(), resp)
	})

	h.Spec("M3", func(ctx SpecContext, m3 catalog.Row) {
		user := h.CreateUser(ctx)
		member := h.CreateMember(ctx, user)
		resp := h.Send(ctx, m3.ID, client.Request{Route: config.RouteMemberCreate, Body: h.MemberBody(user, member)})
		h.ExpectMXError(m3.Expect(member), resp)
	})

	h.Spec("M4", func(ctx SpecContext, m4 catalog.Row) {
		id := h.NewGUID("missing-member")
		resp := h.Send(ctx, m4.ID, client.Request{Route: config.RouteMemberDelete, Params: map[string]string{"id": id}})
		h.ExpectMXError(m4.Expect(id), resp)
	})

	h.Spec("M5", func(ctx SpecContext, m5 catalog.Row) {
		member := h.CreateMember(ctx, h.CreateUser(ctx))
		systemMessage := "mxcontract injected failure " + h.NewGUID("m5")
		h.InjectFault(ctx, wire.KindMemberDeleteFailure, systemMessage)
		resp := h.Send(ctx, m5.ID, client.Request{Route: config.RouteMemberDelete, Params: map[string]string{"id": member}})
		h.ExpectMXError(m5.Expect(systemMessage), resp)
	})
})
