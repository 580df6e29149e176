package mock

import (
	"os/exec"
	"strings"
	"testing"
)

// TestMockNeverImportsTheCatalog holds the rule that keeps the contract suite honest: the mock is
// written from MX's docs by hand and never reads the catalog the suite checks it against. It
// also keeps the protocol package a leaf (standard library only), so anything can import it,
// and the test-only validator out of what ships.
func TestMockNeverImportsTheCatalog(t *testing.T) {
	const module = "github.com/mxcontract/mxcontract/"
	for _, tt := range []struct {
		pkg       string
		forbidden []string
		stdOnly   bool
	}{
		{pkg: module + "internal/mock", forbidden: []string{module + "internal/catalog", "github.com/getkin/"}},
		{pkg: module + "cmd/mxmock", forbidden: []string{module + "internal/catalog", "github.com/getkin/"}},
		{pkg: module + "mxmock", forbidden: []string{module + "internal/catalog", "github.com/getkin/"}},
		{pkg: module + "mxmock/wire", stdOnly: true},
		{pkg: module + "internal/scrub", stdOnly: true}, // the one redactor, the mock's log's too
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", tt.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", tt.pkg, err, out)
		}
		for dep := range strings.FieldsSeq(string(out)) {
			if tt.stdOnly && dep != tt.pkg {
				t.Errorf("%s imports %s: it must use the standard library only", tt.pkg, dep)
			}
			for _, f := range tt.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s imports %s", tt.pkg, dep)
				}
			}
		}
	}
}
