// Package config loads the suite's target configuration: defaults, then the
// YAML file named by MX_CONFIG, then the MX_* environment, then Validate,
// which reports every problem at once before any spec runs. It also builds
// the one Redactor that logs, matchers and reports use to keep the API key
// out of their output.
package config

import (
	"fmt"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// EnvConfigFile names the environment variable that points at the YAML file.
const EnvConfigFile = "MX_CONFIG"

// Defaults for the embedded mock. The API key and client guids apply only
// when the final base_url is empty: a live target gets only what the YAML
// file and the environment say.
const (
	DefaultMockAPIKey                 = wire.DefaultAPIKey
	DefaultMockClientGUID             = wire.DefaultClientGUID
	DefaultMockUnassociatedClientGUID = "CLT-00000000-0000-0000-0000-00000000dead"
	DefaultTimeout                    = 10 * time.Second
	DefaultRunPrefix                  = "mxc"
	// DefaultMaxBody bounds an answer's body: MX's answers are a few kB; a host that streams for
	// ever must not fill the machine's memory.
	DefaultMaxBody ByteSize = 4 << 20
)

// Route keys: the names under `routes:` in the YAML file and the keys of
// Config.Routes.
const (
	RouteUserCreate    = "user_create"
	RouteUserRead      = "user_read"
	RouteUserUpdate    = "user_update"
	RouteUserDelete    = "user_delete"
	RouteMemberCreate  = "member_create"
	RouteMemberRead    = "member_read"
	RouteMemberUpdate  = "member_update"
	RouteMemberDelete  = "member_delete"
	RouteAccountDelete = "account_delete"
)

// routeKeys lists every route key in a fixed order.
var routeKeys = []string{
	RouteUserCreate, RouteUserRead, RouteUserUpdate, RouteUserDelete,
	RouteMemberCreate, RouteMemberRead, RouteMemberUpdate, RouteMemberDelete,
	RouteAccountDelete,
}

// defaultRoutes holds the route of every key. Never hand it out: copy it.
var defaultRoutes = map[string]Route{
	RouteUserCreate:    {"POST", "/user"},
	RouteUserRead:      {"GET", "/user/{id}"},
	RouteUserUpdate:    {"PUT", "/user/{id}"},
	RouteUserDelete:    {"DELETE", "/user/{id}"},
	RouteMemberCreate:  {"POST", "/member"},
	RouteMemberRead:    {"GET", "/member/{id}"},
	RouteMemberUpdate:  {"PUT", "/member/{id}"},
	RouteMemberDelete:  {"DELETE", "/member/{id}"},
	RouteAccountDelete: {"DELETE", "/member/{member_id}/account/{account_id}"},
}

// RouteKeys returns every route key, users first, then members, then accounts.
func RouteKeys() []string { return slices.Clone(routeKeys) }

// Config is the suite's target: the embedded mock (BaseURL empty) or a live host.
type Config struct {
	// BaseURL is the live host, without a trailing slash (Load trims it);
	// empty starts the mock in-process.
	BaseURL string `yaml:"base_url" env:"MX_BASE_URL"`
	// APIKey is the accessor's key, sent as the k query parameter. Secret.
	APIKey string `yaml:"api_key" env:"MX_API_KEY"`
	// ClientGUID is a client (c) the key may use.
	ClientGUID string `yaml:"client_guid" env:"MX_CLIENT_GUID"`
	// UnassociatedClientGUID is a client the key may not use (U4); empty skips U4.
	UnassociatedClientGUID string `yaml:"unassociated_client_guid" env:"MX_UNASSOCIATED_CLIENT_GUID"`
	// Timeout bounds each request, its answer's whole body included.
	Timeout time.Duration `yaml:"timeout" env:"MX_TIMEOUT"`
	// MaxBody bounds an answer's body: a longer one is cut off and fails the request.
	MaxBody ByteSize `yaml:"max_body" env:"MX_MAX_BODY"`
	// MockControl says the target at BaseURL is an mxmock whose control API
	// the fault specs may use.
	MockControl bool `yaml:"mock_control" env:"MX_MOCK_CONTROL"`
	// MockControlToken authorises calls to that control API, if it wants one.
	MockControlToken string `yaml:"mock_control_token" env:"MX_MOCK_CONTROL_TOKEN"`
	// RunPrefix starts the name of every live resource the suite creates.
	RunPrefix string `yaml:"run_prefix" env:"MX_RUN_PREFIX"`
	// Ledger is a folder where a live run notes every resource it creates and deletes, so that
	// mxsweep can remove what a crashed run left (MX v2 has no route that lists users). Load fills
	// it for every live target: empty means a folder of the user's state directory named for the
	// target ($XDG_STATE_HOME or ~/.local/state, then mxcontract/ledger/<host>-<hash>).
	Ledger string `yaml:"ledger" env:"MX_LEDGER"`
	// CAFile is a PEM bundle of extra CAs for the live host; empty uses the
	// system roots. A relative path in the YAML file is relative to that file.
	CAFile string `yaml:"ca_file" env:"MX_CA_FILE"`
	// Routes maps each route key to its method and path.
	Routes map[string]Route `yaml:"routes" env:"-"`
	// Source says where the configuration came from, for messages:
	// "defaults", "config/mock.yaml + environment".
	Source string `yaml:"-" env:"-"`
}

// Route is one API route, written "METHOD /path/{id}" in YAML.
type Route struct {
	Method string // GET, POST, PUT or DELETE
	Path   string // starts with "/"; {placeholders} are filled per request
}

// String returns the route as written in YAML: "GET /user/{id}".
func (r Route) String() string {
	if r.Method == "" {
		return r.Path
	}
	return r.Method + " " + r.Path
}

// UnmarshalYAML reads "METHOD /path". It is lenient on purpose: a value that
// is not two words is kept whole in Path, with Method empty, so that Validate
// reports it together with every other problem.
func (r *Route) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf(
			"line %d: a route is a string such as %q, not a YAML %s", n.Line, "GET /user/{id}", kindName(n.Kind))}}
	}
	*r = parseRoute(n.Value)
	return nil
}

