package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Warnings are what is allowed but unwise in the configuration, one sentence each.
func (c Config) Warnings() []string {
	var ws []string
	if n := len(c.APIKey); n > 0 && n < scrub.MinSafeSecret {
		ws = append(ws, fmt.Sprintf("%s: the key is %d characters long, too short to redact safely everywhere: it is "+
			"redacted only as the k parameter or where it stands alone; a real key of MX's is longer",
			fieldByYAML["api_key"].label(), n))
	}
	return ws
}

// Validate reports every problem with the configuration in one error: a
// first line naming where the configuration came from, then one line per
// problem naming the YAML key, the variable and the fix. The API key never
// appears in it.
func (c Config) Validate() error {
	problems := c.problems()
	if len(problems) == 0 {
		return nil
	}
	return invalid(c.source(), problems, []string{c.APIKey, c.MockControlToken})
}

func (c Config) source() string {
	if c.Source == "" {
		return "unknown source"
	}
	return c.Source
}

// invalid joins the problems under one heading, with secrets redacted.
func invalid(source string, problems []error, secrets []string) error {
	r := scrub.New(secrets...)
	lines := make([]error, 0, len(problems)+1)
	// The heading of a list of problems, which ends with a colon as a heading does.
	heading := fmt.Sprintf("invalid configuration (%s):", source)
	lines = append(lines, errors.New(heading))
	for _, p := range problems {
		lines = append(lines, errors.New("  - "+r.Redact(p.Error())))
	}
	return errors.Join(lines...)
}

// redactError returns err, or a copy of its text with the secrets redacted
// if it held any.
func redactError(err error, secrets []string) error {
	msg := err.Error()
	if red := scrub.New(secrets...).Redact(msg); red != msg {
		return errors.New(red)
	}
	return err
}

var runPrefixPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)

// problems lists what is wrong, in the order of the fields.
func (c Config) problems() []error {
	var ps []error
	add := func(yamlKey, format string, args ...any) {
		ps = append(ps, fmt.Errorf("%s: "+format, append([]any{fieldByYAML[yamlKey].label()}, args...)...))
	}
	live := !c.Embedded()

	if live {
		if why := checkBaseURL(c.BaseURL); why != "" {
			add("base_url", "%s; set it to e.g. https://int-api2.moneydesktop.com or leave it empty for the embedded mock", why)
		}
	}

	switch {
	case c.APIKey == "" && live:
		add("api_key", "missing; live mode (base_url set) needs the API key MX issued for your accessor")
	case c.APIKey == "":
		add("api_key", "missing; leave it unset for the embedded mock's default or set any key for it to expect")
	case strings.ContainsFunc(c.APIKey, isSpaceOrControl):
		add("api_key", "contains whitespace or control characters; set it to the key alone (a trailing newline from a file is a common cause)")
	}

	switch {
	case c.ClientGUID == "" && live:
		add("client_guid", "missing; live mode (base_url set) needs a client guid (CLT-...) your API key may use")
	case c.ClientGUID == "":
		add("client_guid", "missing; leave it unset for the embedded mock's default or set the guid it should accept")
	case strings.ContainsFunc(c.ClientGUID, isSpaceOrControl):
		add("client_guid", "%q contains whitespace or control characters; set it to the guid alone", c.ClientGUID)
	}

	switch u := c.UnassociatedClientGUID; {
	case u != "" && u == c.ClientGUID:
		add("unassociated_client_guid", "%q is the same as client_guid; set a client guid your API key may NOT use, or leave it empty to skip U4", u)
	case strings.ContainsFunc(u, isSpaceOrControl):
		add("unassociated_client_guid", "%q contains whitespace or control characters; set it to the guid alone", u)
	}

	if c.Timeout <= 0 {
		add("timeout", "must be positive, got %s; set it to e.g. 10s", c.Timeout)
	}
	if c.MaxBody < 4<<10 {
		add("max_body", "%s is too small for an answer of MX's; set it to e.g. 4MiB (the default)", c.MaxBody)
	}

	if c.MockControl && !live {
		add("mock_control", "mock_control needs base_url pointing at a running mxmock; set base_url (MX_BASE_URL) or turn mock_control off (the embedded mock always has fault injection)")
	}

	if !runPrefixPattern.MatchString(c.RunPrefix) {
		add("run_prefix", "%q must be 1 to 20 letters, digits or hyphens; it starts the name of every live resource (<prefix>-<process>-<kind>-<random>) so a sweeper can find them", c.RunPrefix)
	}

	if c.CAFile != "" {
		if why := checkCAFile(c.CAFile); why != "" {
			add("ca_file", "%q %s; set it to a PEM file of the CA certificates the live host's certificate chains to, or leave it empty for the system roots", c.CAFile, why)
		}
	}

	return append(ps, c.routeProblems()...)
}

