// Package livehost is a stand-in for MX's integration host in the project's tests of live mode:
// written from MX's docs apart from mxmock, it answers every documented error with MX's text and
// differs from mxmock wherever the docs allow (a 201 for a create, a dropped connection for a bad
// key, an HTML 404), or, on request, where they do not (it accepts what MX refuses, or its delete
// route is elsewhere). It counts what it holds, so a test can check what a run left behind
// without trusting the run's own ledger.
package livehost

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// Behaviour says how the host answers where it may differ from mxmock.
type Behaviour struct {
	// Within the docs, which give a status for Read User alone and say a bad key "fails with no
	// return".
	CreateStatus   int  // a create's success status; 0: 200
	DeleteStatus   int  // a delete's success status; 0: 204
	DeleteBody     bool // a delete answers {"status": "deleted"}
	SilentOnBadKey bool // a missing or wrong key gets no answer: the connection is closed
	HTML404        bool // a wrong URL or Content-Type gets an HTML 404, not an empty one

	// Outside the docs.
	AcceptReserved   bool // creates external guids with MX's USR-/MBR- prefixes (no U2, M2)
	AcceptBadInput   bool // takes what MX refuses: no or a wrong key, bodies that are no JSON object, a member without credentials or user
	IgnoreDuplicates bool // a second create of the same external guid answers success (no U3, M3)
	UpsertOnUpdate   bool // a PUT of an unknown guid creates it (no U1, M1 on update)
	DeleteElsewhere  bool // DELETE on the configured routes answers a bare HTML 404: the inferred delete route is wrong here
}

// Host is a running stand-in.
type Host struct {
	URL string

	srv      *httptest.Server
	key      string
	clients  map[string]bool
	mu       sync.Mutex
	b        Behaviour
	users    map[string]*user // by guid and by external guid
	members  map[string]*member
	next     int
	hold     string        // a "METHOD /pattern" whose requests wait for Release
	release  chan struct{} // closed by Release
	held     atomic.Int32  // requests waiting now
	requests atomic.Int64
}

type user struct{ guid, ext, client, token string }

type member struct{ guid, ext, owner string }

// Start serves a host on 127.0.0.1 for the key and the clients it may use.
func Start(key string, clients []string, b Behaviour) *Host {
	h := &Host{key: key, clients: map[string]bool{}, b: b, users: map[string]*user{}, members: map[string]*member{},
		release: make(chan struct{})}
	for _, c := range clients {
		h.clients[c] = true
	}
	mux := http.NewServeMux()
	for pattern, handle := range map[string]func(http.ResponseWriter, *http.Request, string){
		"POST /user": h.createUser, "GET /user/{id}": h.readUser, "PUT /user/{id}": h.updateUser, "DELETE /user/{id}": h.deleteUser,
		"POST /member": h.createMember, "GET /member/{id}": h.readMember, "PUT /member/{id}": h.updateMember,
		"DELETE /member/{id}": h.deleteMember, "DELETE /member/{member_id}/account/{account_id}": h.deleteAccount,
	} {
		mux.HandleFunc(pattern, h.route(pattern, handle))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { h.notFound(w) })
	h.srv = httptest.NewServer(mux)
	h.URL = h.srv.URL
	return h
}

// Close stops the host.
func (h *Host) Close() {
	h.Release()
	h.srv.Close()
}

// Holds counts users and members the host keeps.
func (h *Host) Holds() (users, members int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, u := range h.users {
		if id == u.guid {
			users++
		}
	}
	for id, m := range h.members {
		if id == m.guid {
			members++
		}
	}
	return users, members
}

// Names lists the external guids (or MX guids, for those without one) of what the host keeps.
func (h *Host) Names() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var names []string
	for id, u := range h.users {
		if id == u.guid {
			names = append(names, cmp.Or(u.ext, u.guid))
		}
	}
	for id, m := range h.members {
		if id == m.guid {
			names = append(names, cmp.Or(m.ext, m.guid))
		}
	}
	return names
}

// Requests counts the requests the host has seen.
func (h *Host) Requests() int64 { return h.requests.Load() }

// SetBehaviour changes how the host answers from now on: the team mended its route table, say.
func (h *Host) SetBehaviour(b Behaviour) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.b = b
}

// Hold makes requests on one route ("POST /member") wait until Release; Held says how many wait.
func (h *Host) Hold(pattern string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hold = pattern
}

// Held is the number of requests waiting for Release.
func (h *Host) Held() int { return int(h.held.Load()) }

// Release lets the held requests go on.
func (h *Host) Release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.release:
	default:
		close(h.release)
	}
}

func (h *Host) behaviour() Behaviour {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.b
}

