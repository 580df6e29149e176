package suiterun_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/suiterun"
)

// Every catalog row has exactly one spec and every spec names a row, with its labels, a unique
// name that starts with its id, and no order dependence to hide behind (the tree is previewed).
func TestEveryCatalogRowHasExactlyOneSpec(t *testing.T) {
	ctx := context.Background()
	res, err := suiterun.Run(ctx, suiteBin, nil, "--ginkgo.dry-run")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	specs := suiterun.Specs(res.Report)
	perID := map[string]int{}
	names := map[string]bool{}
	for _, s := range specs {
		id := record.CatalogID(s)
		row, ok := cat.Row(id)
		if !ok {
			t.Errorf("spec %q names no catalog row (its id label is %q)", s.FullText(), id)
			continue
		}
		perID[id]++
		if !strings.HasPrefix(s.LeafNodeText, id+" ") {
			t.Errorf("spec %q does not start with its id %s", s.LeafNodeText, id)
		}
		if names[s.FullText()] {
			t.Errorf("two specs are named %q", s.FullText())
		}
		names[s.FullText()] = true
		for _, l := range row.Labels() {
			if !slices.Contains(s.Labels(), l) {
				t.Errorf("%s: label %q missing (has %v)", id, l, s.Labels())
			}
		}
		if !row.Faults && slices.Contains(s.Labels(), "faults") {
			t.Errorf("%s: labelled faults but the catalog says it needs none", id)
		}
	}
	for _, id := range cat.IDs() {
		if perID[id] != 1 {
			t.Errorf("catalog row %s has %d specs, want exactly 1", id, perID[id])
		}
	}
	if len(specs) != len(cat.Rows) {
		t.Errorf("%d specs for %d catalog rows", len(specs), len(cat.Rows))
	}
}
