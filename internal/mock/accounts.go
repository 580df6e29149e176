package mock

import "net/http"

// Feed accounts come from the seed and from POST /_mxmock/accounts: MX learns them from the
// institution's data feed, which the mock does not have. Only deleting them is an MX route.

func (s *Server) handleAccountDelete(w http.ResponseWriter, r *http.Request, c call) {
	memberID, accountID := r.PathValue("member_id"), r.PathValue("account_id")
	if !s.store.deleteAccount(c.client, memberID, accountID) {
		// 400 is the mock's choice: MX documents the message, not the status.
		writeError(w, http.StatusBadRequest,
			"Could not find account with id "+accountID+" and member id "+memberID)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteAccount removes the feed account accountID of the member named memberID (MX guid or
// external guid). With no such member, the feed's member string must equal memberID as sent.
func (st *store) deleteAccount(ci *clientInfo, memberID, accountID string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.findMember(ci, memberID)
	return st.removeAccountsWhere(accountID, func(a Account) bool {
		if !a.inClient(ci) {
			return false
		}
		if m != nil {
			return a.ofMember(m)
		}
		return a.Member == memberID
	})
}

// removeAccountsLocked removes every feed account of a member that is being deleted.
func (st *store) removeAccountsLocked(ci *clientInfo, m *member) {
	for id := range st.accounts {
		st.removeAccountsWhere(id, func(a Account) bool { return a.inClient(ci) && a.ofMember(m) })
	}
}

// removeAccountsWhere removes the accounts with this id that match; it reports whether any did.
func (st *store) removeAccountsWhere(accountID string, match func(Account) bool) bool {
	list := st.accounts[accountID]
	kept := list[:0]
	for _, a := range list {
		if !match(a) {
			kept = append(kept, a)
		}
	}
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

// addAccounts adds feed accounts (control API).
func (st *store) addAccounts(accts []Account) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, a := range accts {
		st.accounts[a.AccountID] = append(st.accounts[a.AccountID], a)
	}
}

func (a Account) inClient(ci *clientInfo) bool {
	return a.Client == "" || a.Client == ci.guid ||
		(ci.ExternalGUID != "" && a.Client == ci.ExternalGUID)
}

func (a Account) ofMember(m *member) bool {
	return a.Member == m.guid || (m.ext != "" && a.Member == m.ext)
}
