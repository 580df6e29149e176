package mock

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseClients(t *testing.T) {
	tests := []struct {
		in      string
		want    []Client
		wantErr string
	}{
		{"CLT-a", []Client{{GUID: "CLT-a"}}, ""},
		{"CLT-a, CLT-b=bank-ext ,ext-only", []Client{{GUID: "CLT-a"}, {GUID: "CLT-b", ExternalGUID: "bank-ext"}, {ExternalGUID: "ext-only"}}, ""},
		{"", nil, "client 1 is empty"},
		{"CLT-a,,CLT-b", nil, "client 2 is empty"},
		{"bank=ext", nil, `client "bank=ext": write CLT-guid=external-guid`},
		{"CLT-a=", nil, `client "CLT-a=": write CLT-guid=external-guid`},
		{"CLT-a,CLT-a", nil, `client id "CLT-a" is listed twice`},
		{"CLT-a=x,x", nil, `client id "x" is listed twice`},
		{"CLT-a=CLT-b", nil, `external guid "CLT-b" may not start with CLT-`},
	}
	for _, tt := range tests {
		got, err := ParseClients(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseClients(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseClients(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestLoadSeed(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"accounts":[{"client":"","member":"M-1","account_id":"ACC-1"},{"client":"CLT-a","member":"MBR-2","account_id":"ACC-2"}]}`)
	got, err := LoadSeed(good)
	want := []Account{{Member: "M-1", AccountID: "ACC-1"}, {Client: "CLT-a", Member: "MBR-2", AccountID: "ACC-2"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("LoadSeed = %+v, %v; want %+v", got, err, want)
	}
	for name, tt := range map[string]struct{ path, wantErr string }{
		"missing file":  {filepath.Join(dir, "nope.json"), "no such file"},
		"not JSON":      {write("bad.json", `accounts: []`), "malformed JSON"},
		"no accounts":   {write("empty.json", `{}`), "missing required field: accounts"},
		"unknown field": {write("typo.json", `{"acounts":[]}`), `unknown field "acounts"`},
		"no member":     {write("nomember.json", `{"accounts":[{"account_id":"A"}]}`), "accounts[0]: member"},
	} {
		if _, err := LoadSeed(tt.path); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.wantErr)
		}
	}
}

func TestNewDefaultsAndValidation(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.Config()
	if cfg.APIKey != "mxmock-api-key" || len(cfg.Clients) != 1 || cfg.Clients[0].GUID != "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184" ||
		cfg.MaxBodyBytes != 1<<20 || cfg.MaxObjects != 100000 {
		t.Errorf("defaults = %+v", cfg)
	}
	got := do(t, s, "POST", "/user?k=mxmock-api-key&c=CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184", `{}`)
	wantOK(t, "POST /user with the defaults", got, 200)

	_, err = New(Config{MaxBodyBytes: -1, MaxObjects: -1, Clients: []Client{{}}, Accounts: []Account{{AccountID: "A"}}})
	for _, want := range []string{"MaxBodyBytes", "MaxObjects", "neither a guid", "account 0: member"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New with a bad config: err = %v, want it to mention %q", err, want)
		}
	}
}
