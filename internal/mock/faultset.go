package mock

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
)

// faultSet holds the active faults, indexed by scope: a request looks only at the faults whose
// scope it can match (at most four lists), so faults scoped to other clients or processes cost it
// nothing. Within and across lists, faults keep their creation order.
type faultSet struct {
	mu      sync.Mutex
	n       atomic.Int32 // active faults, read without the lock: most requests meet none
	max     int
	seq     int // ids and creation order; never reused, so a stale id cannot delete someone else's fault
	byScope map[FaultScope][]*active
}

// active is a stored fault with its kind and creation number.
type active struct {
	Fault
	kind *faultKind
	seq  int
}

// firing is a fault taken for one request, with its kind.
type firing struct {
	Fault
	kind *faultKind
}

// ScopeFilter picks faults by scope, as the control API's ?scope_header= and ?scope_client= do:
// a field whose By flag is false matches any value; one whose flag is true matches that exact
// value, "" included.
type ScopeFilter struct {
	Header, Client     string
	ByHeader, ByClient bool
}

// HeaderScope picks the faults of one X-Mxmock-Scope value, whatever their client.
func HeaderScope(header string) ScopeFilter { return ScopeFilter{Header: header, ByHeader: true} }

// ClientScope picks the faults of one client, whatever their header scope.
func ClientScope(client string) ScopeFilter { return ScopeFilter{Client: client, ByClient: true} }

// AllScopes picks every fault.
var AllScopes = ScopeFilter{}

func (sf ScopeFilter) matches(sc FaultScope) bool {
	return (!sf.ByHeader || sc.Header == sf.Header) && (!sf.ByClient || sc.Client == sf.Client)
}

func newFaultSet(max int) *faultSet {
	return &faultSet{max: max, byScope: make(map[FaultScope][]*active)}
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
	// The scopes this request matches: any, its client, its header, both.
	var (
		scopes [4]FaultScope
		n      = 1
	)
	if client != "" {
		scopes[n] = FaultScope{Client: client}
		n++
	}
	if header != "" {
		scopes[n] = FaultScope{Header: header}
		n++
	}
	if client != "" && header != "" {
		scopes[n] = FaultScope{Client: client, Header: header}
		n++
	}
	var lists [4][]*active
	for i := range n {
		lists[i] = fs.byScope[scopes[i]]
	}
	var (
		fired []firing
		next  [4]int // per list, the first fault not yet looked at
	)
	for {
		k := -1 // the list whose next fault is the oldest
		for i := range lists {
			if next[i] < len(lists[i]) && (k < 0 || lists[i][next[i]].seq < lists[k][next[k]].seq) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		f := lists[k][next[k]]
		if !f.kind.hits(f.Route, r.Pattern) {
			next[k]++
			continue
		}
		fired = append(fired, firing{Fault: f.Fault, kind: f.kind})
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				lists[k] = fs.deleteLocked(scopes[k], next[k])
				next[k]-- // the next fault moved into this place
			}
		}
		next[k]++
		if !f.kind.passes {
			break
		}
	}
	return fired
}

// add checks a fault, gives it an id and makes it active; it fails when MaxFaults are active.
func (fs *faultSet) add(f Fault) (Fault, error) {
	f, err := checkFault(f)
	if err != nil {
		return Fault{}, err
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.addLocked(f); err != nil {
		return Fault{}, err
	}
	return fs.byScope[f.Scope][len(fs.byScope[f.Scope])-1].Fault, nil
}

func (fs *faultSet) addLocked(f Fault) error {
	if int(fs.n.Load()) >= fs.max {
		return fullFaults(fs.max)
	}
	fs.seq++
	f.ID = fmt.Sprintf("F-%d", fs.seq)
	fs.byScope[f.Scope] = append(fs.byScope[f.Scope], &active{Fault: f, kind: kindNamed(f.Kind), seq: fs.seq})
	fs.n.Add(1)
	return nil
}

// deleteLocked removes the i-th fault of a scope's list and returns what is left of the list.
func (fs *faultSet) deleteLocked(sc FaultScope, i int) []*active {
	list := slices.Delete(fs.byScope[sc], i, i+1)
	if len(list) == 0 {
		delete(fs.byScope, sc)
	} else {
		fs.byScope[sc] = list
	}
	fs.n.Add(-1)
	return list
}

// all returns copies of the active faults in creation order.
func (fs *faultSet) all() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var list []*active
	for _, l := range fs.byScope {
		list = append(list, l...)
	}
	slices.SortFunc(list, func(a, b *active) int { return a.seq - b.seq })
	out := make([]Fault, len(list))
	for i, f := range list {
		out[i] = f.Fault
	}
	return out
}

// remove deletes the faults for which match is true and reports how many it deleted.
func (fs *faultSet) remove(match func(Fault) bool) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.removeLocked(match)
}

func (fs *faultSet) removeLocked(match func(Fault) bool) int {
	removed := 0
	for sc, list := range fs.byScope {
		kept := slices.DeleteFunc(list, func(f *active) bool { return match(f.Fault) })
		removed += len(list) - len(kept)
		if len(kept) == 0 {
			delete(fs.byScope, sc)
		} else {
			fs.byScope[sc] = kept
		}
	}
	fs.n.Add(int32(-removed))
	return removed
}

// resetLocked removes the faults the filter picks and activates again the start-up faults it
// picks, already checked by New, in their order.
func (fs *faultSet) resetLocked(sf ScopeFilter, startup []Fault) {
	fs.removeLocked(func(f Fault) bool { return sf.matches(f.Scope) })
	for _, f := range startup {
		if sf.matches(f.Scope) {
			// Best effort: New checked that MaxFaults holds them all, but a scoped reset keeps
			// the other scopes' faults, which may have filled the room since.
			_ = fs.addLocked(f)
		}
	}
}
