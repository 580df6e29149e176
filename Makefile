# mxcontract: the MX SSO API v2 error contract suite and its mock.
# `make contract` runs the suite (against the embedded mock unless MX_BASE_URL is set);
# `make test` runs the project's own tests.

GINKGO        := go tool ginkgo
REPORTS       := reports
# CI flags: random order proves specs independent; pending or empty suites are failures.
GINKGO_FLAGS  ?= --randomize-all --fail-on-pending --fail-on-empty --keep-going
LABELS        ?=
label_filter  := $(if $(LABELS),--label-filter='$(LABELS)')

.PHONY: contract test vet mxmock clean fuzz bench

# The human reports are written whatever the suite's verdict; make then exits with the suite's status.
# The last run's report.json is removed first: a suite that fails to build must not leave it to render.
contract:
	@mkdir -p $(REPORTS)
	@rm -f $(REPORTS)/report.json
	@echo "$(contract_run)"
	@status=0; $(contract_run) || status=$$?; \
	if [ -f $(REPORTS)/report.json ]; then \
	  $(MXREPORT) $(report_flags) || { rc=$$?; [ $$status -ne 0 ] || status=$$rc; }; \
	else echo "no $(REPORTS)/report.json: the suite did not run, so there is no HTML report"; [ $$status -ne 0 ] || status=2; fi; \
	exit $$status

# Human reports (docs/reports.md): reports/index.html and reports/summary.md from reports/report.json.
# PREVIOUS=path/to/old/report.json adds what changed since that run.
MXREPORT      := go run ./cmd/mxreport
PREVIOUS      ?=
# HISTORY=path/history.json adds this run to a rolling file of the last 60 runs' verdicts (created
# when missing) and shows each id's strip in the HTML report.
HISTORY       ?=
contract_run   = $(GINKGO) run $(GINKGO_FLAGS) $(label_filter) --junit-report=junit.xml --json-report=report.json --output-dir=$(REPORTS) ./suites
report_flags   = --in $(REPORTS)/report.json --html $(REPORTS)/index.html --md $(REPORTS)/summary.md --mock-drift $(REPORTS)/mock-drift.md $(if $(PREVIOUS),--previous '$(PREVIOUS)') $(if $(HISTORY),--history '$(HISTORY)')

.PHONY: report chromium

report:
	$(MXREPORT) $(report_flags)

# Debian's chromium for the browser test of the HTML report; never fails (see the script).
chromium:
	@sh scripts/install-chromium.sh

# The project's own tests, then a bounded fuzz of the mock (make fuzz runs it longer).
test: vet chromium
	go test -race -count=1 ./...
	go test -run '^$$' -fuzz '^FuzzMock$$' -fuzztime 10s ./internal/mock

# go vet, staticcheck (pinned in go.mod as a tool, like Ginkgo; staticcheck.conf allows Ginkgo's and
# Gomega's dot imports), gofmt, and a go.mod/go.sum that go mod tidy would leave as they are.
vet:
	go vet ./...
	go tool staticcheck ./...
	@go mod tidy -diff >/dev/null || { echo "go mod tidy would change go.mod or go.sum: run go mod tidy, keep direct dependencies direct"; go mod tidy -diff; exit 1; }
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

mxmock:
	go run ./cmd/mxmock $(ARGS)

# The mock's fuzz target, run for longer than make test does; crashers land in
# internal/mock/testdata/fuzz/FuzzMock and become seeds that every `go test` replays.
FUZZTIME ?= 2m
fuzz:
	go test -run '^$$' -fuzz '^FuzzMock$$' -fuzztime $(FUZZTIME) ./internal/mock

# Benchmarks (docs/benchmarks.md): the suite's timings and mxmock against the bare net/http
# ceiling, WireMock and Prism, in one run; installs wrk, WireMock and Prism when missing. Not
# part of `make test`. Results: bench/results/latest.md.
bench:
	BENCH_GINKGO_FLAGS='$(GINKGO_FLAGS)' bash bench/run.sh

clean:
	rm -rf $(REPORTS)
