package main

import (
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mxcontract/mxcontract/fixtures"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
)

// maxPageBytes bounds what a URL may send: the errors page is a few kilobytes.
const maxPageBytes = 4 << 20

// embeddedPage names the default page: the copy the catalog was transcribed from.
const embeddedPage = "fixtures/sso-v2-errors.md (the copy built into mxreport)"

func runDocsDrift(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("mxreport docs-drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	pageArg := flags.String("page", "", "MX's errors page in Markdown: a file, or an http(s) URL; default: "+embeddedPage)
	timeout := flags.Duration("timeout", 30*time.Second, "time allowed to fetch a URL")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: mxreport docs-drift [--page FILE|URL] [--timeout 30s]")
		fmt.Fprintln(stderr, "Reports every message, status or error that differs between MX's errors page and")
		fmt.Fprintln(stderr, "fixtures/catalog.yaml. Exit 0: no drift; 1: drift; 2: the page could not be read.")
		flags.PrintDefaults()
	}
	if code, done := parse(flags, args, stderr); done {
		return code
	}
	md, source, hint, err := readPage(*pageArg, *timeout)
	if err != nil {
		fmt.Fprintf(stderr, "mxreport docs-drift: %v\n", err)
		return exitUsage
	}
	entries := catalog.ParsePage(md)
	if len(entries) == 0 {
		fmt.Fprintf(stderr, "mxreport docs-drift: %s documents no error that the page reader recognises: is it MX's errors page, in Markdown?%s\n", source, hint)
		return exitUsage
	}
	cat, err := catalog.Load()
	if err != nil {
		return fail(stderr, err)
	}
	diffs := report.DocsDrift(entries, cat)
	if len(diffs) == 0 {
		fmt.Fprintf(stdout, "No docs drift: the %d errors on %s match the catalog's %d rows.\n", len(entries), source, len(cat.Rows))
		return exitOK
	}
	fmt.Fprintf(stdout, "Docs drift: %s and the catalog (fixtures/catalog.yaml) differ in %s:\n", source, count(len(diffs), "place"))
	for _, d := range diffs {
		fmt.Fprintf(stdout, "  - %s\n", d)
	}
	fmt.Fprintln(stdout, "Check the change with MX, then update fixtures/catalog.yaml and the copy fixtures/sso-v2-errors.md;")
	fmt.Fprintln(stdout, "the suite's specs follow the catalog.")
	return exitDrift
}

// readPage returns the page, a name for it in messages, and a hint for when it parses to nothing.
func readPage(arg string, timeout time.Duration) (md []byte, source, hint string, err error) {
	switch {
	case arg == "":
		return fixtures.ErrorsPage, embeddedPage, "", nil
	case strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://"):
		return fetchPage(arg, timeout)
	default:
		md, err := os.ReadFile(arg)
		if err != nil {
			return nil, "", "", fmt.Errorf("reading the page: %w", err)
		}
		return md, arg, "", nil
	}
}

func fetchPage(url string, timeout time.Duration) (md []byte, source, hint string, err error) {
	client := &http.Client{Timeout: timeout}
	resp, err := client.Get(url)
	if err != nil {
		return nil, "", "", fmt.Errorf("fetching the page (timeout %s): %w", timeout, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", "", fmt.Errorf("fetching the page: GET %s answered %s", url, resp.Status)
	}
	md, err = io.ReadAll(io.LimitReader(resp.Body, maxPageBytes))
	if err != nil {
		return nil, "", "", fmt.Errorf("reading the page from %s: %w", url, err)
	}
	if mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mediaType == "text/html" {
		hint = " The URL answered HTML; give the Markdown version of the page."
	}
	return md, url, hint, nil
}
