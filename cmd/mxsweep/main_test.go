package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/livehost"
)

const key = "sweep-test-key-0042"

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// noteRun writes a ledger file as a run would, and closes it as a crashed run's process would
// have: unlocked, with what it noted still pending.
func noteRun(t *testing.T, dir, name string, entries ...ledger.Entry) {
	t.Helper()
	f, err := ledger.Open(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := f.Note(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func created(kind, id string) ledger.Entry {
	route := config.RouteUserDelete
	if kind == "member" {
		route = config.RouteMemberDelete
	}
	return ledger.Entry{Event: ledger.Created, Kind: kind, ID: id, Delete: route}
}

// seed creates a user (and a member of it) on the host through its API.
func seed(t *testing.T, host *livehost.Host, user, member string) {
	t.Helper()
	post := func(path, body string) {
		resp, err := http.Post(host.URL+path+"?k="+key+"&c=CLT-sweep", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("POST %s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}
	post("/user", `{"external_user_guid":"`+user+`"}`)
	if member != "" {
		post("/member", `{"external_user_guid":"`+user+`","external_member_guid":"`+member+`","credentials":[{"field_name":"userkey","response":"x"}]}`)
	}
}

func TestSweepDeletesWhatCrashedRunsLeftAndNothingElse(t *testing.T) {
	host := livehost.Start(key, []string{"CLT-sweep"}, livehost.Behaviour{})
	defer host.Close()
	dir := t.TempDir()
	env := envOf(map[string]string{"MX_BASE_URL": host.URL, "MX_API_KEY": key, "MX_CLIENT_GUID": "CLT-sweep", "MX_LEDGER": dir})

	seed(t, host, "mxc-run1-p1-user-a", "mxc-run1-p1-member-a")
	seed(t, host, "mxc-run1-p1-user-b", "")
	seed(t, host, "other-team-user", "")
	seed(t, host, "mxc-live-p1-user-c", "")
	noteRun(t, dir, "mxc-run1-p1",
		created("user", "mxc-run1-p1-user-a"), created("member", "mxc-run1-p1-member-a"),
		created("user", "mxc-run1-p1-user-b"), created("user", "USR-mxc-run1-p1-user-never"),
		created("user", "other-team-user"))
	live, err := ledger.Open(dir, "mxc-live-p1") // a run still going
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	_ = live.Note(created("user", "mxc-live-p1-user-c"))

	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"--dry-run"}, env, &out, &errs); code != 0 {
		t.Fatalf("dry run: exit %d: %s%s", code, out.String(), errs.String())
	}
	if u, _ := host.Holds(); u != 4 || !strings.Contains(out.String(), "would delete member mxc-run1-p1-member-a") {
		t.Fatalf("dry run changed the host (%d users) or listed nothing:\n%s", u, out.String())
	}
	out.Reset()
	if code := run(context.Background(), nil, env, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errs.String())
	}
	got := out.String()
	for _, want := range []string{
		"deleted  member mxc-run1-p1-member-a", "deleted  user mxc-run1-p1-user-a", "deleted  user mxc-run1-p1-user-b",
		"gone     user USR-mxc-run1-p1-user-never", "still going", "mxsweep: 3 deleted, 1 already gone, 0 left",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "member mxc-run1-p1-member-a") > strings.Index(got, "user mxc-run1-p1-user-a") {
		t.Errorf("a user was deleted before its member:\n%s", got)
	}
	names := strings.Join(host.Names(), " ")
	if names == "" || !strings.Contains(names, "other-team-user") || !strings.Contains(names, "mxc-live-p1-user-c") || strings.Contains(names, "mxc-run1") {
		t.Errorf("the host keeps %q; want only the other team's user and the live run's", names)
	}
	// The other team's entry keeps the crashed run's file; the live run's is untouched.
	if files, _ := ledger.Files(dir); len(files) != 2 {
		t.Errorf("ledger files %v", files)
	}
}

// A delete that the host does not confirm leaves the resource noted, with the cause, exit 1; the
// key never shows, even when the host echoes it.
func TestAnUnconfirmedDeleteStaysNoted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"Failed to delete user: backend refused ` + r.URL.RawQuery + ` key ` + key + `"}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	noteRun(t, dir, "mxc-run2-p1", created("user", "mxc-run2-p1-user-a"))
	var out, errs bytes.Buffer
	env := envOf(map[string]string{"MX_BASE_URL": srv.URL, "MX_API_KEY": key, "MX_CLIENT_GUID": "CLT-sweep", "MX_LEDGER": dir})
	if code := run(context.Background(), nil, env, &out, &errs); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s%s", code, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "left     user mxc-run2-p1-user-a: routes.user_delete (DELETE /user/{id}) answered 500") ||
		strings.Contains(out.String(), key) {
		t.Errorf("output:\n%s", out.String())
	}
	if files, _ := ledger.Files(dir); len(files) != 1 {
		t.Errorf("the unconfirmed delete left no ledger: %v", files)
	}
}

func TestSweepRefusesWhatItCannotDo(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), nil, envOf(nil), &out, &errs); code != 2 || !strings.Contains(errs.String(), "embedded mock") {
		t.Errorf("embedded: exit %d: %s", code, errs.String())
	}
	errs.Reset()
	env := envOf(map[string]string{"MX_BASE_URL": "http://127.0.0.1:1", "MX_API_KEY": key, "MX_CLIENT_GUID": "CLT-1",
		"MX_LEDGER": filepath.Join(t.TempDir(), "none")})
	if code := run(context.Background(), nil, env, &out, &errs); code != 0 || !strings.Contains(out.String(), "mxsweep: 0 deleted") {
		t.Errorf("empty ledger: exit %d: %s%s", code, out.String(), errs.String())
	}
	if code := run(context.Background(), []string{"extra"}, env, &out, &errs); code != 2 {
		t.Errorf("an argument: exit %d", code)
	}
}
