// Package wire is mxmock's protocol, written once: the headers, the control API's paths and
// query parameters, the fault kinds, MX's route patterns a fault may name, the defaults a zero
// configuration uses, and the JSON bodies of the control API.
//
// It imports nothing but the standard library and holds no server code, so the mock
// (internal/mock), its public package (mxmock) and the clients that drive a running mock (the
// contract suite, other teams' tests) can all import it without import cycles.
package wire

import "net/url"

// Headers a request may carry.
const (
	// ScopeHeader scopes faults: a fault whose scope.header is set fires only on requests that
	// carry this header with the same value. One value per parallel test process.
	ScopeHeader = "X-Mxmock-Scope"
	// TokenHeader carries the control token when the mock was started with one.
	TokenHeader = "X-Mxmock-Token"
)

// The control API: every path lives under ControlPrefix, outside MX's routes.
const (
	ControlPrefix = "/_mxmock"
	HealthPath    = ControlPrefix + "/health"   // GET: 200 {"status":"ok"}
	ResetPath     = ControlPrefix + "/reset"    // POST: 204; ?scope_header= / ?scope_client= narrow it to faults
	AccountsPath  = ControlPrefix + "/accounts" // POST AccountsBody: 201 Added
	FaultsPath    = ControlPrefix + "/faults"   // POST Fault: 201 Fault; GET: 200 FaultList; DELETE: 204

	// ScopeHeaderParam and ScopeClientParam pick faults by scope on DELETE FaultsPath and POST
	// ResetPath. A parameter present with an empty value picks faults whose field is empty.
	ScopeHeaderParam = "scope_header"
	ScopeClientParam = "scope_client"
)

// FaultPath is the path that deletes one fault: DELETE /_mxmock/faults/{id}.
func FaultPath(id string) string { return FaultsPath + "/" + url.PathEscape(id) }

// Defaults of a mock started with a zero configuration.
const (
	DefaultAPIKey     = "mxmock-api-key"
	DefaultClientGUID = "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184"
)

// Fault kinds: MX's errors, then the transport faults.
const (
	KindOutage              = "outage"                // 502 on every MX route
	KindMaintenance         = "maintenance"           // 503 "Service Temporarily Unavailable." on every MX route
	KindUserDeleteFailure   = "user_delete_failure"   // 500 "Failed to delete user: {system_message}"
	KindMemberDeleteFailure = "member_delete_failure" // 500 "Failed to delete member: {system_message}"
	KindDelay               = "delay"                 // waits delay_ms, then answers as usual
	KindConnectionReset     = "connection_reset"      // the connection reset before any byte
	KindEmptyReply          = "empty_reply"           // the connection closed without a byte
	KindGarbage             = "garbage"               // bytes that are not HTTP
	KindTruncatedBody       = "truncated_body"        // the body cut short of its Content-Length
	KindSlowBody            = "slow_body"             // the body 16 bytes at a time, delay_ms apart
)

// MX's routes as the mock serves them; a fault's Route names one of these patterns.
const (
	RouteUserCreate    = "POST /user"
	RouteUserRead      = "GET /user/{id}"
	RouteUserUpdate    = "PUT /user/{id}"
	RouteUserDelete    = "DELETE /user/{id}"
	RouteMemberCreate  = "POST /member"
	RouteMemberRead    = "GET /member/{id}"
	RouteMemberUpdate  = "PUT /member/{id}"
	RouteMemberDelete  = "DELETE /member/{id}"
	RouteAccountDelete = "DELETE /member/{member_id}/account/{account_id}"
)

// Fault is one injected failure: the body of POST /_mxmock/faults and its answer.
type Fault struct {
	ID            string     `json:"id"` // given by the mock; ignored in a request
	Kind          string     `json:"kind"`
	Times         int        `json:"times"` // matching requests it fires on; 0 = until deleted
	SystemMessage string     `json:"system_message"`
	Scope         FaultScope `json:"scope"`
	// DelayMS is a delay's wait, or slow_body's pause before each piece of the body; with
	// DelayMaxMS, each wait is drawn at random from [DelayMS, DelayMaxMS].
	DelayMS    int `json:"delay_ms,omitempty"`
	DelayMaxMS int `json:"delay_max_ms,omitempty"`
	// Route limits the fault to one MX route, as its pattern reads ("POST /user"); "" = any.
	Route string `json:"route,omitempty"`
}

// FaultScope limits a fault to requests with this c and/or this ScopeHeader; "" = any.
type FaultScope struct {
	Client string `json:"client"`
	Header string `json:"header"`
}

// FaultList is the answer of GET /_mxmock/faults, in creation order.
type FaultList struct {
	Faults []Fault `json:"faults"`
}

// Account is a feed account: MX learns them from an institution's data feed, the mock from its
// seed file and from POST /_mxmock/accounts. Client "" means any client; Member is a member's
// MX guid or external guid, as the feed names it.
type Account struct {
	Client    string `json:"client"`
	Member    string `json:"member"`
	AccountID string `json:"account_id"`
}

// AccountsBody is the body of POST /_mxmock/accounts and the format of a seed file.
type AccountsBody struct {
	Accounts []Account `json:"accounts"`
}

// Added is the answer of POST /_mxmock/accounts.
type Added struct {
	Added int `json:"added"`
}

// Error is the body of every error the mock answers, MX's envelope.
type Error struct {
	Error string `json:"error"`
}
