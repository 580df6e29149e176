# mxcontract: the MX SSO API v2 error contract suite and its mock.
# `make contract` runs the suite (against the embedded mock unless MX_BASE_URL is set);
# `make test` runs the project's own tests.

GINKGO        := go tool ginkgo
REPORTS       := reports
# CI flags: random order proves specs independent; pending or empty suites are failures.
GINKGO_FLAGS  ?= --randomize-all --fail-on-pending --fail-on-empty --keep-going
LABELS        ?=
label_filter  := $(if $(LABELS),--label-filter='$(LABELS)')

.PHONY: contract test vet mxmock clean

contract:
	@mkdir -p $(REPORTS)
	$(GINKGO) run $(GINKGO_FLAGS) $(label_filter) --junit-report=junit.xml --json-report=report.json --output-dir=$(REPORTS) ./suites

test: vet
	go test -race -count=1 ./...

vet:
	go vet ./...
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

mxmock:
	go run ./cmd/mxmock $(ARGS)

clean:
	rm -rf $(REPORTS)
