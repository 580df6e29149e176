// Package members holds the specs of "Member Errors" (the account error has its own package).
package members

import (
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("Member Errors", Label("section:members"), func() {
	m1 := h.Row("M1")
	It(m1.SpecName(), Label(m1.Labels()...), func(ctx SpecContext) {
		for _, id := range []string{h.NewGUID("missing-member"), "MBR-" + h.NewGUID("missing")} {
			read := h.Send(ctx, m1.ID, client.Request{Route: config.RouteMemberRead, Params: map[string]string{"id": id}})
			h.ExpectMXError(m1.Expect(), read)
		}
		id := h.NewGUID("missing-member")
		h.RemoveLater(config.RouteMemberDelete, id) // in case the target takes a PUT as a create
		update := h.Send(ctx, m1.ID, client.Request{Route: config.RouteMemberUpdate, Params: map[string]string{"id": id}, Body: map[string]any{"name": "x"}})
		h.ExpectMXError(m1.Expect(), update)
	})

	m2 := h.Row("M2")
	It(m2.SpecName(), Label(m2.Labels()...), func(ctx SpecContext) {
		user := h.CreateUser(ctx)
		ext := "MBR-" + h.NewGUID("member")
		h.RemoveLater(config.RouteMemberDelete, ext)
		resp := h.Send(ctx, m2.ID, client.Request{Route: config.RouteMemberCreate, Body: h.MemberBody(user, ext)})
		h.ExpectMXError(m2.Expect(), resp)
	})

	m3 := h.Row("M3")
	It(m3.SpecName(), Label(m3.Labels()...), func(ctx SpecContext) {
		user := h.CreateUser(ctx)
		member := h.CreateMember(ctx, user)
		resp := h.Send(ctx, m3.ID, client.Request{Route: config.RouteMemberCreate, Body: h.MemberBody(user, member)})
		h.ExpectMXError(m3.Expect(member), resp)
	})

	m4 := h.Row("M4")
	It(m4.SpecName(), Label(m4.Labels()...), func(ctx SpecContext) {
		id := h.NewGUID("missing-member")
		resp := h.Send(ctx, m4.ID, client.Request{Route: config.RouteMemberDelete, Params: map[string]string{"id": id}})
		h.ExpectMXError(m4.Expect(id), resp)
	})

	m5 := h.Row("M5")
	It(m5.SpecName(), Label(m5.Labels()...), func(ctx SpecContext) {
		h.SkipWithoutFaults()
		member := h.CreateMember(ctx, h.CreateUser(ctx))
		systemMessage := "mxcontract injected failure " + h.NewGUID("m5")
		h.InjectFault(ctx, h.FaultMemberDeleteFailure, systemMessage)
		resp := h.Send(ctx, m5.ID, client.Request{Route: config.RouteMemberDelete, Params: map[string]string{"id": member}})
		h.ExpectMXError(m5.Expect(systemMessage), resp)
	})
})
