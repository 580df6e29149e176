package mock

import (
	"errors"
	"sync"
)

// Outcomes of store operations; handlers turn them into MX's messages.
var (
	errNotFound = errors.New("not found")
	errNoOwner  = errors.New("owner not found")
	errExists   = errors.New("already exists")
	errFull     = errors.New("store full")
)

// store holds every client's users, members and feed accounts. One mutex guards it all: the
// work under it is a few map operations, and one lock keeps cascades (user -> members ->
// accounts) trivially consistent.
type store struct {
	mu       sync.Mutex
	data     map[int]*clientData // by clientInfo.idx, made on first write
	objects  int                 // users + members, across clients
	max      int
	seed     []Account
	accounts map[string][]Account // feed accounts by AccountID
}

// clientData is one client's objects. Users and members are found by MX guid or external guid;
// the two never collide because external guids may not use the USR-/MBR- prefixes.
type clientData struct {
	users   map[string]*user // both ids -> user
	members map[string]*member
}

func newStore(seed []Account, max int) *store {
	st := &store{max: max, seed: seed}
	st.resetLocked()
	return st
}

// reset forgets users and members and puts the feed accounts back to the seed.
func (st *store) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.resetLocked()
}

func (st *store) resetLocked() {
	st.data = make(map[int]*clientData)
	st.objects = 0
	st.accounts = make(map[string][]Account, len(st.seed))
	for _, a := range st.seed {
		st.accounts[a.AccountID] = append(st.accounts[a.AccountID], a)
	}
}

// client returns a client's data, or nil if it has none yet (callers only read).
func (st *store) client(ci *clientInfo) *clientData { return st.data[ci.idx] }

// clientForWrite returns a client's data, making it on first use.
func (st *store) clientForWrite(ci *clientInfo) *clientData {
	cd := st.data[ci.idx]
	if cd == nil {
		cd = &clientData{users: make(map[string]*user), members: make(map[string]*member)}
		st.data[ci.idx] = cd
	}
	return cd
}

func (st *store) findUser(ci *clientInfo, id string) *user {
	if cd := st.client(ci); cd != nil {
		return cd.users[id]
	}
	return nil
}

func (st *store) findMember(ci *clientInfo, id string) *member {
	if cd := st.client(ci); cd != nil {
		return cd.members[id]
	}
	return nil
}

// room reports whether one more user or member fits under MaxObjects.
func (st *store) room() bool { return st.objects < st.max }

// counts reports users, members and feed accounts, for tests and the health check.
func (st *store) counts() (users, members, accounts int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, cd := range st.data {
		for id, u := range cd.users {
			if id == u.guid {
				users++
			}
		}
		for id, m := range cd.members {
			if id == m.guid {
				members++
			}
		}
	}
	for _, list := range st.accounts {
		accounts += len(list)
	}
	return users, members, accounts
}