// route checks what every MX request needs, in MX's order, then calls the handler with c.
func (h *Host) route(pattern string, handle func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		h.mu.Lock()
		hold := h.hold == pattern
		h.mu.Unlock()
		if hold {
			h.held.Add(1)
			<-h.release
			h.held.Add(-1)
		}
		b := h.behaviour()
		if b.DeleteElsewhere && r.Method == http.MethodDelete {
			h.notFound(w)
			return
		}
		if (r.Method == http.MethodPost || r.Method == http.MethodPut) && !isJSON(r.Header.Get("Content-Type")) {
			h.notFound(w) // MX: a POST or PUT without application/json is a 404
			return
		}
		q := r.URL.Query()
		if q.Get("k") != h.key && !b.AcceptBadInput {
			if b.SilentOnBadKey {
				hangUp(w) // MX: a bad key "fails with no return"
				return
			}
			writeError(w, http.StatusForbidden, "Forbidden.")
			return
		}
		c := q.Get("c")
		switch {
		case c == "":
			writeError(w, http.StatusBadRequest, "Client guid required.")
			return
		case !h.clients[c] && pattern == "POST /user":
			writeError(w, http.StatusInternalServerError, "Create user failed: Client must be associated.") // U4
			return
		case !h.clients[c]:
			writeError(w, http.StatusForbidden, "Client not associated.")
			return
		}
		handle(w, r, c)
	}
}

func (h *Host) notFound(w http.ResponseWriter) {
	if h.behaviour().HTML404 || h.behaviour().DeleteElsewhere {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html><body><h1>Not Found</h1></body></html>")
		return
	}
	w.WriteHeader(http.StatusNotFound)
}

func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// guidField finds a string field in a body a strict parser refused: the lenient host's parser
// takes what it can.
var guidField = regexp.MustCompile(`"(external_user_guid|external_member_guid)"\s*:\s*"([^"]*)"`)

// body decodes a JSON object. A lenient host takes the first object of an array, and fishes
// guids out of malformed JSON; ok false means the answer is written.
func (h *Host) body(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	lenient := h.behaviour().AcceptBadInput
	limit := int64(1 << 20)
	if lenient {
		limit = 8 << 20
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "Request too large.")
		return nil, false
	}
	var obj map[string]any
	if json.Unmarshal(data, &obj) == nil && obj != nil {
		return obj, true
	}
	if !lenient {
		writeError(w, http.StatusBadRequest, "Invalid JSON.")
		return nil, false
	}
	var list []map[string]any
	if json.Unmarshal(data, &list) == nil && len(list) > 0 {
		return list[0], true
	}
	obj = map[string]any{}
	for _, m := range guidField.FindAllStringSubmatch(string(data), -1) {
		obj[m[1]] = m[2]
	}
	return obj, true
}

