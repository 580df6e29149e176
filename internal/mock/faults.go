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
}

// FaultScope limits a fault to requests with this c and/or this X-Mxmock-Scope; "" = any.
type FaultScope struct {
	Client string `json:"client"`
	Header string `json:"header"`
}

func (sc FaultScope) matches(client, header string) bool {
	return (sc.Client == "" || sc.Client == client) && (sc.Header == "" || sc.Header == header)
}

// faultKind is a kind of fault as data: which routes it hits and what it does. A new kind (a
// delay, a dropped connection) is one more entry in faultKinds.
type faultKind struct {
	name string
	// routes are the route patterns it fires on; nil = every MX route, the catch-all included.
	routes []string
	// defaultMessage fills an empty system_message, for kinds whose answer shows it.
	defaultMessage string
	// fire acts on the request. It returns false to let the request go on to the route.
	fire func(w http.ResponseWriter, r *http.Request, f Fault) (done bool)
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
}

// answer makes a fault that answers an error instead of the route.
func answer(status int, msg func(Fault) string) func(http.ResponseWriter, *http.Request, Fault) bool {
	return func(w http.ResponseWriter, _ *http.Request, f Fault) bool {
		writeError(w, status, msg(f))
		return true
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
		if f, kind, ok := s.faults.take(r); ok && kind.fire(w, r, f) {
			return
		}
		h(w, r)
	}
}

// faultSet holds the active faults in creation order.
type faultSet struct {
	mu   sync.Mutex
	n    atomic.Int32 // len(list), read without the lock: most requests meet no fault at all
	next int          // ids are never reused, so a stale id cannot delete someone else's fault
	list []*Fault
}

// take returns the first fault that matches the request's route and scope, using it up once.
func (fs *faultSet) take(r *http.Request) (Fault, *faultKind, bool) {
	if fs.n.Load() == 0 {
		return Fault{}, nil, false
	}
	client, header := queryGet(r.URL.RawQuery, "c"), r.Header.Get(ScopeHeader)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.list {
		kind := kindNamed(f.Kind)
		if (kind.routes != nil && !slices.Contains(kind.routes, r.Pattern)) || !f.Scope.matches(client, header) {
			continue
		}
		fired := *f
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				fs.list = slices.Delete(fs.list, i, i+1)
				fs.n.Store(int32(len(fs.list)))
			}
		}
		return fired, kind, true
	}
	return Fault{}, nil, false
}

// add checks a fault, gives it an id and makes it active.
func (fs *faultSet) add(f Fault) (Fault, error) {
	kind := kindNamed(f.Kind)
	switch {
	case f.Kind == "":
		return Fault{}, fmt.Errorf("Missing required field: kind (one of %s).", kindNames())
	case kind == nil:
		return Fault{}, fmt.Errorf("Unknown fault kind %q: use one of %s.", f.Kind, kindNames())
	case f.Times < 0:
		return Fault{}, fmt.Errorf("Field times must be 0 (until deleted) or more, got %d.", f.Times)
	}
	if f.SystemMessage == "" {
		f.SystemMessage = kind.defaultMessage
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
