package mock

import (
	"net/http"
	"path"
	"strings"

	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// mxRoutes are MX's routes, each registered once from here: its pattern (a fault's route names
// one) and its handler, a method expression, so a missing handler fails to compile.
var mxRoutes = []struct {
	pattern string
	handle  func(s *Server, w http.ResponseWriter, r *http.Request, c call)
}{
	{wire.RouteUserCreate, (*Server).handleUserCreate},
	{wire.RouteUserRead, (*Server).handleUserRead},
	{wire.RouteUserUpdate, (*Server).handleUserUpdate},
	{wire.RouteUserDelete, (*Server).handleUserDelete},
	{wire.RouteMemberCreate, (*Server).handleMemberCreate},
	{wire.RouteMemberRead, (*Server).handleMemberRead},
	{wire.RouteMemberUpdate, (*Server).handleMemberUpdate},
	{wire.RouteMemberDelete, (*Server).handleMemberDelete},
	{wire.RouteAccountDelete, (*Server).handleAccountDelete},
}

// mxPatterns lists the patterns of mxRoutes, in their order.
var mxPatterns = func() []string {
	p := make([]string, len(mxRoutes))
	for i, rt := range mxRoutes {
		p[i] = rt.pattern
	}
	return p
}()

// controlRoutes are the control API's routes; never faulted.
var controlRoutes = []struct {
	pattern string
	handle  func(s *Server, w http.ResponseWriter, r *http.Request)
}{
	{"GET " + wire.HealthPath, (*Server).handleHealth},
	{"POST " + wire.ResetPath, (*Server).handleReset},
	{"POST " + wire.AccountsPath, (*Server).handleAccountsAdd},
	{"POST " + wire.FaultsPath, (*Server).handleFaultCreate},
	{"GET " + wire.FaultsPath, (*Server).handleFaultList},
	{"DELETE " + wire.FaultsPath, (*Server).handleFaultDeleteAll},
	{"DELETE " + wire.FaultsPath + "/{id}", (*Server).handleFaultDelete},
	// Both, so ServeMux does not redirect /_mxmock to /_mxmock/.
	{wire.ControlPrefix, (*Server).handleControlNotFound},
	{wire.ControlPrefix + "/", (*Server).handleControlNotFound},
}

// routes builds the mux from the two tables.
func (s *Server) routes() {
	mux := http.NewServeMux()
	for _, rt := range mxRoutes {
		// Each goes through s.mx: faults, Content-Type, auth, body.
		mux.HandleFunc(rt.pattern, s.mx(func(w http.ResponseWriter, r *http.Request, c call) { rt.handle(s, w, r, c) }))
	}
	// The catch-all matches every method, so ServeMux never answers its own 405 either.
	mux.HandleFunc("/", s.faulted(s.handleNotFound))
	for _, rt := range controlRoutes {
		mux.HandleFunc(rt.pattern, s.control(func(w http.ResponseWriter, r *http.Request) { rt.handle(s, w, r) }))
	}
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
