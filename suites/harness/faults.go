package harness

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/record"
	. "github.com/onsi/ginkgo/v2"
)

// Fault kinds of mxmock's control API (docs/interfaces.md).
const (
	FaultOutage              = "outage"
	FaultMaintenance         = "maintenance"
	FaultUserDeleteFailure   = "user_delete_failure"
	FaultMemberDeleteFailure = "member_delete_failure"
)

// InjectFault asks mxmock to answer this process's next matching request with the fault. It is
// one-shot, scoped to this spec process, and removed when the spec ends even if it never fired.
func InjectFault(ctx context.Context, kind, systemMessage string) {
	GinkgoHelper()
	body := map[string]any{"kind": kind, "times": 1, "system_message": systemMessage, "scope": map[string]string{"header": scope()}}
	resp, err := control(ctx).SetBody(body).Post("/_mxmock/faults")
	mustSucceed("inject fault "+kind, resp, err)
	var fault struct{ ID string }
	if err := json.Unmarshal(resp.Body(), &fault); err != nil || fault.ID == "" {
		Fail(record.CouldNotTest + fmt.Sprintf("set-up step failed: inject fault %s: no fault id in %s", kind, resp.Body()))
	}
	DeferCleanup(func(ctx SpecContext) {
		_, _ = control(ctx).Delete("/_mxmock/faults/" + fault.ID) // 404 once a one-shot fault fired
	})
}

func control(ctx context.Context) *resty.Request {
	c := resty.New().SetBaseURL(target.URL).SetTimeout(Config.Timeout)
	r := c.R().SetContext(ctx)
	if Config.MockControlToken != "" {
		r.SetHeader("X-Mxmock-Token", Config.MockControlToken)
	}
	return r
}
