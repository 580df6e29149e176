// mxsweep deletes the users and members that crashed live runs left behind. MX v2 has no route
// that lists them, so it reads the ledger the suite keeps (MX_LEDGER) and deletes, members first,
// every resource noted as created and never as deleted whose external guid has the run prefix.
//
//	go run ./cmd/mxsweep --ledger reports/ledger [--prefix mxc-1f2e3d4c] [--dry-run]
//
// It takes the target, key and routes from the suite's configuration (MX_CONFIG, MX_*).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fs := flag.NewFlagSet("mxsweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("ledger", cfg.Ledger, "the folder of the suite's ledger files (MX_LEDGER)")
	prefix := fs.String("prefix", cfg.RunPrefix+"-", "delete only resources whose external guid starts with this (a run: <run_prefix>-<run id>)")
	dryRun := fs.Bool("dry-run", false, "list what would be deleted, delete nothing")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "mxsweep: no ledger: pass --ledger or set MX_LEDGER to the folder the live run wrote")
		return 2
	}
	if cfg.Embedded() {
		fmt.Fprintln(stderr, "mxsweep: MX_BASE_URL is not set: nothing to sweep on the embedded mock")
		return 2
	}
	pending, err := ledger.Pending(*dir, *prefix)
	if err != nil {
		fmt.Fprintln(stderr, "mxsweep:", err)
		return 2
	}
	api, err := client.New(client.Options{BaseURL: cfg.BaseURL, APIKey: cfg.APIKey, ClientGUID: cfg.ClientGUID,
		Routes: cfg.Routes, Timeout: cfg.Timeout, CAFile: cfg.CAFile, Redact: cfg.Redactor().Redact})
	if err != nil {
		fmt.Fprintln(stderr, "mxsweep:", err)
		return 2
	}
	book, err := ledger.NewWriter(*dir, "mxsweep")
	if err != nil {
		fmt.Fprintln(stderr, "mxsweep:", err)
		return 2
	}
	failed := 0
	for _, e := range pending {
		if *dryRun {
			fmt.Fprintf(stdout, "would delete %s %s\n", e.Kind, e.ID)
			continue
		}
		resp, err := api.Do(ctx, client.Request{Route: e.Delete, Params: map[string]string{"id": e.ID}})
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(stdout, "failed   %s %s: %v\n", e.Kind, e.ID, err)
			continue
		case resp.StatusCode() < 300:
			fmt.Fprintf(stdout, "deleted  %s %s\n", e.Kind, e.ID)
		case resp.StatusCode() == http.StatusBadRequest || resp.StatusCode() == http.StatusNotFound:
			fmt.Fprintf(stdout, "gone     %s %s (%d: already deleted or never created)\n", e.Kind, e.ID, resp.StatusCode())
		default:
			failed++
			fmt.Fprintf(stdout, "failed   %s %s: %d %s\n", e.Kind, e.ID, resp.StatusCode(), cfg.Redactor().Redact(string(resp.Body())))
			continue
		}
		if err := book.Note(ledger.Entry{Event: "deleted", Kind: e.Kind, ID: e.ID, Delete: e.Delete}); err != nil {
			fmt.Fprintln(stderr, "mxsweep:", err)
		}
	}
	verb := "deleted or found gone"
	if *dryRun {
		verb = "to delete (dry run)"
	}
	fmt.Fprintf(stdout, "mxsweep: %d %s, %d failed, prefix %q, ledger %s\n", len(pending)-failed, verb, failed, *prefix, *dir)
	if failed > 0 {
		return 1
	}
	return 0
}
