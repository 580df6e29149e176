// Package config loads the suite's target configuration: defaults, then the
// YAML file named by MX_CONFIG, then the MX_* environment, then Validate,
// which reports every problem at once before any spec runs. It also builds
// the one Redactor that logs, matchers and reports use to keep the API key
// out of their output.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
	"go.yaml.in/yaml/v3"
)

// EnvConfigFile names the environment variable that points at the YAML file.
const EnvConfigFile = "MX_CONFIG"

// Defaults for the embedded mock. The API key and client guids apply only
// when the final base_url is empty: a live target gets only what the YAML
// file and the environment say.
const (
	DefaultMockAPIKey                 = "mxmock-api-key"
	DefaultMockClientGUID             = "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184"
	DefaultMockUnassociatedClientGUID = "CLT-00000000-0000-0000-0000-00000000dead"
	DefaultTimeout                    = 10 * time.Second
	DefaultRunPrefix                  = "mxc"
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
	// Timeout bounds each request.
	Timeout time.Duration `yaml:"timeout" env:"MX_TIMEOUT"`
	// MockControl says the target at BaseURL is an mxmock whose control API
	// the fault specs may use.
	MockControl bool `yaml:"mock_control" env:"MX_MOCK_CONTROL"`
	// MockControlToken authorises calls to that control API, if it wants one.
	MockControlToken string `yaml:"mock_control_token" env:"MX_MOCK_CONTROL_TOKEN"`
	// RunPrefix starts the name of every live resource the suite creates.
	RunPrefix string `yaml:"run_prefix" env:"MX_RUN_PREFIX"`
	// Ledger is a folder where a live run notes every resource it creates and deletes, so that
	// mxsweep can remove what a crashed run left (MX v2 has no route that lists users); empty: none.
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
	return Config{Timeout: DefaultTimeout, RunPrefix: DefaultRunPrefix, Routes: routes}
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

// Redactor returns the redactor for this configuration's secrets: the API
// key (and the mock control token), plus any k= query parameter.
func (c Config) Redactor() *Redactor { return NewRedactor(c.APIKey, c.MockControlToken) }

// String describes the configuration with its secrets redacted, so printing
// a Config with %v is safe.
func (c Config) String() string {
	secret := func(s string) string {
		if s == "" {
			return `""`
		}
		return Redacted
	}
	target := c.BaseURL
	if c.Embedded() {
		target = "embedded mock"
	}
	return fmt.Sprintf("%s (from %s): api_key=%s client_guid=%s unassociated_client_guid=%q timeout=%s mock_control=%t mock_control_token=%s run_prefix=%s ledger=%q ca_file=%q",
		target, c.Source, secret(c.APIKey), c.ClientGUID, c.UnassociatedClientGUID, c.Timeout,
		c.MockControl, secret(c.MockControlToken), c.RunPrefix, c.Ledger, c.CAFile)
}

// Load builds the configuration: defaults, then the YAML file named by
// MX_CONFIG (if set), then every MX_* variable that is set and not empty,
// then Validate. getenv reads the environment (nil means os.Getenv); tests
// pass a fake. The mock's API key and client guids fill in only when the
// final base_url is empty. Every problem is reported in one error.
func Load(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := base()
	source := "defaults"
	secrets := []string{getenv(fieldByYAML["api_key"].env)}
	var problems []error

	if path := getenv(EnvConfigFile); path != "" {
		source = path
		fileProblems, err := loadFile(path, &cfg)
		secrets = append(secrets, cfg.APIKey)
		if err != nil {
			return Config{}, redactError(err, secrets)
		}
		problems = append(problems, fileProblems...)
	}

	environ := environment(getenv)
	if len(environ) > 0 {
		source += " + environment"
	}
	if err := env.ParseWithOptions(&cfg, env.Options{Environment: environ}); err != nil {
		problems = append(problems, envProblems(err, environ)...)
	}

	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/") // paths are joined to it
	}
	if cfg.Embedded() {
		cfg.applyMockDefaults()
	}
	cfg.Source = source
	problems = append(problems, cfg.problems()...)
	if len(problems) > 0 {
		return Config{}, invalid(source, problems, append(secrets, cfg.APIKey, cfg.MockControlToken))
	}
	return cfg, nil
}

// loadFile decodes the YAML file at path over cfg. A file that cannot be
// read or parsed is an error; a key or value of the wrong kind is a problem,
// reported with the others.
func loadFile(path string, cfg *Config) ([]error, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read config file %q%s: %w; set %s to a YAML file such as config/mock.yaml, or unset it to use the defaults",
			EnvConfigFile, path, relativeNote(path), err, EnvConfigFile)
	}

	// Parse once into nodes to learn which top-level key each line belongs to.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %q is not valid YAML: %w", EnvConfigFile, path, err)
	}
	keyAt := topLevelKeys(&doc)

	var problems []error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var te *yaml.TypeError
	switch err := dec.Decode(cfg); {
	case err == nil, errors.Is(err, io.EOF):
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			problems = append(problems, yamlProblem(path, msg, keyAt))
		}
	default:
		return nil, fmt.Errorf("%s: %q is not valid YAML: %w", EnvConfigFile, path, err)
	}

	// `routes:` overrides only the keys it names (and `routes:` alone none).
	if cfg.Routes == nil {
		cfg.Routes = make(map[string]Route, len(defaultRoutes))
	}
	for k, r := range defaultRoutes {
		if _, ok := cfg.Routes[k]; !ok {
			cfg.Routes[k] = r
		}
	}
	if cfg.CAFile != "" && !filepath.IsAbs(cfg.CAFile) {
		cfg.CAFile = filepath.Join(filepath.Dir(path), cfg.CAFile)
	}
	if cfg.Ledger != "" && !filepath.IsAbs(cfg.Ledger) {
		cfg.Ledger = filepath.Join(filepath.Dir(path), cfg.Ledger)
	}
	return problems, nil
}

