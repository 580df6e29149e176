package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/mock"
)

func TestSweepDeletesWhatACrashedRunLeft(t *testing.T) {
	m, err := mock.Start(mock.Config{APIKey: "sweep-key", Clients: []mock.Client{{GUID: "CLT-sweep"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	env := map[string]string{"MX_BASE_URL": m.URL, "MX_API_KEY": "sweep-key", "MX_CLIENT_GUID": "CLT-sweep"}
	getenv := func(k string) string { return env[k] }
	api, _ := client.New(client.Options{BaseURL: m.URL, APIKey: "sweep-key", ClientGUID: "CLT-sweep", Routes: config.Defaults().Routes, Timeout: 5 * time.Second})
	ctx := context.Background()
	dir := t.TempDir()
	book, _ := ledger.NewWriter(dir, "mxc-run1-p1")

	// A crashed run: two users and a member noted as created, one user already deleted, and a
	// user of another team (no prefix) that must be left alone.
	create := func(route, id string, body map[string]any) {
		t.Helper()
		resp, err := api.Do(ctx, client.Request{Route: route, Body: body})
		if err != nil || resp.StatusCode() != 200 {
			t.Fatalf("create %s: %v %v", id, err, resp)
		}
	}
	for _, id := range []string{"mxc-run1-p1-user-a", "mxc-run1-p1-user-b", "other-user"} {
		create(config.RouteUserCreate, id, map[string]any{"external_user_guid": id})
	}
	create(config.RouteMemberCreate, "mxc-run1-p1-member-a", map[string]any{"external_user_guid": "mxc-run1-p1-user-a",
		"external_member_guid": "mxc-run1-p1-member-a", "credentials": []map[string]string{{"field_name": "userkey", "response": "x"}}})
	for _, e := range []ledger.Entry{
		{Event: "created", Kind: "user", ID: "mxc-run1-p1-user-a", Delete: config.RouteUserDelete},
		{Event: "created", Kind: "member", ID: "mxc-run1-p1-member-a", Delete: config.RouteMemberDelete},
		{Event: "created", Kind: "user", ID: "mxc-run1-p1-user-b", Delete: config.RouteUserDelete},
		{Event: "created", Kind: "user", ID: "mxc-run1-p1-user-gone", Delete: config.RouteUserDelete},
		{Event: "created", Kind: "user", ID: "other-user", Delete: config.RouteUserDelete},
		{Event: "created", Kind: "user", ID: "mxc-run1-p1-user-done", Delete: config.RouteUserDelete},
		{Event: "deleted", Kind: "user", ID: "mxc-run1-p1-user-done", Delete: config.RouteUserDelete},
	} {
		_ = book.Note(e)
	}
	exists := func(route, id string) bool {
		resp, _ := api.Do(ctx, client.Request{Route: route, Params: map[string]string{"id": id}})
		return resp.StatusCode() == http.StatusOK
	}

	var out, errs bytes.Buffer
	if code := run(ctx, []string{"--ledger", dir, "--prefix", "mxc-run1-", "--dry-run"}, getenv, &out, &errs); code != 0 {
		t.Fatalf("dry run: exit %d\n%s%s", code, out.String(), errs.String())
	}
	want := "would delete member mxc-run1-p1-member-a\nwould delete user mxc-run1-p1-user-a\nwould delete user mxc-run1-p1-user-b\nwould delete user mxc-run1-p1-user-gone\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Fatalf("dry run listed:\n%s\nwant:\n%s", out.String(), want)
	}
	if !exists(config.RouteUserRead, "mxc-run1-p1-user-a") || !exists(config.RouteMemberRead, "mxc-run1-p1-member-a") {
		t.Fatal("the dry run deleted something")
	}

	out.Reset()
	if code := run(ctx, []string{"--ledger", dir, "--prefix", "mxc-run1-"}, getenv, &out, &errs); code != 0 {
		t.Fatalf("sweep: exit %d\n%s%s", code, out.String(), errs.String())
	}
	for _, line := range []string{"deleted  member mxc-run1-p1-member-a", "deleted  user mxc-run1-p1-user-a", "deleted  user mxc-run1-p1-user-b", "gone     user mxc-run1-p1-user-gone"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("sweep output lacks %q:\n%s", line, out.String())
		}
	}
	if exists(config.RouteUserRead, "mxc-run1-p1-user-a") || exists(config.RouteUserRead, "mxc-run1-p1-user-b") {
		t.Error("a user of the crashed run is still there")
	}
	if !exists(config.RouteUserRead, "other-user") {
		t.Error("the sweep deleted a user without the prefix")
	}
	if strings.Contains(out.String()+errs.String(), "sweep-key") {
		t.Error("the key appears in the output")
	}
	// The sweep noted what it deleted: a second sweep finds nothing.
	if pending, _ := ledger.Pending(dir, "mxc-run1-"); len(pending) != 0 {
		t.Errorf("still pending after the sweep: %+v", pending)
	}
}

func TestSweepNeedsALedgerAndALiveTarget(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), nil, func(string) string { return "" }, &out, &errs); code != 2 || !strings.Contains(errs.String(), "MX_LEDGER") {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	errs.Reset()
	env := map[string]string{"MX_LEDGER": t.TempDir()}
	if code := run(context.Background(), nil, func(k string) string { return env[k] }, &out, &errs); code != 2 || !strings.Contains(errs.String(), "MX_BASE_URL") {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
}
