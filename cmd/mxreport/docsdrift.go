package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mxcontract/mxcontract/fixtures"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/scrub"
)

// maxPageBytes bounds what a URL may send: the errors page is a few kilobytes as Markdown, some
// hundreds as HTML.
const maxPageBytes = 4 << 20

// embeddedPage names the default page: the copy the catalog was transcribed from.
const embeddedPage = "fixtures/sso-v2-errors.md (the copy built into mxreport)"

func runDocsDrift(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("mxreport docs-drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	pageArg := flags.String("page", "", "MX's errors page as Markdown, rendered text or HTML: a file, or an http(s) URL; default: "+embeddedPage)
	formArg := flags.String("form", "auto", "how to read the page: md, text or html; auto tells it from the content (and a URL's Content-Type)")
	timeout := flags.Duration("timeout", 30*time.Second, "time allowed to fetch a URL")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: mxreport docs-drift [--page FILE|URL] [--form auto|md|text|html] [--timeout 30s]")
		fmt.Fprintln(stderr, "Reports every message, status or error that differs between MX's errors page (the .md")
		fmt.Fprintln(stderr, "file, the page as a browser shows it copied as text, or its HTML) and fixtures/catalog.yaml.")
		fmt.Fprintln(stderr, "Exit 0: no drift; 1: drift; 2: the page could not be read.")
		flags.PrintDefaults()
	}
	if code, done := parse(flags, args, stderr); done {
		return code
	}
	page, source, contentType, err := readPage(*pageArg, *timeout)
	if err != nil {
		fmt.Fprintf(stderr, "mxreport docs-drift: %v\n", err)
		return exitUsage
	}
	form := catalog.DetectForm(page, contentType)
	if *formArg != "auto" {
		if form, err = catalog.ParseForm(*formArg); err != nil {
			fmt.Fprintf(stderr, "mxreport docs-drift: --form: %v (or auto)\n", err)
			return exitUsage
		}
	}
	entries := catalog.ReadPage(page, form)
	if len(entries) == 0 {
		fmt.Fprintf(stderr, "mxreport docs-drift: %s, read as %s, documents no error that the page reader recognises: is it MX's errors page?", source, form)
		if *formArg == "auto" {
			fmt.Fprint(stderr, " If it is in another form, say which with --form md|text|html.")
		}
		fmt.Fprintln(stderr)
		return exitUsage
	}
	cat, err := catalog.Load()
	if err != nil {
		return fail(stderr, err)
	}
	diffs := report.DocsDrift(entries, cat)
	if len(diffs) == 0 {
		fmt.Fprintf(stdout, "No docs drift: the %d errors on %s (read as %s) match the catalog's %d rows.\n", len(entries), source, form, len(cat.Rows))
		return exitOK
	}
	fmt.Fprintf(stdout, "Docs drift: %s (read as %s) and the catalog (fixtures/catalog.yaml) differ in %s:\n", source, form, count(len(diffs), "place"))
	for _, d := range diffs {
		// The page's text is the host's: shown, never acting on a terminal, and bounded.
		fmt.Fprintf(stdout, "  - %s\n", scrub.Shorten(scrub.Controls(d.String()), 1<<10))
	}
	fmt.Fprintln(stdout, "Check the change with MX, then update fixtures/catalog.yaml and the copy fixtures/sso-v2-errors.md;")
	fmt.Fprintln(stdout, "the suite's specs follow the catalog.")
	return exitDrift
}

// readPage returns the page, a name for it in messages, and the Content-Type it came with (empty
// for a file or the embedded copy).
func readPage(arg string, timeout time.Duration) (page []byte, source, contentType string, err error) {
	switch {
	case arg == "":
		return fixtures.ErrorsPage, embeddedPage, "", nil
	case strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://"):
		return fetchPage(arg, timeout)
	default:
		page, err := os.ReadFile(arg)
		if err != nil {
			return nil, "", "", fmt.Errorf("reading the page: %w", err)
		}
		return page, arg, "", nil
	}
}

func fetchPage(url string, timeout time.Duration) (page []byte, source, contentType string, err error) {
	client := &http.Client{Timeout: timeout}
	resp, err := client.Get(url)
	if err != nil {
		return nil, "", "", fmt.Errorf("fetching the page (timeout %s): %w", timeout, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", "", fmt.Errorf("fetching the page: GET %s answered %s", url, resp.Status)
	}
	page, err = io.ReadAll(io.LimitReader(resp.Body, maxPageBytes+1))
	if err != nil {
		return nil, "", "", fmt.Errorf("reading the page from %s: %w", url, err)
	}
	if len(page) > maxPageBytes {
		return nil, "", "", fmt.Errorf("reading the page from %s: it is larger than %d MiB, which no errors page is", url, maxPageBytes>>20)
	}
	return page, url, resp.Header.Get("Content-Type"), nil
}
