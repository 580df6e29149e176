package mock

import (
	"net/http"
	"strings"
)

// user is one stored user. view is its rendered body for create and read, rebuilt on every
// change, so a read is a map lookup and a write.
type user struct {
	guid, ext  string
	client     *clientInfo
	loginToken string
	profile
	members map[string]*member // by MX guid
	view    []byte
}

// profile is what a partner may set on a user; nil means not set (null in the response).
type profile struct {
	email, firstName, lastName, phone, birthday, zip *string
	sex, creditScore                                 *int
	status                                           *string // ENABLED or DISABLED
}

// readProfile reads the optional user fields shared by POST and PUT /user.
func (in *input) readProfile() profile {
	p := profile{
		email:       in.str("email"),
		firstName:   in.str("first_name"),
		lastName:    in.str("last_name"),
		phone:       in.str("phone"),
		birthday:    in.date("birthdate"), // MX takes birthdate and answers birthday
		zip:         in.zip("zip_code"),
		creditScore: in.integer("credit_score"),
		status:      in.oneOf("status", "ENABLED", "DISABLED"),
	}
	if sex := in.oneOf("sex", "MALE", "FEMALE"); sex != nil {
		code := 0 // MX answers MALE as 0 and FEMALE as 1
		if *sex == "FEMALE" {
			code = 1
		}
		p.sex = &code
	}
	return p
}

// merge overwrites the fields q sets.
func (p *profile) merge(q profile) {
	for _, f := range []struct{ dst, src **string }{
		{&p.email, &q.email}, {&p.firstName, &q.firstName}, {&p.lastName, &q.lastName},
		{&p.phone, &q.phone}, {&p.birthday, &q.birthday}, {&p.zip, &q.zip}, {&p.status, &q.status},
	} {
		if *f.src != nil {
			*f.dst = *f.src
		}
	}
	if q.sex != nil {
		p.sex = q.sex
	}
	if q.creditScore != nil {
		p.creditScore = q.creditScore
	}
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request, c call) {
	in := input{f: c.body}
	ext, old := in.guid("external_user_guid"), in.guid("external_guid")
	p := in.readProfile()
	switch {
	case in.err != "":
		writeError(w, http.StatusBadRequest, in.err)
		return
	case ext != "" && old != "" && ext != old:
		writeError(w, http.StatusBadRequest, "Fields external_user_guid and external_guid differ: send one of them.")
		return
	}
	if ext == "" {
		ext = old // the older name of the same field
	}
	if strings.HasPrefix(ext, "USR-") {
		writeError(w, http.StatusBadRequest, "Invalid format for external user guid.")
		return
	}
	u := &user{guid: newGUID("USR-"), ext: ext, client: c.client, loginToken: newLoginToken(), profile: p}
	u.view = u.render(userStatus(u.status))
	switch s.store.addUser(c.client, u) {
	case errExists:
		writeError(w, http.StatusBadRequest, "User already exists with guid "+ext)
		return
	case errFull:
		writeError(w, http.StatusInsufficientStorage, s.fullMessage())
		return
	}
	writeBody(w, http.StatusOK, u.view)
}

func (s *Server) handleUserRead(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	s.store.mu.Lock()
	var view []byte
	if u := s.store.findUser(c.client, id); u != nil {
		view = u.view
	}
	s.store.mu.Unlock()
	if view == nil {
		writeError(w, http.StatusBadRequest, userNotFound(id))
		return
	}
	writeBody(w, http.StatusOK, view)
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	in := input{f: c.body}
	p := in.readProfile()
	if in.err != "" {
		writeError(w, http.StatusBadRequest, in.err)
		return
	}
	s.store.mu.Lock()
	var body []byte
	if u := s.store.findUser(c.client, id); u != nil {
		u.merge(p)
		u.view = u.render(userStatus(u.status))
		// MX's update sample answers this status object whatever the request set.
		body = u.render(statusJSON{Status: 2, Name: "User update succeeded"})
	}
	s.store.mu.Unlock()
	if body == nil {
		writeError(w, http.StatusBadRequest, userNotFound(id))
		return
	}
	writeBody(w, http.StatusOK, body)
}

func (s *Server) handleUserDelete(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	if !s.store.deleteUser(c.client, id) {
		writeError(w, http.StatusBadRequest, userNotFound(id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// addUser stores u unless its external guid is taken in the client or the store is full.
func (st *store) addUser(ci *clientInfo, u *user) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	cd := st.clientForWrite(ci)
	if u.ext != "" && cd.users[u.ext] != nil {
		return errExists
	}
	if !st.room() {
		return errFull
	}
	cd.users[u.guid] = u
	if u.ext != "" {
		cd.users[u.ext] = u
	}
	st.objects++
	return nil
}

// deleteUser removes a user, its members and their feed accounts.
func (st *store) deleteUser(ci *clientInfo, id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	u := st.findUser(ci, id)
	if u == nil {
		return false
	}
	for _, m := range u.members {
		st.removeMemberLocked(ci, m)
	}
	cd := st.client(ci)
	delete(cd.users, u.guid)
	delete(cd.users, u.ext)
	st.objects--
	return true
}
