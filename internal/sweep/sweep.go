// Package sweep removes a resource that a run created on the host and decides, from the host's
// answer, whether it is gone. The suite's cleanup and mxsweep both go through it, so a resource
// counts as removed by the same rule everywhere: a 2xx, or MX's documented not-found answer for
// that same id (U1's message for a user, M4's for a member). Anything else, a bare 404 included,
// leaves it in the ledger, with the likely cause in words.
package sweep

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/matchers"
)

// notFoundRow is the catalog row whose answer confirms that a resource of a kind is not there.
var notFoundRow = map[string]string{"user": "U1", "member": "M4"}

// Result is what a delete showed.
type Result struct {
	Removed bool   // the host confirmed it: deleted now (2xx) or not there (not-found answer)
	Absent  bool   // confirmed by MX's not-found answer: never created, or deleted before
	Status  int    // the answer's status; 0 when none came
	Cause   string // when not removed: what the host did, and what to do about it
}

// Remover deletes resources through one API client and one route table.
type Remover struct {
	API     *client.Client
	Catalog *catalog.Catalog
	Routes  map[string]config.Route
}

// Remove deletes the resource the entry notes and says whether that is confirmed.
func (rm Remover) Remove(ctx context.Context, e ledger.Entry) Result {
	resp, err := rm.API.Do(ctx, client.Request{Route: e.Delete, Params: map[string]string{"id": e.ID}, Client: e.Client})
	if err != nil {
		what := "no HTTP answer"
		if client.Answered(resp) {
			what = "no complete HTTP answer"
		}
		return Result{Cause: what + ": " + err.Error()}
	}
	status := resp.StatusCode()
	if status >= 200 && status < 300 {
		return Result{Removed: true, Status: status}
	}
	if rm.confirmsAbsent(e, resp) {
		return Result{Removed: true, Absent: true, Status: status}
	}
	return Result{Status: status, Cause: rm.cause(e, resp)}
}

// confirmsAbsent reports whether the answer is MX's documented not-found answer for this id.
func (rm Remover) confirmsAbsent(e ledger.Entry, resp *resty.Response) bool {
	row, ok := rm.Catalog.Row(notFoundRow[e.Kind])
	if !ok {
		return false
	}
	ok, err := matchers.HaveMXError(row.Expect(e.ID)).Match(resp)
	return err == nil && ok
}

// cause words an answer that does not confirm the delete, and what to do.
func (rm Remover) cause(e ledger.Entry, resp *resty.Response) string {
	ex := rm.API.Exchange(resp)
	route := fmt.Sprintf("routes.%s (%s)", e.Delete, rm.Routes[e.Delete])
	answered := fmt.Sprintf("%s answered %d %s", route, ex.Status, http.StatusText(ex.Status))
	body := shorten(ex.Body, 200)
	then := "; it stays in the ledger: run `go run ./cmd/mxsweep` once that is mended"
	switch s := ex.Status; {
	case s == http.StatusNotFound && !isEnvelope(ex):
		return answered + " without MX's error: the host may not have this route, or deletes elsewhere; set " +
			"routes." + e.Delete + " to its delete route" + then
	case s == http.StatusMethodNotAllowed || s == http.StatusNotImplemented:
		return answered + ": the host does not delete with this method; set routes." + e.Delete + " to its delete route" + then
	case s >= 300 && s < 400:
		return answered + " (a redirect, not followed) to " + resp.Header().Get("Location") + ": check base_url" + then
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return answered + " " + body + ": the key or client may not delete it" + then
	case s >= 500:
		return answered + " " + body + ": the host failed to delete it; try again later" + then
	default:
		want := "(none in the catalog)"
		if row, ok := rm.Catalog.Row(notFoundRow[e.Kind]); ok {
			want = row.Expect(e.ID).Message
		}
		return fmt.Sprintf("%s %s, which is neither a success nor MX's not-found answer for this id (%q)%s", answered, body, want, then)
	}
}

func isEnvelope(ex client.Exchange) bool {
	_, problems := matchers.CheckEnvelope(ex.ContentType, []byte(ex.Body))
	return len(problems) == 0
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(empty body)"
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
