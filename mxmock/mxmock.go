// Package mxmock runs mxmock, a faithful stand-in for the MX SSO API v2, inside a Go program or
// test: every documented error with MX's exact status and message, users, members and feed
// accounts in memory, and faults (an outage, a maintenance, a delete failure, a slow or broken
// connection) switched on and off from Go.
//
//	m, err := mxmock.Start(mxmock.Config{})
//	if err != nil { ... }
//	defer m.Close()
//	// m.URL is http://127.0.0.1:<port>; every request carries k (mxmock.DefaultAPIKey)
//	// and c (mxmock.DefaultClientGUID) as query parameters.
//
// Faults are scoped, so parallel tests sharing one mock never see each other's: give each test
// its own X-Mxmock-Scope header value (ScopeHeader) and a fault with that Scope.Header.
//
// The mock itself lives in internal/mock; its protocol (headers, control paths, fault kinds,
// route patterns) in package mxmock/wire, which a client of a separately started mxmock can
// import alone. What mxmock answers where MX documents nothing is listed in docs/mxmock.md.
package mxmock

import (
	"net/http"

	"github.com/mxcontract/mxcontract/internal/mock"
	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// Config sets up a mock; the zero value is usable. See the field comments for each default.
type Config = mock.Config

// Client is one client of the accessor, known by its MX guid (CLT-...), its external guid, or
// both. A c that names no configured client is one the accessor may not use (MX's U4).
type Client = mock.Client

// Account is a feed account: a member's account as the institution's data feed names it.
type Account = wire.Account

// Fault is one injected failure; Kind is one of wire's Kind constants.
type Fault = wire.Fault

// FaultScope limits a fault to requests with this c and/or this ScopeHeader; "" = any.
type FaultScope = wire.FaultScope

// ScopeFilter picks faults by scope, for RemoveFaults and ResetFaults.
type ScopeFilter = mock.ScopeFilter

// HeaderScope picks the faults of one ScopeHeader value, whatever their client.
func HeaderScope(header string) ScopeFilter { return mock.HeaderScope(header) }

// ClientScope picks the faults of one client, whatever their header scope.
func ClientScope(client string) ScopeFilter { return mock.ClientScope(client) }

// The defaults of a zero Config, and the header that scopes faults.
const (
	DefaultAPIKey     = wire.DefaultAPIKey
	DefaultClientGUID = wire.DefaultClientGUID
	ScopeHeader       = wire.ScopeHeader
)

// ParseClients reads a client list as mxmock's --clients flag takes it: "CLT-a" is a client
// guid, "CLT-b=bank-ext" a client guid with its external guid, "ext-only" an external guid alone.
func ParseClients(s string) ([]Client, error) { return mock.ParseClients(s) }

// Mock is a running mxmock on a loopback port.
type Mock struct {
	URL string // http://127.0.0.1:<port>, no trailing slash

	running *mock.Running
}

// Start checks cfg, fills its defaults and serves the mock on 127.0.0.1 on a free port.
func Start(cfg Config) (*Mock, error) {
	rn, err := mock.Start(cfg)
	if err != nil {
		return nil, err
	}
	return &Mock{URL: rn.URL, running: rn}, nil
}

// Close stops the mock: requests in flight get up to 5s, those a delay holds end at once.
// Calling it again returns the first call's result.
func (m *Mock) Close() error { return m.running.Close() }

// Handler is the mock as an http.Handler, to serve it some other way as well.
func (m *Mock) Handler() http.Handler { return m.running.Server }

// Config is the configuration in use, defaults filled in.
func (m *Mock) Config() Config { return m.running.Server.Config() }

// AddFault checks a fault and makes it active; the returned copy carries its id. The error's
// text is what the control API would answer (a wrong field, or too many faults).
func (m *Mock) AddFault(f Fault) (Fault, error) { return m.running.Server.AddFault(f) }

// RemoveFault deletes the fault with this id and reports whether there was one (a one-shot fault
// is gone once it fired).
func (m *Mock) RemoveFault(id string) bool { return m.running.Server.RemoveFault(id) }

// RemoveFaults deletes the faults the filter picks and reports how many.
func (m *Mock) RemoveFaults(sf ScopeFilter) int { return m.running.Server.RemoveFaults(sf) }

// Faults returns the active faults in creation order.
func (m *Mock) Faults() []Fault { return m.running.Server.Faults() }

// Reset puts the mock back to its start in one step: no users or members, the seed's feed
// accounts, and only the start-up faults (Config.Faults).
func (m *Mock) Reset() { m.running.Server.Reset() }

// ResetFaults resets one scope's faults and nothing else: the faults the filter picks are
// deleted and the start-up faults it picks come back.
func (m *Mock) ResetFaults(sf ScopeFilter) { m.running.Server.ResetFaults(sf) }

// AddAccounts adds feed accounts, all or none (each checked; together within MaxAccounts).
func (m *Mock) AddAccounts(accts ...Account) error { return m.running.Server.AddAccounts(accts...) }
