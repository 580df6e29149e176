package config

import (
	"errors"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	live := func(c *Config) {
		c.BaseURL, c.APIKey, c.ClientGUID = "https://int-api2.moneydesktop.com", "live-key", "CLT-live"
	}
	ca := writeCA(t)
	notPEM := writeYAML(t, "not a certificate")
	tests := []struct {
		name   string
		change func(*Config)
		want   []string // empty: valid
	}{
		{"defaults", func(*Config) {}, nil},
		{"live", live, nil},
		{"live with mock_control and CA file", func(c *Config) { live(c); c.MockControl = true; c.CAFile = ca }, nil},
		{"live without unassociated client", func(c *Config) { live(c); c.UnassociatedClientGUID = "" }, nil},
		{"http base URL", func(c *Config) { live(c); c.BaseURL = "http://127.0.0.1:8080/api" }, nil},
		{"ftp base URL", func(c *Config) { live(c); c.BaseURL = "ftp://x" },
			[]string{`base_url (MX_BASE_URL): "ftp://x" is not an http(s) URL; set it to e.g. https://int-api2.moneydesktop.com or leave it empty for the embedded mock`}},
		{"base URL without host", func(c *Config) { live(c); c.BaseURL = "https://" }, []string{"base_url (MX_BASE_URL):", "is not an http(s) URL"}},
		{"base URL with credentials", func(c *Config) { live(c); c.BaseURL = "https://me:pw@h.example.com" },
			[]string{"base_url (MX_BASE_URL):", "must not hold credentials", "xxxxx"}},
		{"live without key", func(c *Config) { live(c); c.APIKey = "" },
			[]string{"api_key (MX_API_KEY): missing; live mode (base_url set) needs the API key MX issued for your accessor"}},
		{"key with a newline", func(c *Config) { c.APIKey = "abc\n" }, []string{"api_key (MX_API_KEY): contains whitespace"}},
		{"live without client", func(c *Config) { live(c); c.ClientGUID = "" },
			[]string{"client_guid (MX_CLIENT_GUID): missing; live mode (base_url set) needs a client guid"}},
		{"unassociated equals client", func(c *Config) { c.UnassociatedClientGUID = c.ClientGUID },
			[]string{"unassociated_client_guid (MX_UNASSOCIATED_CLIENT_GUID):", "is the same as client_guid", "leave it empty to skip U4"}},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second },
			[]string{"timeout (MX_TIMEOUT): must be positive, got -1s; set it to e.g. 10s"}},
		{"zero timeout", func(c *Config) { c.Timeout = 0 }, []string{"timeout (MX_TIMEOUT): must be positive, got 0s"}},
		{"mock_control embedded", func(c *Config) { c.MockControl = true },
			[]string{"mock_control (MX_MOCK_CONTROL): mock_control needs base_url pointing at a running mxmock; set base_url (MX_BASE_URL)"}},
		{"run_prefix with a space", func(c *Config) { c.RunPrefix = "my run" },
			[]string{`run_prefix (MX_RUN_PREFIX): "my run" must be 1 to 20 letters, digits or hyphens`}},
		{"run_prefix empty", func(c *Config) { c.RunPrefix = "" }, []string{`run_prefix (MX_RUN_PREFIX): "" must be`}},
		{"run_prefix too long", func(c *Config) { c.RunPrefix = strings.Repeat("a", 21) }, []string{"run_prefix (MX_RUN_PREFIX):"}},
		{"run_prefix of 20", func(c *Config) { c.RunPrefix = "A-" + strings.Repeat("9", 18) }, nil},
		{"ca_file missing", func(c *Config) { c.CAFile = "/no/such/ca.pem" },
			[]string{`ca_file (MX_CA_FILE): "/no/such/ca.pem" does not exist; set it to a PEM file`, "or leave it empty for the system roots"}},
		{"ca_file a directory", func(c *Config) { c.CAFile = t.TempDir() }, []string{"ca_file (MX_CA_FILE):", "is a directory"}},
		{"ca_file not PEM", func(c *Config) { c.CAFile = notPEM }, []string{"ca_file (MX_CA_FILE):", "holds no PEM certificate"}},
		{"unknown route", func(c *Config) { c.Routes["user_craete"] = Route{"POST", "/user"} },
			[]string{"routes.user_craete: unknown route key; known keys: user_create, user_read, user_update, user_delete, member_create, member_read, member_update, member_delete, account_delete"}},
		{"route missing", func(c *Config) { delete(c.Routes, RouteUserDelete) },
			[]string{`routes.user_delete: missing; set it to "METHOD /path", e.g. "DELETE /user/{id}"`}},
		{"route not two words", func(c *Config) { c.Routes[RouteUserRead] = parseRoute("/user/{id}") },
			[]string{`routes.user_read: "/user/{id}" is not "METHOD /path"; write it like "GET /user/{id}"`}},
		{"route bad method", func(c *Config) { c.Routes[RouteUserRead] = Route{"FETCH", "/user/{id}"} },
			[]string{`routes.user_read: "FETCH /user/{id}": method "FETCH" is not one of GET, POST, PUT, DELETE; write it like "GET /user/{id}"`}},
		{"route lower-case method", func(c *Config) { c.Routes[RouteUserRead] = Route{"get", "/user/{id}"} },
			[]string{`method "get" is not one of GET, POST, PUT, DELETE`}},
		{"route path without slash", func(c *Config) { c.Routes[RouteUserCreate] = Route{"POST", "user"} },
			[]string{`routes.user_create: "POST user": the path does not start with "/"`}},
		{"route lacks id", func(c *Config) { c.Routes[RouteMemberUpdate] = Route{"PUT", "/member"} },
			[]string{`routes.member_update: "PUT /member": the path lacks {id}`}},
		{"create route with a placeholder", func(c *Config) { c.Routes[RouteMemberCreate] = Route{"POST", "/member/{id}"} },
			[]string{"routes.member_create:", "has {id}, which member_create cannot fill (it takes no placeholders)"}},
		{"account delete lacks account_id", func(c *Config) { c.Routes[RouteAccountDelete] = Route{"DELETE", "/member/{member_id}/account/{id}"} },
			[]string{"routes.account_delete:", "lacks {account_id}", "has {id}, which account_delete cannot fill (it takes {member_id} and {account_id})"}},
		{"route unbalanced brace", func(c *Config) { c.Routes[RouteUserRead] = Route{"GET", "/user/{id"} },
			[]string{"routes.user_read:", `unmatched "{" or "}"`}},
		{"route with a query", func(c *Config) { c.Routes[RouteUserRead] = Route{"GET", "/user/{id}?x=1"} },
			[]string{"routes.user_read:", "has a query or fragment"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Defaults()
			tc.change(&c)
			err := c.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			wantError(t, err, append([]string{"invalid configuration (defaults):\n"}, tc.want...), nil)
			if n := strings.Count(err.Error(), "\n  - "); n != 1 {
				t.Errorf("want exactly 1 problem, got %d:\n%v", n, err)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Defaults()
	c.BaseURL = "ftp://x"
	c.APIKey = ""
	c.ClientGUID = ""
	c.Timeout = -time.Second
	c.RunPrefix = "no spaces please"
	c.CAFile = "/no/such/ca.pem"
	c.Routes["user_craete"] = Route{"POST", "/user"}
	c.Routes[RouteUserRead] = Route{"GET", "/user"}
	c.Source = "config/live.yaml + environment"

	err := c.Validate()
	want := []string{
		"invalid configuration (config/live.yaml + environment):",
		"base_url (MX_BASE_URL):", "api_key (MX_API_KEY): missing", "client_guid (MX_CLIENT_GUID): missing",
		"timeout (MX_TIMEOUT):", "run_prefix (MX_RUN_PREFIX):", "ca_file (MX_CA_FILE):",
		"routes.user_craete:", "routes.user_read:",
	}
	wantError(t, err, want, nil)
	if n := strings.Count(err.Error(), "\n  - "); n != len(want)-1 {
		t.Errorf("want %d problems, got %d:\n%v", len(want)-1, n, err)
	}
	if !strings.HasPrefix(err.Error(), want[0]+"\n") {
		t.Errorf("error does not start with the heading:\n%v", err)
	}
	// errors.Join: one wrapped error per line.
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != len(want) {
		t.Errorf("want errors.Join of %d lines, got %#v", len(want), err)
	}
}

func TestValidateNoRoutes(t *testing.T) {
	c := Defaults()
	c.Routes = nil
	err := c.Validate()
	var want []string
	for _, k := range RouteKeys() {
		want = append(want, "routes."+k+": missing")
	}
	wantError(t, err, want, nil)
}

func TestValidateNeverShowsKey(t *testing.T) {
	const key = "0123456789abcdef-live-key"
	c := Defaults()
	c.APIKey = key
	c.BaseURL = "https://h.example.com/" + key
	c.ClientGUID = key + " x"
	c.UnassociatedClientGUID = key + " x"
	c.RunPrefix = key
	c.CAFile = "/no/" + key
	c.Routes[RouteUserRead] = Route{"GET", "/" + key}
	c.Routes[key] = Route{"GET", "/x"}
	err := c.Validate()
	wantError(t, err, []string{"client_guid", "run_prefix", "ca_file", "routes.user_read", scrub.Redacted}, []string{key})

	c = Defaults()
	c.APIKey = "bad key " + key
	wantError(t, c.Validate(), []string{"api_key (MX_API_KEY): contains whitespace"}, []string{"bad key", key})
}

// A key too short to redact safely everywhere is allowed, with a warning that says what that means.
func TestAShortKeyIsWarnedOf(t *testing.T) {
	c, err := Load(fakeEnv(map[string]string{"MX_API_KEY": "k"}))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "api_key (MX_API_KEY): the key is 1 characters long") {
		t.Errorf("warnings %q", w)
	}
	if c, _ := Load(fakeEnv(nil)); len(c.Warnings()) != 0 {
		t.Errorf("the default key is warned of: %q", c.Warnings())
	}
}
