package harness

import (
	"context"
	"fmt"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/scrub"
	. "github.com/onsi/ginkgo/v2"
)

// NewGUID is an external guid for this run: <prefix>-<run>-p<process>-<kind>-<random>, so a sweeper
// can find what a crashed run left behind on a live host.
func NewGUID(kind string) string {
	return fmt.Sprintf("%s-p%d-%s-%s", runName(), GinkgoParallelProcess(), kind, randomHex(4))
}

// CreateUser creates a user with a fresh external guid, deletes it when the spec ends, and returns
// that external guid. A create that fails is a broken set-up step: the spec could not test.
func CreateUser(ctx context.Context) string {
	GinkgoHelper()
	ext := NewGUID("user")
	RemoveLater(config.RouteUserDelete, ext)
	resp, err := API.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext}})
	mustSucceed("create user "+ext, resp, err)
	return ext
}

// CreateMember creates a member of the user with a fresh external guid, deleted when the spec ends.
func CreateMember(ctx context.Context, userGUID string) string {
	GinkgoHelper()
	ext := NewGUID("member")
	RemoveLater(config.RouteMemberDelete, ext)
	resp, err := API.Do(ctx, client.Request{Route: config.RouteMemberCreate, Body: MemberBody(userGUID, ext)})
	mustSucceed("create member "+ext, resp, err)
	return ext
}

// mustSucceed fails the spec as one that could not test when a step that sets up the error under
// test did not work. MX documents no success status but Read User's 200, so any 2xx will do; the
// report records which came.
func mustSucceed(step string, resp *resty.Response, err error) {
	GinkgoHelper()
	if err != nil {
		Fail(record.CouldNotTest + fmt.Sprintf("set-up step failed: %s: %s: %s", step, noAnswer(resp), client.Cause(err, Config.Timeout)))
	}
	ex := API.Exchange(resp)
	if ex.Status < 200 || ex.Status > 299 {
		Fail(record.CouldNotTest + fmt.Sprintf("set-up step failed: %s: %s answered %d, want a success (2xx)\nbody: %s",
			step, ex.Request, ex.Status, scrub.Shorten(ex.Body, 2000)))
	}
	AddReportEntry(record.EntrySetup, record.Setup{Step: step, Request: ex.Request, Status: ex.Status}, ReportEntryVisibilityNever)
}

// MemberBody is a create-member body as MX documents it (userkey credentials).
func MemberBody(userGUID, memberGUID string) map[string]any {
	return map[string]any{
		"external_user_guid":   userGUID,
		"external_member_guid": memberGUID,
		"credentials":          []map[string]string{{"field_name": "userkey", "response": "mxcontract-" + randomHex(4)}},
	}
}

// RemoveLater deletes the resource with this guid when the spec ends, pass or fail. Specs call it
// before every request that creates, or that a lenient or broken target might wrongly create, a
// resource; on a live host the ledger notes it first, so a crash in between still leaves a trace
// for mxsweep.
func RemoveLater(deleteRoute, id string) *Resource { return RemoveLaterUnder("", deleteRoute, id) }

// RemoveLaterUnder is RemoveLater for a request sent with another client (c) than the configured one.
func RemoveLaterUnder(clientGUID, deleteRoute, id string) *Resource {
	r := &Resource{entry: ledger.Entry{Kind: kindOf(deleteRoute), ID: id, Delete: deleteRoute, Client: clientGUID, Run: runName()}}
	note(ledger.Created, r.entry)
	DeferCleanup(r.removeNow)
	return r
}

// Resource is one resource noted for removal.
type Resource struct {
	entry   ledger.Entry
	refused bool
}

// Refused says that the request meant to create it got MX's documented refusal, so nothing was
// created: a spec calls it once HaveMXError has passed. It spares a delete that could not be
// confirmed, such as one under a client the key may not use (U4).
func (r *Resource) Refused() { r.refused = true }

// removeNow deletes what a spec created. The delete counts only when the host confirms it (see
// package sweep); anything else is not the spec's verdict, but is said on the console and in the
// report, and stays in the ledger for mxsweep.
func (r *Resource) removeNow(ctx SpecContext) {
	if r.refused {
		note(ledger.Deleted, r.entry)
		return
	}
	res := remover.Remove(ctx, r.entry)
	if res.Removed {
		note(ledger.Deleted, r.entry)
		return
	}
	AddReportEntry(record.EntryLeftBehind, record.LeftBehind{Kind: r.entry.Kind, ID: r.entry.ID, Route: r.entry.Delete, Cause: Scrub(res.Cause)},
		ReportEntryVisibilityAlways)
}

func kindOf(deleteRoute string) string {
	if deleteRoute == config.RouteMemberDelete {
		return "member"
	}
	return "user"
}

// note writes to this process's ledger, if a live run keeps one.
func note(event string, e ledger.Entry) {
	if book == nil {
		return
	}
	e.Event = event
	if err := book.Note(e); err != nil {
		GinkgoWriter.Printf("ledger: %v\n", err)
	}
}
