// Package mockdrift answers "is mxmock still MX?". After a live run it sends every exchange the
// run recorded again, in the run's order, to an mxmock started in-process with the run's client,
// so that mxmock builds the same state, and compares each answer with the host's: status,
// Content-Type, envelope, message (generated ids and times masked) and, for a success, the body's
// keys and value types. Differences where MX's docs speak (mxmock bugs, or MX breaking its
// contract) are kept apart from those where MX is silent (mxmock's own choices, each named as
// docs/mxmock.md lists it). It never changes the suite's verdict.
package mockdrift

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/mxmock"
	"github.com/onsi/ginkgo/v2/types"
)

// Bounds on the replay: mxmock answers in microseconds and a few kB.
const (
	replayTimeout = 10 * time.Second
	maxAnswer     = 4 << 20
	apiKey        = "mock-drift-key"
	wrongKey      = "mock-drift-wrong-key"
)

// defaultRoutes are the paths mxmock serves, where every exchange is sent again whatever the
// host's route table was.
var defaultRoutes = config.Defaults().Routes

// exchange is one recorded exchange and the spec that sent it.
type exchange struct {
	client.Exchange
	spec string // the catalog id, or "preflight"
}

// answer is what a server answered.
type answer struct {
	status      int
	contentType string
	body        string
}

// Live reports whether a run went to a live host (not the embedded mock), whose answers are
// worth comparing with mxmock's.
func Live(r types.Report) bool {
	t, ok := target(r)
	return ok && !t.Embedded
}

// Replay sends the run's exchanges to a fresh mxmock and lists the differences.
func Replay(ctx context.Context, r types.Report, cat *catalog.Catalog) (report.MockDrift, error) {
	var drift report.MockDrift
	t, ok := target(r)
	if !ok || t.Client == "" {
		return drift, fmt.Errorf("the report names no target client: a run of an older suite cannot be replayed")
	}
	clients, err := mxmock.ParseClients(t.Client)
	if err != nil {
		return drift, fmt.Errorf("the run's client %q: %w", t.Client, err)
	}
	m, err := mxmock.Start(mxmock.Config{APIKey: apiKey, Clients: clients})
	if err != nil {
		return drift, fmt.Errorf("starting mxmock: %w", err)
	}
	defer m.Close()
	hc := &http.Client{Timeout: replayTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	groups := map[string]*report.MockDifference{}
	var order []string
	for _, ex := range exchanges(r) {
		req := request(ctx, m.URL, ex)
		if req == nil {
			drift.Skipped++
			continue
		}
		got, err := send(hc, req)
		if err != nil {
			return drift, fmt.Errorf("replaying %s: %w", ex.Request, err)
		}
		drift.Replayed++
		for _, d := range compare(ex, got, cat) {
			key := strings.Join([]string{d.Request, d.What, d.MX, d.Mock}, "\x00")
			g, seen := groups[key]
			if !seen {
				g = &d
				groups[key], order = g, append(order, key)
			}
			g.Count++
			if !slices.Contains(strings.Fields(g.Specs), ex.spec) {
				g.Specs = strings.TrimSpace(g.Specs + " " + ex.spec)
			}
		}
	}
	for _, key := range order {
		drift.Differences = append(drift.Differences, *groups[key])
	}
	// Where the docs speak first: those are the ones to act on; then by request, so that two runs
	// of the same drift read the same.
	slices.SortStableFunc(drift.Differences, func(a, b report.MockDifference) int {
		switch {
		case a.DocsSpeak != b.DocsSpeak && a.DocsSpeak:
			return -1
		case a.DocsSpeak != b.DocsSpeak:
			return 1
		}
		return strings.Compare(a.Request+"\x00"+a.What+"\x00"+a.MX, b.Request+"\x00"+b.What+"\x00"+b.MX)
	})
	return drift, nil
}

func target(r types.Report) (record.Target, bool) {
	for _, s := range r.SpecReports {
		for _, e := range s.ReportEntries {
			if e.Name != record.EntryTarget {
				continue
			}
			var t record.Target
			if report.DecodeEntry(e, &t) {
				return t, true
			}
		}
	}
	return record.Target{}, false
}

// exchanges lists the run's exchanges in the order they were sent: the preflight, then each spec's
// in the order the specs started.
func exchanges(r types.Report) []exchange {
	specs := slices.Clone(r.SpecReports)
	slices.SortStableFunc(specs, func(a, b types.SpecReport) int { return a.StartTime.Compare(b.StartTime) })
	var out []exchange
	for _, s := range specs {
		id := record.CatalogID(s)
		for _, e := range s.ReportEntries {
			if e.Name != record.EntryExchange && e.Name != record.EntryPreflight {
				continue
			}
			var ex client.Exchange
			if report.DecodeEntry(e, &ex) && ex.Request != "" {
				if id == "" {
					id = "preflight"
				}
				out = append(out, exchange{Exchange: ex, spec: id})
			}
		}
	}
	return out
}

// request builds the exchange's request for mxmock: the route's default path with the recorded
// parameters, the recorded query with mxmock's key (or a wrong one, or none, as the run sent), the
// recorded body. It returns nil when the exchange cannot be sent again: its body was recorded
// only in part (O1's 2 MiB body), or its request line is not one.
func request(ctx context.Context, base string, ex exchange) *http.Request {
	method, target, ok := strings.Cut(ex.Request, " ")
	if !ok {
		return nil
	}
	path, rawQuery, _ := strings.Cut(target, "?")
	if ex.Route != "" {
		route, known := defaultRoutes[ex.Route]
		if !known {
			return nil
		}
		method, path = route.Method, route.Path
		for name, value := range ex.Params {
			path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(value))
		}
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil
	}
	switch ex.Key {
	case client.KeyConfigured:
		query.Set("k", apiKey)
	case client.KeyOther:
		query.Set("k", wrongKey)
	default:
		query.Del("k")
	}
	if ex.RequestBytes != len(ex.RequestBody) {
		return nil
	}
	var body io.Reader
	if ex.RequestBytes > 0 {
		body = strings.NewReader(ex.RequestBody)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path+"?"+query.Encode(), body)
	if err != nil {
		return nil
	}
	if ex.RequestType != "" {
		req.Header.Set("Content-Type", ex.RequestType)
	}
	return req
}

func send(hc *http.Client, req *http.Request) (answer, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: string(b)}, nil
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.TrimSpace(ct)
	}
	return mt
}
