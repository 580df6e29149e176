package mock

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// Fault is one injected failure, as the control API shows it (wire.Fault).
type Fault = wire.Fault

// FaultScope limits a fault to requests with this c and/or this X-Mxmock-Scope; "" = any.
type FaultScope = wire.FaultScope

// ScopeHeader names the request header a fault's scope.header is matched against, so that
// parallel test processes each see only their own faults.
const ScopeHeader = wire.ScopeHeader

// faultKind is a kind of fault as data: which routes it hits and what it does.
type faultKind struct {
	name string
	// routes are the route patterns it fires on; nil = every MX route, the catch-all included.
	routes []string
	// defaultMessage fills an empty system_message, for kinds whose answer shows it.
	defaultMessage string
	// timed kinds need delay_ms; the others refuse it, so a typo cannot pass unnoticed.
	timed bool
	// passes lets the next matching fault fire as well: a delay, then an outage.
	passes bool
	// readsAhead reads the request body before firing (see spool).
	readsAhead bool
	// fire acts on the request; next is the rest: further faults, then the route.
	fire func(s *Server, w http.ResponseWriter, r *http.Request, f Fault, next http.HandlerFunc)
}

var faultKinds = []faultKind{
	{name: wire.KindOutage, fire: answer(http.StatusBadGateway, func(Fault) string {
		return "Bad Gateway: MX's API is down (mxmock outage fault)."
	})},
	{name: wire.KindMaintenance, fire: answer(http.StatusServiceUnavailable, func(Fault) string {
		return "Service Temporarily Unavailable."
	})},
	{name: wire.KindUserDeleteFailure, routes: []string{wire.RouteUserDelete},
		defaultMessage: "mxmock user_delete_failure fault",
		fire: answer(http.StatusInternalServerError, func(f Fault) string {
			return "Failed to delete user: " + f.SystemMessage
		})},
	{name: wire.KindMemberDeleteFailure, routes: []string{wire.RouteMemberDelete},
		defaultMessage: "mxmock member_delete_failure fault",
		fire: answer(http.StatusInternalServerError, func(f Fault) string {
			return "Failed to delete member: " + f.SystemMessage
		})},
	// The transport faults (transportfaults.go): a slow or broken MX rather than an MX error.
	{name: wire.KindDelay, timed: true, passes: true, readsAhead: true, fire: delayAnswer},
	{name: wire.KindConnectionReset, readsAhead: true, fire: resetConnection},
	{name: wire.KindEmptyReply, readsAhead: true, fire: closeConnection},
	{name: wire.KindGarbage, readsAhead: true, fire: writeGarbage},
	{name: wire.KindTruncatedBody, readsAhead: true, fire: truncateBody},
	{name: wire.KindSlowBody, timed: true, readsAhead: true, fire: dribbleBody},
}

// answer makes a fault that answers an error instead of the route.
func answer(status int, msg func(Fault) string) func(*Server, http.ResponseWriter, *http.Request, Fault, http.HandlerFunc) {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request, f Fault, _ http.HandlerFunc) {
		writeError(w, status, msg(f))
	}
}

func kindNamed(name string) *faultKind {
	for i := range faultKinds {
		if faultKinds[i].name == name {
			return &faultKinds[i]
		}
	}
	return nil
}

func kindNames() string {
	names := make([]string, len(faultKinds))
	for i, k := range faultKinds {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}

// hits reports whether a fault of this kind, limited to route ("" = any), fires on pattern.
func (k *faultKind) hits(route, pattern string) bool {
	return (k.routes == nil || slices.Contains(k.routes, pattern)) && (route == "" || route == pattern)
}

// faulted is the one place faults are consulted: it wraps every MX route and the catch-all.
func (s *Server) faulted(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		fired := s.faults.take(r)
		if len(fired) == 0 {
			h(w, r)
			return
		}
		next := h
		for i := len(fired) - 1; i >= 0; i-- {
			f, rest := fired[i], next
			if f.kind.readsAhead {
				s.spool(r)
			}
			next = func(w http.ResponseWriter, r *http.Request) { f.kind.fire(s, w, r, f.Fault, rest) }
		}
		next(w, r)
	}
}
