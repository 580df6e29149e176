package mock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// ScopeHeader names the request header a fault's scope.header is matched against, so that
// parallel test processes each see only their own faults.
const ScopeHeader = "X-Mxmock-Scope"

// Fault is one injected failure, as the control API shows it.
type Fault struct {
	ID            string     `json:"id"`
	Kind          string     `json:"kind"`
	Times         int        `json:"times"` // uses left; 0 = until deleted
	SystemMessage string     `json:"system_message"`
	Scope         FaultScope `json:"scope"`
	// DelayMS is a delay's wait, or slow_body's pause before each piece of the body; with
	// DelayMaxMS, each wait is drawn at random from [DelayMS, DelayMaxMS].
	DelayMS    int `json:"delay_ms,omitempty"`
	DelayMaxMS int `json:"delay_max_ms,omitempty"`
	// Route limits the fault to one MX route, as its pattern reads ("POST /user"); "" = any.
	Route string `json:"route,omitempty"`
}

// maxDelayMS bounds every wait a fault asks for, so no request is held for ever.
const maxDelayMS = 600_000

// FaultScope limits a fault to requests with this c and/or this X-Mxmock-Scope; "" = any.
type FaultScope struct {
	Client string `json:"client"`
	Header string `json:"header"`
}

func (sc FaultScope) matches(client, header string) bool {
	return (sc.Client == "" || sc.Client == client) && (sc.Header == "" || sc.Header == header)
}

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
	fire func(w http.ResponseWriter, r *http.Request, f Fault, next http.HandlerFunc)
}

var faultKinds = []faultKind{
	{name: "outage", fire: answer(http.StatusBadGateway, func(Fault) string {
		return "Bad Gateway: MX's API is down (mxmock outage fault)."
	})},
	{name: "maintenance", fire: answer(http.StatusServiceUnavailable, func(Fault) string {
		return "Service Temporarily Unavailable."
	})},
	{name: "user_delete_failure", routes: []string{"DELETE /user/{id}"},
		defaultMessage: "mxmock user_delete_failure fault",
		fire: answer(http.StatusInternalServerError, func(f Fault) string {
			return "Failed to delete user: " + f.SystemMessage
		})},
	{name: "member_delete_failure", routes: []string{"DELETE /member/{id}"},
		defaultMessage: "mxmock member_delete_failure fault",
		fire: answer(http.StatusInternalServerError, func(f Fault) string {
			return "Failed to delete member: " + f.SystemMessage
		})},
	// The transport faults (breaks.go): a slow or broken MX rather than an MX error.
	{name: "delay", timed: true, passes: true, readsAhead: true, fire: delayAnswer},
	{name: "connection_reset", readsAhead: true, fire: resetConnection},
	{name: "empty_reply", readsAhead: true, fire: closeConnection},
	{name: "garbage", readsAhead: true, fire: writeGarbage},
	{name: "truncated_body", readsAhead: true, fire: truncateBody},
	{name: "slow_body", timed: true, readsAhead: true, fire: dribbleBody},
}

// answer makes a fault that answers an error instead of the route.
func answer(status int, msg func(Fault) string) func(http.ResponseWriter, *http.Request, Fault, http.HandlerFunc) {
	return func(w http.ResponseWriter, _ *http.Request, f Fault, _ http.HandlerFunc) {
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
			next = func(w http.ResponseWriter, r *http.Request) { f.kind.fire(w, r, f.Fault, rest) }
		}
		next(w, r)
	}
}

// firing is a fault taken for one request, with its kind.
type firing struct {
	Fault
	kind *faultKind
}

// faultSet holds the active faults in creation order.
type faultSet struct {
	mu   sync.Mutex
	n    atomic.Int32 // len(list), read without the lock: most requests meet no fault at all
	next int          // ids are never reused, so a stale id cannot delete someone else's fault
	list []*Fault
}

// take returns the faults that fire on the request, using each up once: the first that matches
// its route and scope, preceded by any matching ones that let the next fire too (delays).
func (fs *faultSet) take(r *http.Request) []firing {
	if fs.n.Load() == 0 {
		return nil
	}
	client, header := queryGet(r.URL.RawQuery, "c"), r.Header.Get(ScopeHeader)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var fired []firing
	for i := 0; i < len(fs.list); i++ {
		f := fs.list[i]
		kind := kindNamed(f.Kind)
		if (kind.routes != nil && !slices.Contains(kind.routes, r.Pattern)) ||
			(f.Route != "" && f.Route != r.Pattern) || !f.Scope.matches(client, header) {
			continue
		}
		fired = append(fired, firing{Fault: *f, kind: kind})
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				fs.list = slices.Delete(fs.list, i, i+1)
				i--
			}
		}
		if !kind.passes {
			break
		}
	}
	fs.n.Store(int32(len(fs.list)))
	return fired
}

// add checks a fault, gives it an id and makes it active.
func (fs *faultSet) add(f Fault) (Fault, error) {
	f, err := checkFault(f)
	if err != nil {
		return Fault{}, err
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.next++
	f.ID = fmt.Sprintf("F-%d", fs.next)
	stored := f
	fs.list = append(fs.list, &stored)
	fs.n.Store(int32(len(fs.list)))
	return f, nil
}

// all returns copies of the active faults.
func (fs *faultSet) all() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.list))
	for i, f := range fs.list {
		out[i] = *f
	}
	return out
}

// remove deletes the faults for which match is true and reports how many it deleted.
func (fs *faultSet) remove(match func(Fault) bool) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	before := len(fs.list)
	fs.list = slices.DeleteFunc(fs.list, func(f *Fault) bool { return match(*f) })
	fs.n.Store(int32(len(fs.list)))
	return before - len(fs.list)
}
