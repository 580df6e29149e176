package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/fixtures"
	"github.com/mxcontract/mxcontract/internal/catalog"
)

// The ids of DESIGN.md's table, in its order: the catalog must hold these and no others.
var designIDs = []string{"G1", "G2", "G3", "G4", "U1", "U2", "U3", "U4", "U5", "M1", "M2", "M3", "M4", "M5", "A1", "O1"}

func TestCatalogHoldsTheDesignRows(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.IDs(); !slices.Equal(got, designIDs) {
		t.Fatalf("catalog ids = %v, want %v", got, designIDs)
	}
}

// Every documented error on the page is a catalog row with the same status and text, and every
// catalog message is on the page: the catalog is a transcription, not a paraphrase.
func TestCatalogMatchesTheErrorsPage(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	page := catalog.ParsePage(fixtures.ErrorsPage)
	if len(page) != 14 {
		t.Fatalf("parsed %d errors from the page, want 14 (3 general statuses + 11 messages): %+v", len(page), page)
	}
	for _, e := range page {
		if e.Message == "" {
			continue // 404 and 502: matched by status below
		}
		i := slices.IndexFunc(c.Rows, func(r catalog.Row) bool { return r.Message == e.Message })
		if i < 0 {
			t.Errorf("page line %d: %q has no catalog row", e.Line, e.Message)
			continue
		}
		if r := c.Rows[i]; r.Status != e.Status {
			t.Errorf("%s: catalog status %s, page says %s", r.ID, r.Status, e.Status)
		}
	}
	for _, r := range c.Rows {
		if r.Message != "" && !slices.ContainsFunc(page, func(e catalog.PageEntry) bool { return e.Message == r.Message }) {
			t.Errorf("%s: message %q is not on the errors page", r.ID, r.Message)
		}
	}
	for _, code := range []catalog.Status{404, 502} {
		if !slices.ContainsFunc(page, func(e catalog.PageEntry) bool { return e.Status == code && e.Message == "" }) {
			t.Errorf("page has no bodiless %d", code)
		}
	}
}

func TestExpectBindsPlaceholdersInOrder(t *testing.T) {
	c, _ := catalog.Load()
	a1, _ := c.Row("A1")
	got := a1.Expect("ACC-9", "MBR-7")
	if got.Message != "Could not find account with id ACC-9 and member id MBR-7" {
		t.Fatalf("A1 bound to %q", got.Message)
	}
	u1, _ := c.Row("U1")
	if got := u1.Expect("USR-1").Message; got != "User with guid USR-1 not found." {
		t.Fatalf("U1 bound to %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("binding U1 with no value did not panic")
		}
	}()
	u1.Expect()
}

func TestLabelsAndNames(t *testing.T) {
	c, _ := catalog.Load()
	u5, _ := c.Row("U5")
	if got := u5.Labels(); !slices.Equal(got, []string{"section:users", "id:U5", "faults"}) {
		t.Fatalf("U5 labels = %v", got)
	}
	if got := u5.SpecName(); got != `U5 undocumented "Failed to delete user: {SYSTEM_MESSAGE}" on deleting a user when the system fails` {
		t.Fatalf("U5 name = %q", got)
	}
}

func TestParseRejectsBadRows(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"duplicate id":  {"rows:\n- {id: U1, section: users, status: 400, body: envelope, trigger: x}\n- {id: U1, section: users, status: 400, body: envelope, trigger: x}\n", "used twice"},
		"bad status":    {"rows:\n- {id: U1, section: users, status: 4000, body: envelope, trigger: x}\n", "neither an HTTP status"},
		"bad section":   {"rows:\n- {id: U1, section: user, status: 400, body: envelope, trigger: x}\n", "section \"user\""},
		"bad body":      {"rows:\n- {id: U1, section: users, status: 400, body: json, trigger: x}\n", "body must be"},
		"placeholder":   {"rows:\n- {id: U1, section: users, status: 400, body: envelope, message: 'a {USER}', trigger: x}\n", "unknown placeholder {USER}"},
		"unknown field": {"rows:\n- {id: U1, section: users, status: 400, body: envelope, trigger: x, statuz: 1}\n", "statuz"},
		"no trigger":    {"rows:\n- {id: U1, section: users, status: 400, body: envelope}\n", "trigger is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := catalog.Parse([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
