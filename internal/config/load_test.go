package config

import (
	"errors"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

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
				"MX_MOCK_CONTROL": "true", "MX_MOCK_CONTROL_TOKEN": "env-tok", "MX_CA_FILE": ca, "MX_MAX_BODY": "512KiB",
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					BaseURL: "https://env.example.com", APIKey: "env-key", ClientGUID: "CLT-env",
					UnassociatedClientGUID: "CLT-other", Timeout: 90 * time.Second, MaxBody: 512 << 10, MockControl: true,
					MockControlToken: "env-tok", RunPrefix: "env", CAFile: ca, Routes: Defaults().Routes,
					Ledger: defaultLedger(func(string) string { return "" }, "https://env.example.com", "CLT-env"),
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
			want:   []string{"base_url (MX_BASE_URL)", "timeout (MX_TIMEOUT)", "run_prefix (MX_RUN_PREFIX)", scrub.Redacted},
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
	wantError(t, err, []string{"MX_CONFIG", `"no/such/file.yaml"`, "it is not at " + filepath.Join(BaseDir(), "no/such/file.yaml")}, nil)

	_, err = Load(fakeEnv(map[string]string{EnvConfigFile: t.TempDir()}))
	wantError(t, err, []string{"MX_CONFIG", "cannot read", "is a directory"}, nil)
}

// A relative MX_CONFIG or MX_LEDGER means the same from the repository root as from suites/,
// where `go tool ginkgo run ./suites` and `make contract` run the suite's binary.
func TestRelativePathsFromTheEnvironmentAreFromTheModuleRoot(t *testing.T) {
	root := t.TempDir()
	for _, f := range []struct{ path, text string }{
		{"go.mod", "module example.com/team\n"},
		{"config/live.yaml", "base_url: https://mx.example.com\nclient_guid: CLT-1\n"},
		{"suites/suite_test.go", "package suites\n"},
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, f.path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f.path), []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := fakeEnv(map[string]string{EnvConfigFile: "config/live.yaml", "MX_API_KEY": "k", "MX_LEDGER": "reports/ledger"})
	for _, dir := range []string{root, filepath.Join(root, "suites")} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Chdir(dir)
			c, err := Load(env)
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseURL != "https://mx.example.com" || c.Ledger != filepath.Join(root, "reports/ledger") {
				t.Errorf("from %s: base_url %q, ledger %q", dir, c.BaseURL, c.Ledger)
			}
		})
	}
	// Outside the module root a path relative to the working directory still works.
	t.Chdir(filepath.Join(root, "suites"))
	if c, err := Load(fakeEnv(map[string]string{EnvConfigFile: "../config/live.yaml", "MX_API_KEY": "k"})); err != nil || c.ClientGUID != "CLT-1" {
		t.Errorf("../config/live.yaml from suites/: %v %+v", err, c)
	}
}

// Every live run keeps a ledger: without one configured, it is a folder of the user's state
// directory named for the target, the same for the suite and for mxsweep.
func TestALiveRunAlwaysHasALedger(t *testing.T) {
	env := map[string]string{"MX_BASE_URL": "https://int-api2.moneydesktop.com", "MX_API_KEY": "k", "MX_CLIENT_GUID": "CLT-1",
		"XDG_STATE_HOME": "/var/state", "HOME": "/home/ci"}
	c, err := Load(fakeEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.Ledger, "/var/state/mxcontract/ledger/int-api2.moneydesktop.com-") {
		t.Errorf("ledger %q", c.Ledger)
	}
	again, _ := Load(fakeEnv(env))
	env["MX_CLIENT_GUID"] = "CLT-2"
	other, _ := Load(fakeEnv(env))
	if again.Ledger != c.Ledger || other.Ledger == c.Ledger {
		t.Errorf("ledger not a function of the target: %q %q %q", c.Ledger, again.Ledger, other.Ledger)
	}
	delete(env, "XDG_STATE_HOME")
	if c, _ := Load(fakeEnv(env)); !strings.HasPrefix(c.Ledger, "/home/ci/.local/state/mxcontract/ledger/") {
		t.Errorf("without XDG_STATE_HOME: %q", c.Ledger)
	}
	if c, _ := Load(fakeEnv(map[string]string{})); c.Ledger != "" {
		t.Errorf("the embedded mock got a ledger: %q", c.Ledger)
	}
}

func TestMaxBody(t *testing.T) {
	for in, want := range map[string]ByteSize{"65536": 65536, "512KiB": 512 << 10, "4MiB": 4 << 20, "4 MB": 4 << 20, "1GiB": 1 << 30} {
		c, err := Load(fakeEnv(map[string]string{"MX_MAX_BODY": in}))
		if err != nil || c.MaxBody != want {
			t.Errorf("MX_MAX_BODY=%s: %v %v", in, c.MaxBody, err)
		}
	}
	if c, _ := Load(fakeEnv(nil)); c.MaxBody != DefaultMaxBody || c.MaxBody.String() != "4MiB" {
		t.Errorf("default %s", c.MaxBody)
	}
	_, err := Load(fakeEnv(map[string]string{"MX_MAX_BODY": "four megs"}))
	wantError(t, err, []string{"max_body (MX_MAX_BODY)", `"four megs" is not a size; write bytes or e.g. 512KiB or 4MiB`}, nil)
	_, err = Load(fakeEnv(map[string]string{"MX_MAX_BODY": "1KiB"}))
	wantError(t, err, []string{"max_body (MX_MAX_BODY): 1KiB is too small"}, nil)
	_, err = Load(fakeEnv(map[string]string{EnvConfigFile: writeYAML(t, "max_body: lots\ntimeout: x\n")}))
	wantError(t, err, []string{"max_body (MX_MAX_BODY)", `"lots" is not a size`, "timeout (MX_TIMEOUT)"}, nil)
}
