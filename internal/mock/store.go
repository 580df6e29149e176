package mock

import (
	"errors"
	"sync"
)

// Outcomes of store operations; handlers turn them into MX's messages.
var (
	errNoOwner = errors.New("owner not found")
	errExists  = errors.New("already exists")
	errFull    = errors.New("store full")
)

// store holds every client's users, members and feed accounts behind one mutex: the work under
// it is a few map operations and one render, and one lock keeps cascades (user -> members ->
// accounts) trivially consistent.
//
// Its methods below are the only way in. Each locks with defer and returns the rendered answer
// while it still holds the lock, so no handler ever touches a stored object, and a panic (marshal
// panics on purpose) cannot leave the mutex held. Helpers whose names end in Locked expect the
// caller to hold st.mu.
type store struct {
	mu          sync.Mutex
	data        map[int]*clientData // by clientInfo.idx, made on first write
	objects     int                 // users + members, across clients
	max         int                 // MaxObjects
	seed        []Account
	accounts    map[string][]Account // feed accounts by AccountID
	nAccounts   int                  // in accounts
	maxAccounts int
}

// clientData is one client's objects. Users and members are found by MX guid or external guid;
// the two never collide because external guids may not use the USR-/MBR- prefixes.
type clientData struct {
	users   map[string]*user // both ids -> user
	members map[string]*member
}

func newStore(seed []Account, maxObjects, maxAccounts int) *store {
	st := &store{max: maxObjects, seed: seed, maxAccounts: maxAccounts}
	st.resetLocked()
	return st
}

// createUser stores u unless its external guid is taken in the client or the store is full,
// and returns the create answer.
func (st *store) createUser(ci *clientInfo, u *user) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cd := st.clientForWriteLocked(ci)
	switch {
	case u.ext != "" && cd.users[u.ext] != nil:
		return nil, errExists
	case !st.roomLocked():
		return nil, errFull
	}
	cd.users[u.guid] = u
	if u.ext != "" {
		cd.users[u.ext] = u
	}
	st.objects++
	return u.createdBody(), nil
}

// readUser returns the read answer of the user id names (MX guid or external guid), or nil.
func (st *store) readUser(ci *clientInfo, id string) []byte {
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.findUserLocked(ci, id)
	if u == nil {
		return nil
	}
	return u.readBodyLocked()
}

// updateUser overwrites the fields p sets and returns the update answer, or nil for no such user.
func (st *store) updateUser(ci *clientInfo, id string, p profile) []byte {
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.findUserLocked(ci, id)
	if u == nil {
		return nil
	}
	u.merge(p)
	u.view = nil // the read answer is rendered again on the next read
	return u.updatedBody()
}

// deleteUser removes a user, its members and their feed accounts; false for no such user.
func (st *store) deleteUser(ci *clientInfo, id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.findUserLocked(ci, id)
	if u == nil {
		return false
	}
	for _, m := range u.members {
		st.removeMemberLocked(ci, m)
	}
	cd := st.clientLocked(ci)
	delete(cd.users, u.guid)
	delete(cd.users, u.ext)
	st.objects--
	return true
}

// createMember stores m under the user owner names (MX guid or external guid) and returns the
// member's answer.
func (st *store) createMember(ci *clientInfo, owner string, m *member) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cd := st.clientForWriteLocked(ci)
	u := cd.users[owner]
	switch {
	case u == nil:
		return nil, errNoOwner
	case m.ext != "" && cd.members[m.ext] != nil:
		return nil, errExists
	case !st.roomLocked():
		return nil, errFull
	}
	m.owner = u
	if u.members == nil {
		u.members = make(map[string]*member)
	}
	u.members[m.guid] = m
	cd.members[m.guid] = m
	if m.ext != "" {
		cd.members[m.ext] = m
	}
	st.objects++
	return m.bodyLocked(), nil
}

// readMember returns the answer of the member id names, or nil.
func (st *store) readMember(ci *clientInfo, id string) []byte {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.findMemberLocked(ci, id)
	if m == nil {
		return nil
	}
	return m.bodyLocked()
}

