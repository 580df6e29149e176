package mock

import (
	"net/http"
	"path"
	"strings"
)

// mxPatterns are MX's routes as ServeMux patterns; a fault's route names one of them.
var mxPatterns = []string{
	"POST /user", "GET /user/{id}", "PUT /user/{id}", "DELETE /user/{id}",
	"POST /member", "GET /member/{id}", "PUT /member/{id}", "DELETE /member/{id}",
	"DELETE /member/{member_id}/account/{account_id}",
}

// routes registers every route the mock answers, MX's and the control API's, in one place.
func (s *Server) routes() {
	mux := http.NewServeMux()

	// MX SSO API v2. Each goes through s.mx: faults, Content-Type, auth, body.
	handlers := map[string]mxHandler{
		"POST /user":          s.handleUserCreate,
		"GET /user/{id}":      s.handleUserRead,
		"PUT /user/{id}":      s.handleUserUpdate,
		"DELETE /user/{id}":   s.handleUserDelete,
		"POST /member":        s.handleMemberCreate,
		"GET /member/{id}":    s.handleMemberRead,
		"PUT /member/{id}":    s.handleMemberUpdate,
		"DELETE /member/{id}": s.handleMemberDelete,
		"DELETE /member/{member_id}/account/{account_id}": s.handleAccountDelete,
	}
	for _, p := range mxPatterns {
		mux.HandleFunc(p, s.mx(handlers[p]))
	}
	// The catch-all matches every method, so ServeMux never answers its own 405 either.
	mux.HandleFunc("/", s.faulted(s.handleNotFound))

	// The control API; never faulted.
	mux.HandleFunc("GET /_mxmock/health", s.control(s.handleHealth))
	mux.HandleFunc("POST /_mxmock/reset", s.control(s.handleReset))
	mux.HandleFunc("POST /_mxmock/accounts", s.control(s.handleAccountsAdd))
	mux.HandleFunc("POST /_mxmock/faults", s.control(s.handleFaultCreate))
	mux.HandleFunc("GET /_mxmock/faults", s.control(s.handleFaultList))
	mux.HandleFunc("DELETE /_mxmock/faults", s.control(s.handleFaultDeleteAll))
	mux.HandleFunc("DELETE /_mxmock/faults/{id}", s.control(s.handleFaultDelete))
	// Both, so ServeMux does not redirect /_mxmock to /_mxmock/.
	mux.HandleFunc("/_mxmock", s.control(s.handleControlNotFound))
	mux.HandleFunc("/_mxmock/", s.control(s.handleControlNotFound))

	s.mux = mux
}

// handleNotFound answers MX's 404 for a wrong URL. MX promises no body; the mock says what
// was wrong, in the usual envelope.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "No route for "+r.Method+" "+r.URL.Path+".")
}

func (s *Server) handleControlNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "No control route for "+r.Method+" "+r.URL.Path+".")
}

// cleanPath is net/http's: ServeMux redirects a request whose path it would change.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}
