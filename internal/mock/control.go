package mock

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"

	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// TokenHeader carries the control token when the mock has one.
const TokenHeader = wire.TokenHeader

// The control API, as Go methods: the HTTP handlers below call them, and Go tests that embed the
// mock (package mxmock) call them directly.

// AddFault checks a fault and makes it active; the answer carries its id. It fails with the
// control API's message when the fault is wrong or MaxFaults are active.
func (s *Server) AddFault(f Fault) (Fault, error) { return s.faults.add(f) }

// RemoveFault deletes the fault with this id and reports whether there was one (a one-shot
// fault is gone once it fired).
func (s *Server) RemoveFault(id string) bool {
	return s.faults.remove(func(f Fault) bool { return f.ID == id }) > 0
}

// RemoveFaults deletes the faults the filter picks and reports how many.
func (s *Server) RemoveFaults(sf ScopeFilter) int {
	return s.faults.remove(func(f Fault) bool { return sf.matches(f.Scope) })
}

// Faults returns the active faults in creation order.
func (s *Server) Faults() []Fault { return s.faults.all() }

// Reset puts the mock back to its start, in one step: no users or members, the seed's feed
// accounts, and only the start-up faults (Config.Faults, with new ids). A request served at the
// same time sees the state before or after, never a mix.
func (s *Server) Reset() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	s.faults.resetLocked(AllScopes, s.cfg.Faults)
	s.store.resetLocked()
}

// ResetFaults resets one scope's faults and nothing else, in one step: the faults the filter
// picks are deleted and the start-up faults it picks come back.
func (s *Server) ResetFaults(sf ScopeFilter) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.resetLocked(sf, s.cfg.Faults)
}

// AddAccounts adds feed accounts, all or none: each is checked, and together they must fit
// under MaxAccounts.
func (s *Server) AddAccounts(accts ...Account) error {
	for i, a := range accts {
		if err := checkAccount(a); err != nil {
			return problemf("Bad accounts body: accounts[%d]: %v.", i, err)
		}
	}
	return s.store.addAccounts(accts)
}

// control guards a control route: loopback callers only (unless AllowRemoteControl), and the
// token when one is set. Anyone who reaches it can break every test using this mock.
func (s *Server) control(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.AllowRemoteControl && !isLoopback(r.RemoteAddr) {
			writeError(w, http.StatusForbidden,
				"The control API answers loopback callers only (mxmock --control-remote allows others).")
			return
		}
		if s.cfg.ControlToken != "" &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(s.cfg.ControlToken)) != 1 {
			writeError(w, http.StatusUnauthorized, "Missing or wrong "+TokenHeader+" header.")
			return
		}
		h(w, r)
	}
}

// isLoopback reports whether a RemoteAddr is a loopback address; anything unparsable is not.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeBody(w, http.StatusOK, []byte(`{"status":"ok"}`))
}

// handleReset resets everything (Reset), or with ?scope_header= / ?scope_client= only that
// scope's faults (ResetFaults).
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	if sf, scoped := scopeFilter(r.URL.Query()); scoped {
		s.ResetFaults(sf)
	} else {
		s.Reset()
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleAccountsAdd(w http.ResponseWriter, r *http.Request) {
	data, status, msg := s.controlBody(w, r)
	if msg != "" {
		writeError(w, status, msg)
		return
	}
	accts, err := decodeAccounts(data)
	if err != nil {
		writeError(w, http.StatusBadRequest, "Bad accounts body: "+err.Error()+".")
		return
	}
	if err := s.store.addAccounts(accts); err != nil {
		writeError(w, controlStatus(err), err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, wire.Added{Added: len(accts)})
}

func (s *Server) handleFaultCreate(w http.ResponseWriter, r *http.Request) {
	data, status, msg := s.controlBody(w, r)
	if msg != "" {
		writeError(w, status, msg)
		return
	}
	var f Fault // an "id" in the body is ignored: the mock names faults
	if err := strictDecode(data, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Bad fault body: "+err.Error()+".")
		return
	}
	f, err := s.AddFault(f)
	if err != nil {
		writeError(w, controlStatus(err), err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, f)
}

func (s *Server) handleFaultList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, wire.FaultList{Faults: s.Faults()})
}

func (s *Server) handleFaultDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.RemoveFault(id) {
		writeError(w, http.StatusNotFound, "No fault with id "+id+".")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleFaultDeleteAll deletes every fault, or only those whose scope has the given
// scope_header and/or scope_client (a present but empty value matches an empty scope).
func (s *Server) handleFaultDeleteAll(w http.ResponseWriter, r *http.Request) {
	sf, _ := scopeFilter(r.URL.Query())
	s.RemoveFaults(sf)
	w.WriteHeader(http.StatusNoContent)
}

// controlStatus is the status of a control-API problem: 507 for a limit reached, else 400.
func controlStatus(err error) int {
	if _, ok := errors.AsType[limitError](err); ok {
		return http.StatusInsufficientStorage
	}
	return http.StatusBadRequest
}

// scopeFilter reads ?scope_header= and ?scope_client=; scoped is false when neither is there.
func scopeFilter(q url.Values) (sf ScopeFilter, scoped bool) {
	sf = ScopeFilter{
		Header: q.Get(wire.ScopeHeaderParam), ByHeader: q.Has(wire.ScopeHeaderParam),
		Client: q.Get(wire.ScopeClientParam), ByClient: q.Has(wire.ScopeClientParam),
	}
	return sf, sf.ByHeader || sf.ByClient
}

// controlBody reads a control request body of at most MaxBodyBytes.
func (s *Server) controlBody(w http.ResponseWriter, r *http.Request) ([]byte, int, string) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		status, msg := s.bodyProblem(err)
		return nil, status, msg
	}
	return data, 0, ""
}

// strictDecode decodes exactly one JSON value and refuses unknown fields: a typo in a fault
// should fail loudly, not inject a different fault.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