func parseRoute(s string) Route {
	if f := strings.Fields(s); len(f) == 2 {
		return Route{Method: f[0], Path: f[1]}
	}
	return Route{Path: strings.TrimSpace(s)}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	default:
		return "node"
	}
}

// base holds the defaults that do not depend on the target.
func base() Config {
	routes := make(map[string]Route, len(defaultRoutes))
	for k, r := range defaultRoutes {
		routes[k] = r
	}
	return Config{Timeout: DefaultTimeout, MaxBody: DefaultMaxBody, RunPrefix: DefaultRunPrefix, Routes: routes}
}

// applyMockDefaults fills the embedded mock's credentials the configuration left empty.
func (c *Config) applyMockDefaults() {
	if c.APIKey == "" {
		c.APIKey = DefaultMockAPIKey
	}
	if c.ClientGUID == "" {
		c.ClientGUID = DefaultMockClientGUID
	}
	if c.UnassociatedClientGUID == "" {
		c.UnassociatedClientGUID = DefaultMockUnassociatedClientGUID
	}
}

// Defaults returns the configuration for the embedded mock. Each call
// returns its own Routes map.
func Defaults() Config {
	c := base()
	c.applyMockDefaults()
	c.Source = "defaults"
	return c
}

// Embedded reports whether the suite starts the mock in-process (no base_url).
func (c Config) Embedded() bool { return c.BaseURL == "" }

// FaultsAvailable reports whether fault specs can run: against the embedded
// mock, or against an mxmock whose control API is enabled (mock_control).
func (c Config) FaultsAvailable() bool { return c.Embedded() || c.MockControl }

// Redactor returns a redactor for this configuration's secrets: the API key
// and the mock control token, in every encoding, plus any k= query parameter.
func (c Config) Redactor() *scrub.Redactor { return scrub.New(c.APIKey, c.MockControlToken) }

// String describes the configuration with its secrets redacted, so printing
// a Config with %v is safe.
func (c Config) String() string {
	secret := func(s string) string {
		if s == "" {
			return `""`
		}
		return scrub.Redacted
	}
	target := c.BaseURL
	if c.Embedded() {
		target = "embedded mock"
	}
	return fmt.Sprintf("%s (from %s): api_key=%s client_guid=%s unassociated_client_guid=%q timeout=%s max_body=%s mock_control=%t mock_control_token=%s run_prefix=%s ledger=%q ca_file=%q",
		target, c.Source, secret(c.APIKey), c.ClientGUID, c.UnassociatedClientGUID, c.Timeout, c.MaxBody,
		c.MockControl, secret(c.MockControlToken), c.RunPrefix, c.Ledger, c.CAFile)
}
