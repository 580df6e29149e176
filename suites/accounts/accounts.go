// Package accounts holds the spec of the account-delete error, listed under "Member Errors" on the
// page but an endpoint of its own.
package accounts

import (
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	h "github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("Account Errors", Label("section:accounts"), func() {
	h.Spec("A1", func(ctx SpecContext, a1 catalog.Row) {
		member := h.CreateMember(ctx, h.CreateUser(ctx))
		account := h.NewGUID("account")
		resp := h.Send(ctx, a1.ID, client.Request{Route: config.RouteAccountDelete, Params: map[string]string{"member_id": member, "account_id": account}})
		h.ExpectMXError(a1.Expect(account, member), resp)
	})
})
