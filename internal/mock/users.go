package mock

import (
	"net/http"
	"strings"
)

// user is one stored user. view is its read answer, rendered on the first read after a change
// and kept, so most reads are a map lookup and a write; the store's lock guards it.
type user struct {
	guid, ext  string
	client     *clientInfo
	loginToken string
	profile
	members map[string]*member // by MX guid
	view    []byte
}

// profile is what a partner may set on a user; a field not set is null in the answers. The
// values live in the user itself, so a stored user is one allocation, not one per field.
type profile struct {
	email, firstName, lastName, phone, birthday, zip opt[string]
	sex, creditScore                                 opt[int]
	status                                           opt[string] // ENABLED or DISABLED
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
	if sex := in.oneOf("sex", "MALE", "FEMALE"); sex.set {
		p.sex = some(0) // MX answers MALE as 0 and FEMALE as 1
		if sex.v == "FEMALE" {
			p.sex = some(1)
		}
	}
	return p
}

// merge overwrites the fields q sets.
func (p *profile) merge(q profile) {
	for _, f := range []struct{ dst, src *opt[string] }{
		{&p.email, &q.email}, {&p.firstName, &q.firstName}, {&p.lastName, &q.lastName},
		{&p.phone, &q.phone}, {&p.birthday, &q.birthday}, {&p.zip, &q.zip}, {&p.status, &q.status},
	} {
		if f.src.set {
			*f.dst = *f.src
		}
	}
	if q.sex.set {
		p.sex = q.sex
	}
	if q.creditScore.set {
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
	body, err := s.store.createUser(c.client, u)
	switch err {
	case errExists:
		writeError(w, http.StatusBadRequest, "User already exists with guid "+ext)
		return
	case errFull:
		writeError(w, http.StatusInsufficientStorage, s.fullMessage())
		return
	}
	writeBody(w, http.StatusOK, body)
}

func (s *Server) handleUserRead(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	body := s.store.readUser(c.client, id)
	if body == nil {
		writeError(w, http.StatusBadRequest, userNotFound(id))
		return
	}
	writeBody(w, http.StatusOK, body)
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request, c call) {
	id := r.PathValue("id")
	in := input{f: c.body}
	p := in.readProfile()
	if in.err != "" {
		writeError(w, http.StatusBadRequest, in.err)
		return
	}
	body := s.store.updateUser(c.client, id, p)
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
