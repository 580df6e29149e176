package harness

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	. "github.com/onsi/ginkgo/v2"
)

// NewGUID is an external guid for this run: <prefix>-<run>-p<process>-<kind>-<random>, so a sweeper
// can find what a crashed run left behind on a live host.
func NewGUID(kind string) string {
	return fmt.Sprintf("%s-%s-p%d-%s-%s", Config.RunPrefix, target.RunID, GinkgoParallelProcess(), kind, randomHex(4))
}

// CreateUser creates a user with a fresh external guid, deletes it when the spec ends, and returns
// that external guid. A create that fails is a broken precondition, reported as such.
func CreateUser(ctx context.Context) string {
	GinkgoHelper()
	ext := NewGUID("user")
	RemoveLater(config.RouteUserDelete, ext)
	resp, err := API.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext}})
	precondition("create user "+ext, resp, err, http.StatusOK)
	return ext
}

// CreateMember creates a member of the user with a fresh external guid, deleted when the spec ends.
func CreateMember(ctx context.Context, userGUID string) string {
	GinkgoHelper()
	ext := NewGUID("member")
	RemoveLater(config.RouteMemberDelete, ext)
	resp, err := API.Do(ctx, client.Request{Route: config.RouteMemberCreate, Body: MemberBody(userGUID, ext)})
	precondition("create member "+ext, resp, err, http.StatusOK)
	return ext
}

// precondition fails the spec, with the cause, when a step that sets up the error under test did
// not work: that is a broken precondition, not a verdict on the documented error.
func precondition(what string, resp *resty.Response, err error, want int) {
	GinkgoHelper()
	switch {
	case err != nil:
		Fail(fmt.Sprintf("precondition failed: %s: no HTTP answer: %s", what, client.Cause(err, Config.Timeout)))
	case resp.StatusCode() != want:
		Fail(Config.Redactor().Redact(fmt.Sprintf("precondition failed: %s: %s answered %d, want %d\nbody: %s",
			what, client.RequestLine(resp), resp.StatusCode(), want, resp.Body())))
	}
}

// MemberBody is a create-member body as MX documents it (userkey credentials).
func MemberBody(userGUID, memberGUID string) map[string]any {
	return map[string]any{
		"external_user_guid":   userGUID,
		"external_member_guid": memberGUID,
		"credentials":          []map[string]string{{"field_name": "userkey", "response": "mxcontract-" + randomHex(4)}},
	}
}

// RemoveLater deletes the resource with this external guid when the spec ends, pass or fail. Specs
// call it before a request that creates, or that a faulty target might wrongly create, a resource;
// on a live host the ledger notes it first, so a crash in between still leaves a trace for mxsweep.
func RemoveLater(deleteRoute, id string) {
	note(ledger.Entry{Event: "created", Kind: kindOf(deleteRoute), ID: id, Delete: deleteRoute})
	DeferCleanup(deleteQuietly, deleteRoute, id)
}

// deleteQuietly removes what a spec created. A failure here is not the spec's verdict: it is
// written to the spec's output, and mxsweep removes what is left.
func deleteQuietly(ctx SpecContext, route, id string) {
	resp, err := API.Do(ctx, client.Request{Route: route, Params: map[string]string{"id": id}})
	switch {
	case err != nil:
		GinkgoWriter.Printf("cleanup: %s %s: %v\n", route, id, err)
	case resp.StatusCode() < 300, resp.StatusCode() == http.StatusBadRequest, resp.StatusCode() == http.StatusNotFound:
		// Deleted, or never created (400 and 404 are MX's "not found" for users and routes).
		note(ledger.Entry{Event: "deleted", Kind: kindOf(route), ID: id, Delete: route})
	default:
		GinkgoWriter.Printf("cleanup: %s: %d %s\n", client.RequestLine(resp), resp.StatusCode(), resp.Body())
	}
}

func kindOf(deleteRoute string) string {
	if deleteRoute == config.RouteMemberDelete {
		return "member"
	}
	return "user"
}

// note writes to this process's ledger, if a live run keeps one.
func note(e ledger.Entry) {
	if book == nil {
		return
	}
	if err := book.Note(e); err != nil {
		GinkgoWriter.Printf("ledger: %v\n", err)
	}
}
