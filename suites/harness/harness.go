// Package harness is what every section suite shares: the loaded configuration and catalog, the
// target (the embedded mock, or MX_BASE_URL), the API client of this spec process, and the helpers
// that create resources with cleanup and check answers against the catalog.
package harness

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/matchers"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"github.com/mxcontract/mxcontract/internal/sweep"
	"github.com/mxcontract/mxcontract/mxmock"
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

	secrets  *scrub.Redactor // the key, the control token, and the login tokens answers carried
	target   Target
	embedded *mxmock.Mock
	book     *ledger.File // live runs only
	remover  sweep.Remover
)

// Target is what process 1 hands every process: where to send requests, and the run's id.
type Target struct {
	URL   string `json:"url"`
	RunID string `json:"run_id"`
}

// Init keeps what TestContract loaded and validated.
func Init(cfg config.Config, cat *catalog.Catalog) {
	Config, Catalog = cfg, cat
	secrets = cfg.Redactor()
	matchers.Scrub = Scrub
	format.RegisterCustomFormatter(redactedFormatter)
}

// Scrub makes text bound for the console or a report safe to show: every secret this run knows
// of hidden, in any encoding, and control characters escaped.
func Scrub(s string) string { return secrets.Text(s) }

// Row is the catalog row a spec is about; a spec for an id the catalog lacks is a bug.
func Row(id string) catalog.Row {
	row, ok := Catalog.Row(id)
	if !ok {
		panic(fmt.Sprintf("no catalog row %s in fixtures/catalog.yaml", id))
	}
	return row
}

// StartTarget runs once, on process 1, before any spec: it starts the embedded mock unless a base
// URL is set, then checks with one request that the target can be tested at all.
func StartTarget(ctx SpecContext) []byte {
	t := Target{URL: Config.BaseURL, RunID: randomHex(4)}
	if Config.Embedded() {
		var err error
		// Its request log goes to the running spec's output: a failing spec shows what the mock saw.
		embedded, err = mxmock.Start(mxmock.Config{
			APIKey:  Config.APIKey,
			Clients: []mxmock.Client{{GUID: Config.ClientGUID}},
			Log:     GinkgoWriter,
		})
		if err != nil {
			Fail(fmt.Sprintf("starting the embedded mock: %v", err))
		}
		t.URL = embedded.URL
	}
	AddReportEntry(record.EntryTarget, record.Target{URL: Scrub(t.URL), Client: Config.ClientGUID, Embedded: Config.Embedded(),
		Faults: Config.FaultsAvailable(), RunID: t.RunID, Config: Config.Source}, ReportEntryVisibilityNever)
	preflight(ctx, t)
	b, _ := json.Marshal(t)
	return b
}

// Connect runs on every process with what StartTarget returned and builds that process's clients.
func Connect(b []byte) {
	if err := json.Unmarshal(b, &target); err != nil {
		Fail(fmt.Sprintf("reading the target from process 1: %v", err))
	}
	var err error
	if API, err = newClient(target.URL, attach); err != nil {
		Fail(fmt.Sprintf("building the API client: %v", err))
	}
	remover = sweep.Remover{API: API, Catalog: Catalog, Routes: Config.Routes}
	if Config.FaultsAvailable() {
		if control, err = newClient(target.URL, nil); err != nil {
			Fail(fmt.Sprintf("building the control API's client: %v", err))
		}
	}
	if !Config.Embedded() {
		if book, err = ledger.Open(Config.Ledger, scope()); err != nil {
			Fail(fmt.Sprintf("the run's ledger (ledger, MX_LEDGER: %s): %v", Config.Ledger, err))
		}
	}
}

// Disconnect runs on every process once its specs are done: it closes the process's ledger,
// which removes it if the process left nothing behind.
func Disconnect() {
	if book != nil {
		if err := book.Close(); err != nil {
			GinkgoWriter.Printf("ledger: %v\n", err)
		}
	}
}

// StopTarget runs on process 1 after every process is done.
func StopTarget() {
	if embedded != nil {
		_ = embedded.Close()
	}
}

// newClient builds a client of the target with the suite's settings; observe may be nil.
func newClient(url string, observe func(client.Exchange)) (*client.Client, error) {
	opts := client.Options{
		BaseURL:    url,
		APIKey:     Config.APIKey,
		ClientGUID: Config.ClientGUID,
		Routes:     Config.Routes,
		Timeout:    Config.Timeout,
		MaxBody:    int64(Config.MaxBody),
		CAFile:     Config.CAFile,
		Redact:     Scrub,
		Learn:      secrets.Learn,
		Observe:    observe,
	}
	if Config.FaultsAvailable() {
		opts.Scope = scope()
	}
	return client.New(opts)
}

// scope names this spec process's faults, so parallel processes never see each other's, and its
// ledger file.
func scope() string {
	return fmt.Sprintf("%s-p%d", runName(), GinkgoParallelProcess())
}

// runName is this run: <run_prefix>-<run id>.
func runName() string { return Config.RunPrefix + "-" + target.RunID }

// attach records every exchange in the spec's report (JSON and HTML), never on the console.
func attach(ex client.Exchange) {
	AddReportEntry(record.EntryExchange, ex, ReportEntryVisibilityNever)
}

// redactedFormatter makes Gomega print a *resty.Response as HaveMXError does (client.Exchange),
// in any matcher's failure, instead of a struct dump that holds the key.
func redactedFormatter(value any) (string, bool) {
	resp, ok := value.(*resty.Response)
	if !ok || resp == nil {
		return "", false
	}
	return API.Exchange(resp).String(), true
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
