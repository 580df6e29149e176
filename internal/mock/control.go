package mock

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
)

// TokenHeader carries the control token when the mock has one.
const TokenHeader = "X-Mxmock-Token"

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

// handleReset clears users, members and faults, and puts the feed accounts and the start-up
// faults back.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.faults.remove(func(Fault) bool { return true })
	s.addStartupFaults()
	s.store.reset()
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
	s.store.addAccounts(accts)
	writeJSON(w, http.StatusCreated, map[string]int{"added": len(accts)})
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
	f, err := s.faults.add(f)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, f)
}

func (s *Server) handleFaultList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string][]Fault{"faults": s.faults.all()})
}

func (s *Server) handleFaultDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.faults.remove(func(f Fault) bool { return f.ID == id }) == 0 {
		writeError(w, http.StatusNotFound, "No fault with id "+id+".")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleFaultDeleteAll deletes every fault, or only those whose scope has the given
// scope_header and/or scope_client (a present but empty value matches an empty scope).
func (s *Server) handleFaultDeleteAll(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.faults.remove(func(f Fault) bool {
		return (!q.Has("scope_header") || f.Scope.Header == q.Get("scope_header")) &&
			(!q.Has("scope_client") || f.Scope.Client == q.Get("scope_client"))
	})
	w.WriteHeader(http.StatusNoContent)
}

// addStartupFaults activates Config.Faults, already checked by New.
func (s *Server) addStartupFaults() {
	for _, f := range s.cfg.Faults {
		_, _ = s.faults.add(f)
	}
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
