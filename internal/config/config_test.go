package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/mxcontract/mxcontract/mxmock/wire"
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

// The defaults are a valid configuration of the embedded mock, and agree with what mxmock serves:
// its default key and client, and every route of the table a route mxmock has.
func TestDefaults(t *testing.T) {
	c := Defaults()
	if err := c.Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v", err)
	}
	if !c.Embedded() || !c.FaultsAvailable() || c.APIKey != wire.DefaultAPIKey || c.ClientGUID != wire.DefaultClientGUID ||
		c.UnassociatedClientGUID == c.ClientGUID {
		t.Errorf("defaults do not make a run against the embedded mxmock: %s", c)
	}
	served := []string{wire.RouteUserCreate, wire.RouteUserRead, wire.RouteUserUpdate, wire.RouteUserDelete, wire.RouteMemberCreate,
		wire.RouteMemberRead, wire.RouteMemberUpdate, wire.RouteMemberDelete, wire.RouteAccountDelete}
	var routes []string
	for _, k := range RouteKeys() {
		routes = append(routes, c.Routes[k].String())
	}
	if !slices.Equal(routes, served) {
		t.Errorf("the default routes\n %v\nare not mxmock's\n %v", routes, served)
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