// topLevelKeys returns a function naming the key a line falls under: the
// top-level key, or "routes.<key>" inside routes.
func topLevelKeys(doc *yaml.Node) func(line int) string {
	var root *yaml.Node
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		root = doc.Content[0]
	}
	return func(line int) string {
		key, value := keyAtLine(root, line)
		if key == "routes" {
			if sub, _ := keyAtLine(value, line); sub != "" {
				return key + "." + sub
			}
		}
		return key
	}
}

// keyAtLine returns the last key of mapping m that starts at or before line,
// and its value.
func keyAtLine(m *yaml.Node, line int) (string, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return "", nil
	}
	key, value := "", (*yaml.Node)(nil)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Line <= line {
			key, value = m.Content[i].Value, m.Content[i+1]
		}
	}
	return key, value
}

var (
	yamlUnknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type `)
	yamlLine         = regexp.MustCompile(`^line (\d+): `)
)

// yamlProblem rewrites one of yaml.v3's type errors to name the file, the
// key and the fix.
func yamlProblem(path, msg string, keyAt func(int) string) error {
	if m := yamlUnknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s line %s: unknown key %q; known keys: %s", path, m[1], m[2], strings.Join(yamlKeys(), ", "))
	}
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
	}
	key := keyAt(line)
	f, ok := fieldByYAML[key]
	if !ok {
		if key == "" {
			return fmt.Errorf("%s %s", path, msg)
		}
		return fmt.Errorf("%s: %s %s", key, path, msg)
	}
	hint := ""
	switch f.kind {
	case reflect.Int64:
		hint = "; write a Go duration such as 10s or 1m30s"
	case reflect.Bool:
		hint = "; write true or false"
	case reflect.String:
		hint = "; write a string"
	}
	return fmt.Errorf("%s: %s %s%s", f.label(), path, msg, hint)
}

// environment returns the MX_* variables that are set and not empty: an
// empty variable is the same as an unset one.
func environment(getenv func(string) string) map[string]string {
	environ := make(map[string]string) // never nil: env would read os.Environ
	for _, f := range fields {
		if f.env == "" {
			continue
		}
		if v := getenv(f.env); v != "" {
			environ[f.env] = v
		}
	}
	return environ
}

// envProblems turns env's parse errors into problems naming the field and the fix.
func envProblems(err error, environ map[string]string) []error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return []error{fmt.Errorf("environment: %w", err)}
	}
	var problems []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		f, ok := field{}, false
		if errors.As(e, &pe) {
			f, ok = fieldByName[pe.Name]
		}
		if !ok {
			problems = append(problems, fmt.Errorf("environment: %w", e))
			continue
		}
		v := environ[f.env]
		switch f.kind {
		case reflect.Int64:
			problems = append(problems, fmt.Errorf("%s: %q is not a Go duration; set it to e.g. 10s or 1m30s", f.label(), v))
		case reflect.Bool:
			problems = append(problems, fmt.Errorf("%s: %q is not a boolean; set it to true or false", f.label(), v))
		default:
			problems = append(problems, fmt.Errorf("%s: %q: %w", f.label(), v, pe.Err))
		}
	}
	return problems
}

// field describes one Config field's names, from its struct tags.
type field struct {
	name, yaml, env string
	kind            reflect.Kind
}

// label names the field in messages: "timeout (MX_TIMEOUT)".
func (f field) label() string {
	if f.env == "" {
		return f.yaml
	}
	return f.yaml + " (" + f.env + ")"
}

// fields lists the YAML keys in the order of Config, with their variables.
var fields, fieldByName, fieldByYAML = configFields()

func configFields() ([]field, map[string]field, map[string]field) {
	var list []field
	byName, byYAML := map[string]field{}, map[string]field{}
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		sf := t.Field(i)
		f := field{name: sf.Name, yaml: sf.Tag.Get("yaml"), env: sf.Tag.Get("env"), kind: sf.Type.Kind()}
		if f.yaml == "-" {
			continue
		}
		if f.env == "-" {
			f.env = ""
		}
		list = append(list, f)
		byName[f.name], byYAML[f.yaml] = f, f
	}
	return list, byName, byYAML
}

func yamlKeys() []string {
	keys := make([]string, 0, len(fields))
	for _, f := range fields {
		keys = append(keys, f.yaml)
	}
	return keys
}

// relativeNote says what a relative path is relative to: `go test` runs each
// package in its own directory, which surprises.
func relativeNote(path string) string {
	if filepath.IsAbs(path) {
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return " (relative to " + wd + ")"
}
