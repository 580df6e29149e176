// mxsweep deletes the users and members that crashed live runs left behind. MX v2 has no route
// that lists them, so it reads the ledger the suite keeps and deletes, members first, every
// resource noted as created and never confirmed deleted, of every run whose process is gone. A run
// still going holds a lock on its ledger file; mxsweep leaves it alone.
//
//	go run ./cmd/mxsweep [--dry-run] [--prefix mxc-1f2e3d4c-] [--ledger DIR]
//
// It takes the target, key, routes and ledger folder from the suite's configuration (MX_CONFIG,
// MX_*), so with the suite's configuration it needs no flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/config"
	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/sweep"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(stderr, "mxsweep: warning:", w)
	}
	fs := flag.NewFlagSet("mxsweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("ledger", cfg.Ledger, "the folder of the suite's ledger files (ledger, MX_LEDGER; by default one per target)")
	prefix := fs.String("prefix", cfg.RunPrefix+"-", "delete only what these runs created: <run_prefix>- for all, <run_prefix>-<run id>- for one")
	dryRun := fs.Bool("dry-run", false, "list what would be deleted, delete nothing")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mxsweep: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return 2
	}
	if cfg.Embedded() {
		fmt.Fprintln(stderr, "mxsweep: MX_BASE_URL is not set: nothing to sweep on the embedded mock; use the live run's configuration (MX_CONFIG, MX_*)")
		return 2
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "mxsweep: no ledger folder: pass --ledger or set MX_LEDGER")
		return 2
	}
	secrets := cfg.Redactor()
	api, err := client.New(client.Options{BaseURL: cfg.BaseURL, APIKey: cfg.APIKey, ClientGUID: cfg.ClientGUID,
		Routes: cfg.Routes, Timeout: cfg.Timeout, MaxBody: int64(cfg.MaxBody), CAFile: cfg.CAFile, Redact: secrets.Text, Learn: secrets.Learn})
	if err != nil {
		fmt.Fprintln(stderr, "mxsweep:", secrets.Redact(err.Error()))
		return 2
	}
	cat, err := catalog.Load()
	if err != nil {
		fmt.Fprintln(stderr, "mxsweep:", err)
		return 2
	}
	s := sweeper{remover: sweep.Remover{API: api, Catalog: cat, Routes: cfg.Routes}, prefix: *prefix, dryRun: *dryRun,
		out: stdout, redact: secrets.Text}
	if err := s.sweep(ctx, *dir); err != nil {
		fmt.Fprintln(stderr, "mxsweep:", err)
		return 2
	}
	s.summary(*dir)
	if s.left > 0 {
		return 1
	}
	return 0
}

// sweeper deletes what the dead runs of one ledger folder left, and counts what it did.
type sweeper struct {
	remover sweep.Remover
	prefix  string
	dryRun  bool
	out     io.Writer
	redact  func(string) string

	deleted, absent, left, toDelete, live, runs int
}

func (s *sweeper) sweep(ctx context.Context, dir string) error {
	files, err := ledger.Files(dir)
	if err != nil {
		return err
	}
	for _, path := range files {
		if ctx.Err() != nil {
			return errors.New("interrupted; what is left stays in the ledger")
		}
		f, err := ledger.Claim(path)
		switch {
		case errors.Is(err, ledger.ErrHeld):
			s.live++
			fmt.Fprintf(s.out, "skipped  %s: %v (a run still going, or another mxsweep); not touched\n", path, err)
			continue
		case err != nil:
			return err
		}
		s.runs++
		s.sweepFile(ctx, f)
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (s *sweeper) sweepFile(ctx context.Context, f *ledger.File) {
	for _, e := range f.Pending() {
		if !ledger.Belongs(e, s.prefix) {
			continue
		}
		if s.dryRun {
			s.toDelete++
			fmt.Fprintf(s.out, "would delete %s %s\n", e.Kind, e.ID)
			continue
		}
		res := s.remover.Remove(ctx, e)
		switch {
		case !res.Removed:
			s.left++
			fmt.Fprintf(s.out, "left     %s %s: %s\n", e.Kind, e.ID, s.redact(res.Cause))
			continue
		case res.Absent:
			s.absent++
			fmt.Fprintf(s.out, "gone     %s %s (MX's not-found answer: already deleted or never created)\n", e.Kind, e.ID)
		default:
			s.deleted++
			fmt.Fprintf(s.out, "deleted  %s %s (%d)\n", e.Kind, e.ID, res.Status)
		}
		e.Event = ledger.Deleted
		if err := f.Note(e); err != nil {
			fmt.Fprintf(s.out, "ledger: %v\n", err)
		}
	}
}

func (s *sweeper) summary(dir string) {
	if s.dryRun {
		fmt.Fprintf(s.out, "mxsweep: %d to delete (dry run), prefix %q, %d finished runs, %d still going, ledger %s\n",
			s.toDelete, s.prefix, s.runs, s.live, dir)
		return
	}
	fmt.Fprintf(s.out, "mxsweep: %d deleted, %d already gone, %d left, prefix %q, %d finished runs, %d still going, ledger %s\n",
		s.deleted, s.absent, s.left, s.prefix, s.runs, s.live, dir)
}
