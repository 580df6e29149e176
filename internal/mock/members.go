package mock

import (
	"net/http"
	"strings"
)

// Defaults for what MX fills in itself when a partner sends no name or institution_guid.
const (
	defaultInstitutionGUID = "INS-1572a04c-912b-59bf-5841-332c7dfafaef"
	defaultMemberName      = "MX Bank (mxmock)"
)

// member is one stored member; view is its rendered body, rebuilt on every change.
type member struct {
	guid, ext   string
	owner       *user
	name        string
	institution string
	credentials []credential // kept so an update has something to replace; never answered
	view        []byte
}

func (s *Server) handleMemberCreate(w http.ResponseWriter, r *http.Request, c call) {
	in := input{f: c.body}
	owner := in.guid("external_user_guid") // either field takes an MX or an external guid
	if owner == "" {
		owner = in.guid("user_guid")
	}
	creds := in.credentials("credentials")
	ext := in.guid("external_member_guid")
	name, inst := in.str("name"), in.str("institution_guid")
	switch {
	case in.err != "":
		writeError(w, http.StatusBadRequest, in.err)
		return
	case owner == "":
		writeError(w, http.StatusBadRequest, "Missing required field: external_user_guid or user_guid.")
		return
	case len(creds) == 0:
		writeError(w, http.StatusBadRequest, "Missing required field: credentials.")
		return
	case strings.HasPrefix(ext, "MBR-"):
		writeError(w, http.StatusBadRequest, "Invalid format for external member guid")
		return
	}
	m := &member{guid: newGUID("MBR-"), ext: ext, name: defaultMemberName,
		institution: defaultInstitutionGUID, credentials: creds}
	m.set(name, inst)
	view, err := s.store.addMember(c.client, owner, m)
	switch err {
	case errNoOwner:
		writeError(w, http.StatusBadRequest, userNotFound(owner))
		return
	case errExists:
		writeError(w, http.StatusBadRequest, "Member already exists with guid "+ext)
		return
	case errFull:
		writeError(w, http.StatusInsufficientStorage, s.fullMessage())
		return
	}
	writeBody(w, http.StatusOK, view)
}

func (s *Server) handleMemberRead(w http.ResponseWriter, r *http.Request, c call) {
	s.store.mu.Lock()
	var view []byte
	if m := s.store.findMember(c.client, r.PathValue("id")); m != nil {
		view = m.view
	}
	s.store.mu.Unlock()
	if view == nil {
		writeError(w, http.StatusInternalServerError, memberNotFound)
		return
	}
	writeBody(w, http.StatusOK, view)
}

func (s *Server) handleMemberUpdate(w http.ResponseWriter, r *http.Request, c call) {
	in := input{f: c.body}
	creds := in.credentials("credentials")
	name, inst := in.str("name"), in.str("institution_guid")
	switch {
	case in.err != "":
		writeError(w, http.StatusBadRequest, in.err)
		return
	case creds != nil && len(creds) == 0:
		writeError(w, http.StatusBadRequest, "Field credentials must hold at least one credential.")
		return
	}
	s.store.mu.Lock()
	var view []byte
	if m := s.store.findMember(c.client, r.PathValue("id")); m != nil {
		if creds != nil {
			m.credentials = creds
		}
		m.set(name, inst)
		view = m.view
	}
	s.store.mu.Unlock()
	if view == nil {
		writeError(w, http.StatusInternalServerError, memberNotFound)
		return
	}
	writeBody(w, http.StatusOK, view)
}

func (s *Server) handleMemberDelete(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	s.store.mu.Lock()
	m := s.store.findMember(c.client, id)
	if m != nil {
		s.store.removeMemberLocked(c.client, m)
	}
	s.store.mu.Unlock()
	if m == nil {
		writeError(w, http.StatusBadRequest, "Member with guid "+id+" not found")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// set changes name and institution when given and renders the member again.
func (m *member) set(name, inst *string) {
	if name != nil {
		m.name = *name
	}
	if inst != nil {
		m.institution = *inst
	}
	if m.owner != nil {
		m.view = m.render()
	}
}

// addMember stores m under the user named by owner (MX guid or external guid) and returns its body.
func (st *store) addMember(ci *clientInfo, owner string, m *member) ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cd := st.clientForWrite(ci)
	u := cd.users[owner]
	switch {
	case u == nil:
		return nil, errNoOwner
	case m.ext != "" && cd.members[m.ext] != nil:
		return nil, errExists
	case !st.room():
		return nil, errFull
	}
	m.owner = u
	m.view = m.render()
	if u.members == nil {
		u.members = make(map[string]*member)
	}
	u.members[m.guid] = m
	cd.members[m.guid] = m
	if m.ext != "" {
		cd.members[m.ext] = m
	}
	st.objects++
	return m.view, nil
}

// removeMemberLocked removes a member and its feed accounts; the caller holds st.mu.
func (st *store) removeMemberLocked(ci *clientInfo, m *member) {
	cd := st.client(ci)
	delete(cd.members, m.guid)
	delete(cd.members, m.ext)
	delete(m.owner.members, m.guid)
	st.removeAccountsLocked(ci, m)
	st.objects--
}
