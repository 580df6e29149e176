package deviation_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/mock"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

const (
	apiKey       = "deviation-test-key"
	clientGUID   = "CLT-deviation-0001"
	unassociated = "CLT-deviation-not-associated"
)

// suiteBin is the contract suite, built once for every run of this package.
var suiteBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deviation-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if suiteBin, err = suiterun.Build(context.Background(), dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runAgainst runs the whole suite against mxmock wrapped in d (nil: the faithful mock) and returns
// the ids of the specs that failed.
func runAgainst(t *testing.T, d *deviation) (failed []string, res suiterun.Result) {
	t.Helper()
	env := startDeviatingMock(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := suiterun.Run(ctx, suiteBin, env, "--ginkgo.randomize-all")
	if err != nil {
		t.Fatal(err)
	}
	specs := suiterun.Specs(res.Report)
	if n := len(specs.WithState(types.SpecStateSkipped | types.SpecStatePending)); n > 0 {
		t.Fatalf("%d specs did not run; every spec must run against mxmock with control:\n%s", n, res.Output)
	}
	for _, s := range specs.WithState(types.SpecStateFailureStates) {
		failed = append(failed, record.CatalogID(s))
	}
	sort.Strings(failed)
	return failed, res
}

// startDeviatingMock serves mxmock wrapped in d (nil: faithful) on loopback until the test ends,
// and returns the environment that points the suite at it, control API included.
func startDeviatingMock(t *testing.T, d *deviation) []string {
	t.Helper()
	srv, err := mock.New(mock.Config{APIKey: apiKey, Clients: []mock.Client{{GUID: clientGUID}}})
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler = srv
	if d != nil {
		handler = deviate(handler, *d)
	}
	ts := httptest.NewServer(handler)
	t.Cleanup(ts.Close)
	return []string{"MX_CONFIG=", "MX_BASE_URL=" + ts.URL, "MX_MOCK_CONTROL=true", "MX_API_KEY=" + apiKey,
		"MX_CLIENT_GUID=" + clientGUID, "MX_UNASSOCIATED_CLIENT_GUID=" + unassociated, "MX_TIMEOUT=10s", "MX_LEDGER=" + t.TempDir()}
}

func TestTheSuitePassesAgainstTheFaithfulMock(t *testing.T) {
	failed, res := runAgainst(t, nil)
	if len(failed) > 0 || !res.Passed {
		t.Fatalf("specs failed against the faithful mock: %v\n%s", failed, res.Output)
	}
	cat, _ := catalog.Load()
	if n := len(suiterun.Specs(res.Report)); n != len(cat.Rows) {
		t.Fatalf("%d specs ran, want %d", n, len(cat.Rows))
	}
}

// Each deviation must fail exactly the specs of the rows it breaks: no more (a spec that fails for
// someone else's break is imprecise), no fewer (a spec that passes a break cannot fail).
func TestEveryDeviationFailsExactlyItsRows(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	all := deviations(cat)
	var caught, tried atomic.Int32
	start := time.Now()
	t.Run("deviations", func(t *testing.T) {
		for _, d := range all {
			t.Run(d.name, func(t *testing.T) {
				t.Parallel()
				failed, res := runAgainst(t, &d)
				want := slices.Clone(d.rows)
				sort.Strings(want)
				if len(want) > 0 {
					tried.Add(1)
				}
				switch {
				case !slices.Equal(failed, want):
					t.Errorf("failed specs %v, want exactly %v\n%s", failed, want, tail(res.Output, 60))
				case len(want) > 0 && res.Passed:
					t.Errorf("the run exited 0 although %v failed", failed)
				case len(want) == 0 && !res.Passed:
					t.Errorf("a variation the docs allow failed the run:\n%s", tail(res.Output, 60))
				case len(want) > 0:
					caught.Add(1)
				}
				t.Logf("deviation %q fails %v", d.name, failed)
			})
		}
	})
	t.Logf("mutation score: %d caught / %d tried; %d deviations (with tolerated variations) in %s",
		caught.Load(), tried.Load(), len(all), time.Since(start).Round(time.Millisecond))
}

// A new catalog row without deviations of each kind it can break fails here.
func TestEveryRowHasADeviationOfEachKind(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]map[kind]bool{}
	for _, d := range deviations(cat) {
		for _, id := range d.rows {
			if have[id] == nil {
				have[id] = map[kind]bool{}
			}
			have[id][d.kind] = true
		}
	}
	for _, row := range cat.Rows {
		need := []kind{kindStatus}
		switch {
		case row.Body == catalog.BodyNonePromised:
		case row.Message == "":
			need = []kind{kindShape}
		default:
			need = append(need, kindMessage, kindShape)
		}
		for _, k := range need {
			if !have[row.ID][k] {
				t.Errorf("%s: no %s deviation; add one to deviations_test.go", row.ID, k)
			}
		}
	}
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

// Every kind of break of the envelope is run against the whole suite at least once.
func TestEveryShapeBreakIsProven(t *testing.T) {
	cat, _ := catalog.Load()
	for _, v := range shapeBreaks {
		found := false
		for _, d := range deviations(cat) {
			found = found || strings.HasSuffix(d.name, ": "+v.name)
		}
		if !found {
			t.Errorf("no row is broken with %q", v.name)
		}
	}
}
