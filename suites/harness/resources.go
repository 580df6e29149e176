package harness

import (
	"context"
	"fmt"
	"net/http"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
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
	resp, err := API.Do(ctx, client.Request{Route: config.RouteUserCreate, Body: map[string]any{"external_user_guid": ext}})
	Expect(err).NotTo(HaveOccurred(), "precondition: create user %s", ext)
	DeferCleanup(DeleteQuietly, config.RouteUserDelete, ext)
	Expect(resp.StatusCode()).To(Equal(http.StatusOK), "precondition: create user %s: %s\n%s", ext, client.RequestLine(resp), resp.Body())
	return ext
}

// CreateMember creates a member of the user with a fresh external guid, deleted when the spec ends.
func CreateMember(ctx context.Context, userGUID string) string {
	GinkgoHelper()
	ext := NewGUID("member")
	resp, err := API.Do(ctx, client.Request{Route: config.RouteMemberCreate, Body: MemberBody(userGUID, ext)})
	Expect(err).NotTo(HaveOccurred(), "precondition: create member %s", ext)
	DeferCleanup(DeleteQuietly, config.RouteMemberDelete, ext)
	Expect(resp.StatusCode()).To(Equal(http.StatusOK), "precondition: create member %s: %s\n%s", ext, client.RequestLine(resp), resp.Body())
	return ext
}

// MemberBody is a create-member body as MX documents it (userkey credentials).
func MemberBody(userGUID, memberGUID string) map[string]any {
	return map[string]any{
		"external_user_guid":   userGUID,
		"external_member_guid": memberGUID,
		"credentials":          []map[string]string{{"field_name": "userkey", "response": "mxcontract-" + randomHex(4)}},
	}
}

// DeleteQuietly removes what a spec created. A failure here is not the spec's verdict: it is
// written to the spec's output, and the sweeper removes what is left by its prefix.
func DeleteQuietly(ctx SpecContext, route, id string) {
	resp, err := API.Do(ctx, client.Request{Route: route, Params: map[string]string{"id": id}})
	switch {
	case err != nil:
		GinkgoWriter.Printf("cleanup: %s %s: %v\n", route, id, err)
	case resp.StatusCode() >= 300 && resp.StatusCode() != http.StatusBadRequest && resp.StatusCode() != http.StatusNotFound:
		GinkgoWriter.Printf("cleanup: %s: %d %s\n", client.RequestLine(resp), resp.StatusCode(), resp.Body())
	}
}
