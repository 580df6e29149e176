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

// member is one stored member; view is its answer, rendered after each change (the store's
// lock guards it).
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
	body, err := s.store.createMember(c.client, owner, m)
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
	writeBody(w, http.StatusOK, body)
}

func (s *Server) handleMemberRead(w http.ResponseWriter, r *http.Request, c call) {
	body := s.store.readMember(c.client, r.PathValue("id"))
	if body == nil {
		writeError(w, http.StatusInternalServerError, memberNotFound)
		return
	}
	writeBody(w, http.StatusOK, body)
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
	body := s.store.updateMember(c.client, r.PathValue("id"), creds, name, inst)
	if body == nil {
		writeError(w, http.StatusInternalServerError, memberNotFound)
		return
	}
	writeBody(w, http.StatusOK, body)
}

func (s *Server) handleMemberDelete(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	if !s.store.deleteMember(c.client, id) {
		writeError(w, http.StatusBadRequest, "Member with guid "+id+" not found")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// set changes name and institution when given; the next answer renders them.
func (m *member) set(name, inst opt[string]) {
	if name.set {
		m.name = name.v
	}
	if inst.set {
		m.institution = inst.v
	}
	m.view = nil
}

// bodyLocked returns the member's answer, rendering it after a change; the caller holds the
// store's lock.
func (m *member) bodyLocked() []byte {
	if m.view == nil {
		m.view = m.render()
	}
	return m.view
}
