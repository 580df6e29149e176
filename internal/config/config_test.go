package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeEnv returns a getenv that reads only m.
func fakeEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeYAML writes content to a temporary file and returns its path.
func writeYAML(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "suite.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeCA writes a self-signed CA certificate as PEM and returns its path.
func writeCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantError fails unless err holds every string in want and none in absent.
func wantError(t *testing.T, err error, want, absent []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", want)
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	for _, a := range absent {
		if strings.Contains(msg, a) {
			t.Errorf("error contains %q:\n%s", a, msg)
		}
	}
}

func TestDefaults(t *testing.T) {
	c := Defaults()
	if err := c.Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"BaseURL", c.BaseURL, ""},
		{"APIKey", c.APIKey, "mxmock-api-key"},
		{"ClientGUID", c.ClientGUID, "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184"},
		{"UnassociatedClientGUID", c.UnassociatedClientGUID, "CLT-00000000-0000-0000-0000-00000000dead"},
		{"Timeout", c.Timeout, 10 * time.Second},
		{"MockControl", c.MockControl, false},
		{"RunPrefix", c.RunPrefix, "mxc"},
		{"CAFile", c.CAFile, ""},
		{"Source", c.Source, "defaults"},
		{"Embedded", c.Embedded(), true},
		{"FaultsAvailable", c.FaultsAvailable(), true},
		{"routes", len(c.Routes), 9},
		{RouteUserCreate, c.Routes[RouteUserCreate], Route{"POST", "/user"}},
		{RouteUserRead, c.Routes[RouteUserRead], Route{"GET", "/user/{id}"}},
		{RouteUserUpdate, c.Routes[RouteUserUpdate], Route{"PUT", "/user/{id}"}},
		{RouteUserDelete, c.Routes[RouteUserDelete], Route{"DELETE", "/user/{id}"}},
		{RouteMemberCreate, c.Routes[RouteMemberCreate], Route{"POST", "/member"}},
		{RouteMemberRead, c.Routes[RouteMemberRead], Route{"GET", "/member/{id}"}},
		{RouteMemberUpdate, c.Routes[RouteMemberUpdate], Route{"PUT", "/member/{id}"}},
		{RouteMemberDelete, c.Routes[RouteMemberDelete], Route{"DELETE", "/member/{id}"}},
		{RouteAccountDelete, c.Routes[RouteAccountDelete], Route{"DELETE", "/member/{member_id}/account/{account_id}"}},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if keys := RouteKeys(); len(keys) != len(c.Routes) {
		t.Errorf("RouteKeys() = %v, want the %d keys of Defaults().Routes", keys, len(c.Routes))
	}

	// Each call returns its own map.
	c.Routes[RouteUserCreate] = Route{"PUT", "/x"}
	if got := Defaults().Routes[RouteUserCreate]; got != (Route{"POST", "/user"}) {
		t.Errorf("changing one Defaults().Routes changed the next: %v", got)
	}
}

func TestLoadNothingSetIsDefaults(t *testing.T) {
	c, err := Load(fakeEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Defaults()) {
		t.Errorf("Load with nothing set = %+v, want Defaults()", c)
	}
}