// updateMember replaces what the request sets (nil: left as it is) and returns the member's
// answer, or nil for no such member.
func (st *store) updateMember(ci *clientInfo, id string, creds []credential, name, institution opt[string]) []byte {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.findMemberLocked(ci, id)
	if m == nil {
		return nil
	}
	if creds != nil {
		m.credentials = creds
	}
	m.set(name, institution)
	return m.bodyLocked()
}

// deleteMember removes a member and its feed accounts; false for no such member.
func (st *store) deleteMember(ci *clientInfo, id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.findMemberLocked(ci, id)
	if m == nil {
		return false
	}
	st.removeMemberLocked(ci, m)
	return true
}

// deleteAccount removes the feed account accountID of the member named memberID (MX guid or
// external guid). With no such member, the feed's member string must equal memberID as sent.
func (st *store) deleteAccount(ci *clientInfo, memberID, accountID string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.findMemberLocked(ci, memberID)
	return st.removeAccountsWhereLocked(accountID, func(a Account) bool {
		if !inClient(a, ci) {
			return false
		}
		if m != nil {
			return ofMember(a, m)
		}
		return a.Member == memberID
	})
}

// addAccounts adds feed accounts (control API), all or none: they must fit under MaxAccounts.
func (st *store) addAccounts(accts []Account) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(accts) > st.maxAccounts-st.nAccounts {
		return fullAccounts(st.maxAccounts)
	}
	st.addAccountsLocked(accts)
	return nil
}

// counts reports users, members and feed accounts, for tests.
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

func (st *store) resetLocked() {
	st.data = make(map[int]*clientData)
	st.objects = 0
	st.accounts = make(map[string][]Account, len(st.seed))
	st.nAccounts = 0
	st.addAccountsLocked(st.seed)
}

func (st *store) addAccountsLocked(accts []Account) {
	for _, a := range accts {
		st.accounts[a.AccountID] = append(st.accounts[a.AccountID], a)
	}
	st.nAccounts += len(accts)
}

// clientLocked returns a client's data, or nil if it has none yet (callers only read).
func (st *store) clientLocked(ci *clientInfo) *clientData { return st.data[ci.idx] }

// clientForWriteLocked returns a client's data, making it on first use.
func (st *store) clientForWriteLocked(ci *clientInfo) *clientData {
	cd := st.data[ci.idx]
	if cd == nil {
		cd = &clientData{users: make(map[string]*user), members: make(map[string]*member)}
		st.data[ci.idx] = cd
	}
	return cd
}

func (st *store) findUserLocked(ci *clientInfo, id string) *user {
	if cd := st.clientLocked(ci); cd != nil {
		return cd.users[id]
	}
	return nil
}

func (st *store) findMemberLocked(ci *clientInfo, id string) *member {
	if cd := st.clientLocked(ci); cd != nil {
		return cd.members[id]
	}
	return nil
}

// roomLocked reports whether one more user or member fits under MaxObjects.
func (st *store) roomLocked() bool { return st.objects < st.max }

// removeMemberLocked removes a member and its feed accounts.
func (st *store) removeMemberLocked(ci *clientInfo, m *member) {
	cd := st.clientLocked(ci)
	delete(cd.members, m.guid)
	delete(cd.members, m.ext)
	delete(m.owner.members, m.guid)
	for id := range st.accounts {
		st.removeAccountsWhereLocked(id, func(a Account) bool { return inClient(a, ci) && ofMember(a, m) })
	}
	st.objects--
}

// removeAccountsWhereLocked removes the accounts with this id that match; it reports whether any did.
func (st *store) removeAccountsWhereLocked(accountID string, match func(Account) bool) bool {
	list := st.accounts[accountID]
	kept := list[:0]
	for _, a := range list {
		if !match(a) {
			kept = append(kept, a)
		}
	}
	st.nAccounts -= len(list) - len(kept)
	switch {
	case len(kept) == len(list):
		return false
	case len(kept) == 0:
		delete(st.accounts, accountID)
	default:
		st.accounts[accountID] = kept
	}
	return true
}
