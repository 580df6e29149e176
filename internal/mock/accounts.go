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

// inClient reports whether a feed account belongs to the client ("" = any client).
func inClient(a Account, ci *clientInfo) bool {
	return a.Client == "" || a.Client == ci.guid ||
		(ci.ExternalGUID != "" && a.Client == ci.ExternalGUID)
}

// ofMember reports whether a feed account names the member by MX or external guid.
func ofMember(a Account, m *member) bool {
	return a.Member == m.guid || (m.ext != "" && a.Member == m.ext)
}
