// Package harness is what every section suite shares: the loaded configuration and catalog, the
// target (the embedded mock, or MX_BASE_URL), the API client of this spec process, and the helpers
// that create resources with cleanup and check answers against the catalog.
package harness

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/matchers"
	"github.com/mxcontract/mxcontract/internal/mock"
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega/format"
)

var (
	// Config is the validated configuration, loaded by TestContract before any spec runs.
	Config config.Config
	// Catalog is the documented errors, loaded by TestContract before the tree is built.
	Catalog *catalog.Catalog
	// API calls the target for this spec process.
	API *client.Client

	target   Target
	embedded *mock.Running
	book     *ledger.Writer // live runs only
)

// Target is what process 1 hands every process: where to send requests, and the run's id.
type Target struct {
	URL   string `json:"url"`
	RunID string `json:"run_id"`
}

// TargetInfo is recorded in the report (entry "target") for the human report's header.
type TargetInfo struct {
	URL      string `json:"url"`
	Embedded bool   `json:"embedded"` // the in-process mock
	Faults   bool   `json:"faults"`   // fault specs can run
	RunID    string `json:"run_id"`
	Config   string `json:"config"` // where the configuration came from
}

// Init keeps what TestContract loaded and validated.
func Init(cfg config.Config, cat *catalog.Catalog) {
	Config, Catalog = cfg, cat
	matchers.Redact = cfg.Redactor().Redact
	format.RegisterCustomFormatter(redactedFormatter)
}

// Row is the catalog row a spec is about; a spec for an id the catalog lacks is a bug.
func Row(id string) catalog.Row {
	row, ok := Catalog.Row(id)
	if !ok {
		panic(fmt.Sprintf("no catalog row %s in fixtures/catalog.yaml", id))
	}
	return row
}

// StartTarget runs once, on process 1: it starts the embedded mock unless a base URL is set.
func StartTarget() []byte {
	t := Target{URL: Config.BaseURL, RunID: randomHex(4)}
	if Config.Embedded() {
		var err error
		embedded, err = mock.Start(mock.Config{
			APIKey:  Config.APIKey,
			Clients: []mock.Client{{GUID: Config.ClientGUID}},
		})
		if err != nil {
			Fail(fmt.Sprintf("starting the embedded mock: %v", err))
		}
		t.URL = embedded.URL
	}
	b, _ := json.Marshal(t)
	return b
}

// Connect runs on every process with what StartTarget returned and builds that process's client.
func Connect(b []byte) {
	if err := json.Unmarshal(b, &target); err != nil {
		Fail(fmt.Sprintf("reading the target from process 1: %v", err))
	}
	opts := client.Options{
		BaseURL:    target.URL,
		APIKey:     Config.APIKey,
		ClientGUID: Config.ClientGUID,
		Routes:     Config.Routes,
		Timeout:    Config.Timeout,
		CAFile:     Config.CAFile,
		Redact:     Config.Redactor().Redact,
		Observe:    attach,
	}
	if Config.FaultsAvailable() {
		opts.Scope = scope()
	}
	AddReportEntry("target", TargetInfo{URL: Config.Redactor().Redact(target.URL), Embedded: Config.Embedded(),
		Faults: Config.FaultsAvailable(), RunID: target.RunID, Config: Config.Source}, ReportEntryVisibilityNever)
	var err error
	if API, err = client.New(opts); err != nil {
		Fail(fmt.Sprintf("building the API client: %v", err))
	}
	if !Config.Embedded() && Config.Ledger != "" {
		if book, err = ledger.NewWriter(Config.Ledger, scope()); err != nil {
			Fail(fmt.Sprintf("ledger (MX_LEDGER): %v", err))
		}
	}
}

// StopTarget runs on process 1 after every process is done.
func StopTarget() {
	if embedded != nil {
		_ = embedded.Close()
	}
}

// scope names this spec process's faults, so parallel processes never see each other's.
func scope() string { return fmt.Sprintf("mxc-%s-p%d", target.RunID, GinkgoParallelProcess()) }

// attach records every exchange in the spec's report (JSON and HTML), never on the console.
func attach(ex client.Exchange) {
	AddReportEntry("exchange", ex, ReportEntryVisibilityNever)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