func str(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

func (h *Host) newGUID(prefix string) string {
	h.next++
	return fmt.Sprintf("%s%08x-0000-4000-8000-%012x", prefix, h.next, h.next)
}

func (h *Host) userJSON(u *user) map[string]any {
	return map[string]any{"guid": u.guid, "external_guid": u.ext, "external_user_guid": u.ext, "client_guid": u.client,
		"login_token": u.token, "master_widget_url": "https://widgets.livehost.test/master?token=" + u.token,
		"status": map[string]any{"status": 1, "name": "ENABLED", "message": ""}}
}

func (h *Host) memberJSON(m *member) map[string]any {
	return map[string]any{"guid": m.guid, "user_guid": m.owner, "external_member_guid": m.ext,
		"status": map[string]any{"status": 1, "name": "ENABLED", "message": ""}}
}

func (h *Host) success(w http.ResponseWriter, status int, v any) {
	if status == 0 {
		status = http.StatusOK
	}
	writeJSON(w, status, v)
}

func (h *Host) createUser(w http.ResponseWriter, r *http.Request, c string) {
	obj, ok := h.body(w, r)
	if !ok {
		return
	}
	b := h.behaviour()
	ext := str(obj, "external_user_guid")
	if ext == "" {
		ext = str(obj, "external_guid")
	}
	if _, isString := obj["zip_code"].(string); obj["zip_code"] != nil && !isString && !b.AcceptBadInput {
		writeError(w, http.StatusBadRequest, "Invalid zip_code.")
		return
	}
	if strings.HasPrefix(ext, "USR-") && !b.AcceptReserved {
		writeError(w, http.StatusBadRequest, "Invalid format for external user guid.") // U2
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old := h.users[ext]; ext != "" && old != nil {
		if b.IgnoreDuplicates {
			h.success(w, b.CreateStatus, h.userJSON(old))
			return
		}
		writeError(w, http.StatusBadRequest, "User already exists with guid "+ext) // U3
		return
	}
	u := h.addUserLocked(ext, c)
	h.success(w, b.CreateStatus, h.userJSON(u))
}

func (h *Host) addUserLocked(ext, c string) *user {
	u := &user{guid: h.newGUID("USR-"), ext: ext, client: c, token: fmt.Sprintf("livehost-token-%08x-secret", h.next)}
	h.users[u.guid] = u
	if ext != "" {
		h.users[ext] = u
	}
	return u
}

func (h *Host) readUser(w http.ResponseWriter, r *http.Request, _ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	if u := h.users[id]; u != nil {
		writeJSON(w, http.StatusOK, h.userJSON(u))
		return
	}
	writeError(w, http.StatusBadRequest, "User with guid "+id+" not found.") // U1
}

func (h *Host) updateUser(w http.ResponseWriter, r *http.Request, c string) {
	obj, ok := h.body(w, r)
	if !ok {
		return
	}
	b := h.behaviour()
	if sex := str(obj, "sex"); obj["sex"] != nil && sex != "MALE" && sex != "FEMALE" && !b.AcceptBadInput {
		writeError(w, http.StatusBadRequest, "Invalid sex.")
		return
	}
	if _, isNumber := obj["credit_score"].(float64); obj["credit_score"] != nil && !isNumber && !b.AcceptBadInput {
		writeError(w, http.StatusBadRequest, "Invalid credit_score.")
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	u := h.users[id]
	if u == nil && b.UpsertOnUpdate {
		u = h.addUserLocked(id, c)
	}
	if u == nil {
		writeError(w, http.StatusBadRequest, "User with guid "+id+" not found.") // U1
		return
	}
	writeJSON(w, http.StatusOK, h.userJSON(u))
}

func (h *Host) deleteUser(w http.ResponseWriter, r *http.Request, _ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	u := h.users[id]
	if u == nil {
		writeError(w, http.StatusBadRequest, "User with guid "+id+" not found.") // U1
		return
	}
	for mid, m := range h.members {
		if m.owner == u.guid {
			delete(h.members, mid)
		}
	}
	delete(h.users, u.guid)
	delete(h.users, u.ext)
	h.deleted(w)
}

func (h *Host) deleted(w http.ResponseWriter) {
	b := h.b
	status := b.DeleteStatus
	if status == 0 {
		status = http.StatusNoContent
	}
	if b.DeleteBody && status != http.StatusNoContent {
		writeJSON(w, status, map[string]string{"status": "deleted"})
		return
	}
	w.WriteHeader(status)
}

func (h *Host) createMember(w http.ResponseWriter, r *http.Request, _ string) {
	obj, ok := h.body(w, r)
	if !ok {
		return
	}
	b := h.behaviour()
	owner := str(obj, "external_user_guid")
	if owner == "" {
		owner = str(obj, "user_guid")
	}
	creds, _ := obj["credentials"].([]any)
	switch {
	case owner == "" && !b.AcceptBadInput:
		writeError(w, http.StatusBadRequest, "external_user_guid or user_guid required.")
		return
	case len(creds) == 0 && !b.AcceptBadInput:
		writeError(w, http.StatusBadRequest, "credentials required.")
		return
	}
	ext := str(obj, "external_member_guid")
	if strings.HasPrefix(ext, "MBR-") && !b.AcceptReserved {
		writeError(w, http.StatusBadRequest, "Invalid format for external member guid") // M2
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	u := h.users[owner]
	if u == nil && !(owner == "" && b.AcceptBadInput) {
		writeError(w, http.StatusBadRequest, "User with guid "+owner+" not found.")
		return
	}
	if old := h.members[ext]; ext != "" && old != nil {
		if b.IgnoreDuplicates {
			h.success(w, b.CreateStatus, h.memberJSON(old))
			return
		}
		writeError(w, http.StatusBadRequest, "Member already exists with guid "+ext) // M3
		return
	}
	ownerGUID := ""
	if u != nil {
		ownerGUID = u.guid
	}
	m := h.addMemberLocked(ext, ownerGUID)
	h.success(w, b.CreateStatus, h.memberJSON(m))
}

func (h *Host) addMemberLocked(ext, owner string) *member {
	m := &member{guid: h.newGUID("MBR-"), ext: ext, owner: owner}
	h.members[m.guid] = m
	if ext != "" {
		h.members[ext] = m
	}
	return m
}

func (h *Host) readMember(w http.ResponseWriter, r *http.Request, _ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m := h.members[r.PathValue("id")]; m != nil {
		writeJSON(w, http.StatusOK, h.memberJSON(m))
		return
	}
	writeError(w, http.StatusInternalServerError, "Member not found.") // M1
}

func (h *Host) updateMember(w http.ResponseWriter, r *http.Request, _ string) {
	if _, ok := h.body(w, r); !ok {
		return
	}
	b := h.behaviour()
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	m := h.members[id]
	if m == nil && b.UpsertOnUpdate {
		m = h.addMemberLocked(id, "")
	}
	if m == nil {
		writeError(w, http.StatusInternalServerError, "Member not found.") // M1
		return
	}
	writeJSON(w, http.StatusOK, h.memberJSON(m))
}

func (h *Host) deleteMember(w http.ResponseWriter, r *http.Request, _ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	m := h.members[id]
	if m == nil {
		writeError(w, http.StatusBadRequest, "Member with guid "+id+" not found") // M4
		return
	}
	delete(h.members, m.guid)
	delete(h.members, m.ext)
	h.deleted(w)
}

// deleteAccount knows no feed accounts: every account is A1's.
func (h *Host) deleteAccount(w http.ResponseWriter, r *http.Request, _ string) {
	writeError(w, http.StatusBadRequest, "Could not find account with id "+r.PathValue("account_id")+" and member id "+r.PathValue("member_id"))
}
