package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	. "github.com/onsi/ginkgo/v2"
)

// control calls the target's mxmock control API for this spec process: built once, with the
// suite's TLS settings and timeout, only where faults are available.
var control *client.Client

// InjectFault asks mxmock to answer this process's next matching request with the fault (one of
// wire's kinds). It is one-shot, scoped to this spec process, and removed when the spec ends
// even if it never fired.
func InjectFault(ctx context.Context, kind, systemMessage string) {
	GinkgoHelper()
	resp, err := control.Do(ctx, controlRequest(http.MethodPost, wire.FaultsPath,
		wire.Fault{Kind: kind, Times: 1, SystemMessage: systemMessage, Scope: wire.FaultScope{Header: scope()}}))
	mustSucceed("inject fault "+kind, resp, err)
	var fault wire.Fault
	if err := json.Unmarshal(resp.Body(), &fault); err != nil || fault.ID == "" {
		Fail(record.CouldNotTest + fmt.Sprintf("set-up step failed: inject fault %s: no fault id in %s", kind, Scrub(string(resp.Body()))))
	}
	DeferCleanup(func(ctx SpecContext) {
		_, _ = control.Do(ctx, controlRequest(http.MethodDelete, wire.FaultPath(fault.ID), nil)) // 404 once a one-shot fault fired
	})
}

// controlRequest is a request to the control API: no k or c, the token when the mock asks for one.
func controlRequest(method, path string, body any) client.Request {
	req := client.Request{Method: method, Path: path, Body: body, Query: url.Values{}}
	if Config.MockControlToken != "" {
		req.Header = http.Header{wire.TokenHeader: {Config.MockControlToken}}
	}
	return req
}