func TestLoad(t *testing.T) {
	ca := writeCA(t)
	tests := []struct {
		name  string
		yaml  string // written to a file named by MX_CONFIG, unless empty
		env   map[string]string
		check func(t *testing.T, c Config)
	}{
		{
			name: "YAML overrides defaults",
			yaml: `
base_url: https://mx.example.com/
api_key: yaml-key
client_guid: CLT-yaml
timeout: 45s
run_prefix: team-a
mock_control: true
mock_control_token: tok
routes:
  member_read: GET /members/{id}
`,
			check: func(t *testing.T, c Config) {
				want := []struct {
					name      string
					got, want any
				}{
					{"BaseURL (trailing slash trimmed)", c.BaseURL, "https://mx.example.com"},
					{"APIKey", c.APIKey, "yaml-key"},
					{"ClientGUID", c.ClientGUID, "CLT-yaml"},
					{"UnassociatedClientGUID (no mock default when live)", c.UnassociatedClientGUID, ""},
					{"Timeout", c.Timeout, 45 * time.Second},
					{"RunPrefix", c.RunPrefix, "team-a"},
					{"MockControl", c.MockControl, true},
					{"MockControlToken", c.MockControlToken, "tok"},
					{"Embedded", c.Embedded(), false},
					{"FaultsAvailable", c.FaultsAvailable(), true},
					{"member_read (overridden)", c.Routes[RouteMemberRead], Route{"GET", "/members/{id}"}},
					{"user_read (kept)", c.Routes[RouteUserRead], Route{"GET", "/user/{id}"}},
					{"routes", len(c.Routes), 9},
				}
				for _, w := range want {
					if w.got != w.want {
						t.Errorf("%s = %v, want %v", w.name, w.got, w.want)
					}
				}
				if !strings.HasSuffix(c.Source, "suite.yaml") {
					t.Errorf("Source = %q, want the file alone", c.Source)
				}
			},
		},
		{
			name: "environment overrides YAML",
			yaml: `
base_url: https://yaml.example.com
api_key: yaml-key
client_guid: CLT-yaml
timeout: 45s
run_prefix: yaml
`,
			env: map[string]string{
				"MX_BASE_URL": "https://env.example.com", "MX_API_KEY": "env-key", "MX_CLIENT_GUID": "CLT-env",
				"MX_UNASSOCIATED_CLIENT_GUID": "CLT-other", "MX_TIMEOUT": "1m30s", "MX_RUN_PREFIX": "env",
				"MX_MOCK_CONTROL": "true", "MX_MOCK_CONTROL_TOKEN": "env-tok", "MX_CA_FILE": ca,
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					BaseURL: "https://env.example.com", APIKey: "env-key", ClientGUID: "CLT-env",
					UnassociatedClientGUID: "CLT-other", Timeout: 90 * time.Second, MockControl: true,
					MockControlToken: "env-tok", RunPrefix: "env", CAFile: ca, Routes: Defaults().Routes,
					Source: c.Source,
				}
				if !reflect.DeepEqual(c, want) {
					t.Errorf("got  %#v\nwant %#v", c, want)
				}
				if !strings.HasSuffix(c.Source, "suite.yaml + environment") {
					t.Errorf("Source = %q, want the file + environment", c.Source)
				}
			},
		},
		{
			name: "empty variables are the same as unset",
			yaml: "base_url: https://yaml.example.com\napi_key: yaml-key\nclient_guid: CLT-yaml\n",
			env:  map[string]string{"MX_BASE_URL": "", "MX_API_KEY": "", "MX_TIMEOUT": "", "MX_MOCK_CONTROL": ""},
			check: func(t *testing.T, c Config) {
				if c.BaseURL != "https://yaml.example.com" || c.APIKey != "yaml-key" || c.Timeout != DefaultTimeout {
					t.Errorf("empty variables overrode the file: %+v", c)
				}
				if strings.Contains(c.Source, "environment") {
					t.Errorf("Source = %q, want no environment", c.Source)
				}
			},
		},
		{
			name: "environment alone, embedded: mock defaults fill the rest",
			env:  map[string]string{"MX_API_KEY": "my-mock-key", "MX_RUN_PREFIX": "ci-42"},
			check: func(t *testing.T, c Config) {
				if c.APIKey != "my-mock-key" || c.ClientGUID != DefaultMockClientGUID ||
					c.UnassociatedClientGUID != DefaultMockUnassociatedClientGUID || c.RunPrefix != "ci-42" {
					t.Errorf("got %+v", c)
				}
				if c.Source != "defaults + environment" {
					t.Errorf("Source = %q", c.Source)
				}
			},
		},
		{
			name: "environment alone, live: no mock defaults",
			env:  map[string]string{"MX_BASE_URL": "http://127.0.0.1:8080", "MX_API_KEY": "k1", "MX_CLIENT_GUID": "CLT-1"},
			check: func(t *testing.T, c Config) {
				if c.UnassociatedClientGUID != "" {
					t.Errorf("UnassociatedClientGUID = %q, want empty (U4 skipped) on a live target", c.UnassociatedClientGUID)
				}
				if c.FaultsAvailable() {
					t.Error("FaultsAvailable() = true on a live target without mock_control")
				}
			},
		},
		{
			name: "empty file and routes: alone keep the defaults",
			yaml: "routes:\n",
			check: func(t *testing.T, c Config) {
				if !reflect.DeepEqual(c.Routes, Defaults().Routes) {
					t.Errorf("Routes = %v", c.Routes)
				}
			},
		},
		{
			name: "relative ca_file is relative to the YAML file",
			yaml: "ca_file: ca.pem\n",
			check: func(t *testing.T, c Config) {
				if !filepath.IsAbs(c.CAFile) || filepath.Base(c.CAFile) != "ca.pem" {
					t.Errorf("CAFile = %q", c.CAFile)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			if tc.yaml != "" {
				path := writeYAML(t, tc.yaml)
				env[EnvConfigFile] = path
				if strings.Contains(tc.yaml, "ca.pem") {
					ca, err := os.ReadFile(ca)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(filepath.Dir(path), "ca.pem"), ca, 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			c, err := Load(fakeEnv(env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tc.check(t, c)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	const secret = "s3cr3t-api-key-0123"
	tests := []struct {
		name   string
		yaml   string
		env    map[string]string
		want   []string
		absent []string
	}{
		{
			name: "unknown YAML key names the key and the file",
			yaml: "base_url: \"\"\napi_kye: x\n",
			want: []string{"invalid configuration (", "suite.yaml", `line 2: unknown key "api_kye"`, "known keys: base_url, api_key"},
		},
		{
			name: "unknown route key",
			yaml: "routes:\n  user_craete: POST /user\n",
			want: []string{"routes.user_craete: unknown route key; known keys: user_create, user_read"},
		},
		{
			name: "YAML value of the wrong kind names the field",
			yaml: "timeout: 10\nmock_control: maybe\n",
			want: []string{"timeout (MX_TIMEOUT): ", "line 1", "Go duration", "mock_control (MX_MOCK_CONTROL): ", "line 2", "true or false"},
		},
		{
			name: "route that is not a string",
			yaml: "routes:\n  user_read: [GET, /user]\n",
			want: []string{"routes.user_read: ", "line 2", `a route is a string such as "GET /user/{id}"`},
		},
		{
			name: "invalid YAML",
			yaml: "base_url: [\n",
			want: []string{"MX_CONFIG: ", "suite.yaml", "is not valid YAML"},
		},
		{
			name: "bad variables name the field and the fix",
			env:  map[string]string{"MX_TIMEOUT": "ten", "MX_MOCK_CONTROL": "yes please"},
			want: []string{
				"invalid configuration (defaults + environment):",
				`timeout (MX_TIMEOUT): "ten" is not a Go duration; set it to e.g. 10s`,
				`mock_control (MX_MOCK_CONTROL): "yes please" is not a boolean; set it to true or false`,
			},
		},
		{
			name: "live mode without key or client guid",
			env:  map[string]string{"MX_BASE_URL": "https://int-api2.moneydesktop.com"},
			want: []string{
				"api_key (MX_API_KEY): missing; live mode (base_url set) needs the API key MX issued for your accessor",
				"client_guid (MX_CLIENT_GUID): missing; live mode",
			},
			absent: []string{DefaultMockAPIKey},
		},
		{
			name: "live mode from YAML without key",
			yaml: "base_url: https://int-api2.moneydesktop.com\nclient_guid: CLT-1\n",
			want: []string{"api_key (MX_API_KEY): missing"},
		},
		{
			name: "the key never appears in error text",
			yaml: "api_key: yaml-" + secret + "\nrun_prefix: \"" + secret + "!\"\n",
			env: map[string]string{
				"MX_API_KEY":  secret,
				"MX_BASE_URL": "ftp://host/" + secret + "?k=typo-" + secret,
				"MX_TIMEOUT":  secret,
			},
			want:   []string{"base_url (MX_BASE_URL)", "timeout (MX_TIMEOUT)", "run_prefix (MX_RUN_PREFIX)", Redacted},
			absent: []string{secret, "s3cr3t"},
		},
		{
			name:   "base_url with the key in its query",
			env:    map[string]string{"MX_BASE_URL": "https://h.example.com/?k=" + secret, "MX_API_KEY": "other", "MX_CLIENT_GUID": "c"},
			want:   []string{"must not have a query", "k=REDACTED"},
			absent: []string{secret},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			if tc.yaml != "" {
				env[EnvConfigFile] = writeYAML(t, tc.yaml)
			}
			c, err := Load(fakeEnv(env))
			wantError(t, err, tc.want, tc.absent)
			if !reflect.DeepEqual(c, Config{}) {
				t.Errorf("Load returned %+v with its error, want the zero Config", c)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(fakeEnv(map[string]string{EnvConfigFile: path}))
	wantError(t, err, []string{"MX_CONFIG", path, "cannot read"}, nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) = false for %v", err)
	}

	_, err = Load(fakeEnv(map[string]string{EnvConfigFile: "no/such/file.yaml"}))
	wantError(t, err, []string{"MX_CONFIG", `"no/such/file.yaml"`, "(relative to "}, nil)

	_, err = Load(fakeEnv(map[string]string{EnvConfigFile: t.TempDir()}))
	wantError(t, err, []string{"MX_CONFIG", "cannot read", "is a directory"}, nil)
}

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
	wantError(t, err, []string{"client_guid", "run_prefix", "ca_file", "routes.user_read", Redacted}, []string{key})

	c = Defaults()
	c.APIKey = "bad key " + key
	wantError(t, c.Validate(), []string{"api_key (MX_API_KEY): contains whitespace"}, []string{"bad key", key})
}

func TestRedactor(t *testing.T) {
	const key = "secret"
	tests := []struct {
		name, key, in, want string
	}{
		{"k first in query", key, "/user?k=secret&c=CLT-1", "/user?k=REDACTED&c=CLT-1"},
		{"k last in query", key, "/user?c=x&k=secret", "/user?c=x&k=REDACTED"},
		{"k with a wrong key", key, "GET https://h/user/USR-1?c=x&k=typo-key&z=1", "GET https://h/user/USR-1?c=x&k=REDACTED&z=1"},
		{"key elsewhere in text", key, `api key "secret" rejected; body={"k":"secret"}`, `api key "REDACTED" rejected; body={"k":"REDACTED"}`},
		{"k ends at whitespace", key, "url=/user?k=abc def", "url=/user?k=REDACTED def"},
		{"k ends at quotes", key, `"/user?k=abc" '/m?k=xyz' ` + "`?k=q`", `"/user?k=REDACTED" '/m?k=REDACTED' ` + "`?k=REDACTED`"},
		{"k at start", key, "k=abc&c=1", "k=REDACTED&c=1"},
		{"empty k value", key, "/user?k=&c=1", "/user?k=REDACTED&c=1"},
		{"k in JSON with escaped ampersand", key, `"/user?c=1\u0026k=abc\u0026z=2"`, `"/user?c=1\u0026k=REDACTED\u0026z=2"`},
		{"other names ending in k untouched", key, "/user?bk=1&kk=2&k2=3 look=4", "/user?bk=1&kk=2&k2=3 look=4"},
		{"several", key, "a?k=1&k=2 b?k=3", "a?k=REDACTED&k=REDACTED b?k=REDACTED"},
		{"nothing to redact", key, "GET /user/USR-1 -> 404", "GET /user/USR-1 -> 404"},
		{"empty key: query rule only", "", "/user?k=abc&c=1 and secret", "/user?k=REDACTED&c=1 and secret"},
		{"empty key: nothing", "", "plain text", "plain text"},
		{"empty string", key, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Defaults()
			c.APIKey = tc.key
			if got := c.Redactor().Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}

	t.Run("nil and zero redactors apply the query rule", func(t *testing.T) {
		var nilR *Redactor
		if got := nilR.Redact("?k=x"); got != "?k=REDACTED" {
			t.Errorf("nil: %q", got)
		}
		if got := (&Redactor{}).Redact("?k=x secret"); got != "?k=REDACTED secret" {
			t.Errorf("zero: %q", got)
		}
	})
	t.Run("longer secret first", func(t *testing.T) {
		r := NewRedactor("tok", "tok-long")
		if got := r.Redact("a tok-long b tok"); got != "a REDACTED b REDACTED" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("mock control token", func(t *testing.T) {
		c := Defaults()
		c.MockControlToken = "ctl-token"
		if got := c.Redactor().Redact("X-Token: ctl-token"); got != "X-Token: REDACTED" {
			t.Errorf("got %q", got)
		}
	})
}

func TestStringHidesSecrets(t *testing.T) {
	c := Defaults()
	c.APIKey, c.MockControlToken = "the-api-key", "the-token"
	for _, s := range []string{c.String(), fmtV(c)} {
		if strings.Contains(s, "the-api-key") || strings.Contains(s, "the-token") {
			t.Errorf("String() shows a secret: %s", s)
		}
		if !strings.Contains(s, "embedded mock") || !strings.Contains(s, DefaultMockClientGUID) {
			t.Errorf("String() = %s", s)
		}
	}
}

func fmtV(c Config) string { return fmt.Sprintf("%v %+v %s", c, c, c) }

func TestConfigFiles(t *testing.T) {
	t.Run("config/mock.yaml is the defaults", func(t *testing.T) {
		path := filepath.Join("..", "..", "config", "mock.yaml")
		c, err := Load(fakeEnv(map[string]string{EnvConfigFile: path}))
		if err != nil {
			t.Fatal(err)
		}
		want := Defaults()
		want.Source = path
		if !reflect.DeepEqual(c, want) {
			t.Errorf("got  %#v\nwant %#v", c, want)
		}
	})
	t.Run("config/live.example.yaml", func(t *testing.T) {
		path := filepath.Join("..", "..", "config", "live.example.yaml")
		c, err := Load(fakeEnv(map[string]string{
			EnvConfigFile: path, "MX_API_KEY": "live-key", "MX_CLIENT_GUID": "CLT-live",
		}))
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL != "https://int-api2.moneydesktop.com" || c.Embedded() || c.FaultsAvailable() {
			t.Errorf("not a live target: %v", c)
		}
		if c.APIKey != "live-key" || c.ClientGUID != "CLT-live" || c.UnassociatedClientGUID != "" {
			t.Errorf("credentials: %v", c)
		}
		if !reflect.DeepEqual(c.Routes, Defaults().Routes) {
			t.Errorf("Routes = %v", c.Routes)
		}
		if c.Source != path+" + environment" {
			t.Errorf("Source = %q", c.Source)
		}

		// Without the environment it names what is missing.
		_, err = Load(fakeEnv(map[string]string{EnvConfigFile: path}))
		wantError(t, err, []string{"invalid configuration (" + path + "):", "api_key (MX_API_KEY): missing", "client_guid (MX_CLIENT_GUID): missing"}, nil)
	})
}