// checkBaseURL says what is wrong with a live base URL, or "".
func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("%q is not an http(s) URL", raw)
	}
	switch {
	case u.User != nil:
		return fmt.Sprintf("%q must not hold credentials (the API key goes in api_key)", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Sprintf("%q must not have a query (the suite adds k and c itself)", raw)
	case u.Fragment != "":
		return fmt.Sprintf("%q must not have a fragment", raw)
	}
	return ""
}

// checkCAFile says what is wrong with a CA file, or "".
func checkCAFile(path string) string {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "does not exist" + relativeNote(path)
	case err != nil:
		return fmt.Sprintf("cannot be read (%v)", err)
	case info.IsDir():
		return "is a directory"
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("cannot be read (%v)", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return "holds no PEM certificate"
	}
	return ""
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

var methods = []string{"GET", "POST", "PUT", "DELETE"}

// routePlaceholders lists the placeholders each route's path must have.
var routePlaceholders = map[string][]string{
	RouteUserCreate:    nil,
	RouteUserRead:      {"id"},
	RouteUserUpdate:    {"id"},
	RouteUserDelete:    {"id"},
	RouteMemberCreate:  nil,
	RouteMemberRead:    {"id"},
	RouteMemberUpdate:  {"id"},
	RouteMemberDelete:  {"id"},
	RouteAccountDelete: {"member_id", "account_id"},
}

func (c Config) routeProblems() []error {
	var ps []error
	var unknown []string
	for k := range c.Routes {
		if _, ok := defaultRoutes[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		ps = append(ps, fmt.Errorf("routes.%s: unknown route key; known keys: %s", k, strings.Join(routeKeys, ", ")))
	}

	for _, k := range routeKeys {
		r, ok := c.Routes[k]
		example := defaultRoutes[k].String()
		switch {
		case !ok || r == (Route{}):
			ps = append(ps, fmt.Errorf("routes.%s: missing; set it to \"METHOD /path\", e.g. %q", k, example))
			continue
		case r.Method == "":
			ps = append(ps, fmt.Errorf("routes.%s: %q is not \"METHOD /path\"; write it like %q", k, r.Path, example))
			continue
		}
		if why := checkRoute(k, r); len(why) > 0 {
			ps = append(ps, fmt.Errorf("routes.%s: %q: %s; write it like %q", k, r.String(), strings.Join(why, ", "), example))
		}
	}
	return ps
}

// checkRoute lists what is wrong with a route's method and path.
func checkRoute(key string, r Route) []string {
	var why []string
	if !slices.Contains(methods, r.Method) {
		why = append(why, fmt.Sprintf("method %q is not one of %s", r.Method, strings.Join(methods, ", ")))
	}
	if !strings.HasPrefix(r.Path, "/") {
		why = append(why, `the path does not start with "/"`)
	}
	if strings.ContainsAny(r.Path, "?#") {
		why = append(why, "the path has a query or fragment (the suite adds k and c itself)")
	}
	have, ok := placeholders(r.Path)
	if !ok {
		why = append(why, `the path has an unmatched "{" or "}"`)
		return why
	}
	want := routePlaceholders[key]
	for _, p := range want {
		if !slices.Contains(have, p) {
			why = append(why, fmt.Sprintf("the path lacks {%s}", p))
		}
	}
	for _, p := range have {
		if !slices.Contains(want, p) {
			why = append(why, fmt.Sprintf("the path has {%s}, which %s cannot fill (%s)", p, key, describe(want)))
		}
	}
	return why
}

func describe(placeholders []string) string {
	if len(placeholders) == 0 {
		return "it takes no placeholders"
	}
	names := make([]string, len(placeholders))
	for i, p := range placeholders {
		names[i] = "{" + p + "}"
	}
	return "it takes " + strings.Join(names, " and ")
}

// placeholders returns the {names} in path, and false if a brace is unmatched.
func placeholders(path string) ([]string, bool) {
	var names []string
	for {
		open := strings.IndexAny(path, "{}")
		if open < 0 {
			return names, true
		}
		if path[open] == '}' {
			return names, false
		}
		end := strings.IndexAny(path[open+1:], "{}")
		if end < 0 || path[open+1+end] == '{' {
			return names, false
		}
		names = append(names, path[open+1:open+1+end])
		path = path[open+1+end+1:]
	}
}
