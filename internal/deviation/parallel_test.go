package deviation_test

import (
	"context"
	"maps"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

// verdicts maps each catalog id to its spec's state.
func verdicts(r types.Report) map[string]types.SpecState {
	v := map[string]types.SpecState{}
	for _, s := range suiterun.Specs(r) {
		v[record.CatalogID(s)] = s.State
	}
	return v
}

// `ginkgo -p` gives the verdicts of a serial run, five times over: against a mock with one
// deviation (so some specs fail) where every process injects its own faults at the same time.
func TestParallelRunsGiveTheSerialVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite six times")
	}
	cat, _ := catalog.Load()
	var d deviation
	for _, d = range deviations(cat) {
		if d.name == "U5: 200 where an error is due" {
			break
		}
	}
	env := startDeviatingMock(t, &d)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	serial, err := suiterun.Run(ctx, suiteBin, env)
	if err != nil {
		t.Fatal(err)
	}
	want := verdicts(serial.Report)
	if failed := failedIDs(want); !slices.Equal(failed, []string{"U5"}) {
		t.Fatalf("serial run failed %v, want [U5]\n%s", failed, serial.Output)
	}
	for i := 1; i <= 5; i++ {
		par, err := suiterun.RunParallel(ctx, suiteBin, 4, env, "--randomize-all")
		if err != nil {
			t.Fatal(err)
		}
		if n := par.Report.SuiteConfig.ParallelTotal; n != 4 {
			t.Fatalf("parallel run %d used %d processes", i, n)
		}
		if got := verdicts(par.Report); !maps.Equal(got, want) {
			t.Fatalf("parallel run %d: verdicts %v, serial %v\n%s", i, got, want, tail(par.Output, 80))
		}
	}
}

func failedIDs(v map[string]types.SpecState) []string {
	var ids []string
	for id, s := range v {
		if s.Is(types.SpecStateFailureStates) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}
