// The contract suite: one binary, one package per section of MX's errors page. `make contract`
// and `go tool ginkgo run -r ./suites` both run it.
package suites_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/suites/harness"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	_ "github.com/mxcontract/mxcontract/suites/accounts"
	_ "github.com/mxcontract/mxcontract/suites/general"
	_ "github.com/mxcontract/mxcontract/suites/members"
	_ "github.com/mxcontract/mxcontract/suites/other"
	_ "github.com/mxcontract/mxcontract/suites/users"
)

// TestContract loads the catalog and validates the configuration before the spec tree is built, so
// a bad config fails once, naming the field and the fix, instead of once per spec.
func TestContract(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatalf("the catalog of documented errors (fixtures/catalog.yaml) is broken: %v", err)
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	harness.Init(cfg, cat)
	RegisterFailHandler(Fail)
	RunSpecs(t, "MX SSO API v2 error contract")
}

var _ = SynchronizedBeforeSuite(harness.StartTarget, harness.Connect)

var _ = SynchronizedAfterSuite(harness.Disconnect, harness.StopTarget)
