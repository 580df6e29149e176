package matchers

import (
	"fmt"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/client"
	"github.com/mxcontract/mxcontract/internal/scrub"
	"github.com/onsi/gomega/format"
	"github.com/onsi/gomega/types"
)

// Scrub is applied to everything a failure message shows from the target, before it is shortened:
// the suite sets it to hide its secrets and escape control characters. Without it the matcher still
// hides any k parameter and escapes control characters.
var Scrub = func(s string) string { return scrub.Controls(scrub.New().Redact(s)) }

// Bounds on what a failure message shows of an answer: a body, and each message around the place
// where it differs from the documented one.
const (
	maxShownBody    = 2000
	maxShownMessage = 240
)

// HaveMXError succeeds when a *resty.Response is the documented error: the status (any 4xx/5xx
// where undocumented), and where a body is promised, application/json, exactly {"error": "..."}
// and the exact text. For 404 and 502 only the status is asserted: MX promises no body.
func HaveMXError(exp catalog.Expectation) types.GomegaMatcher {
	return &mxErrorMatcher{exp: exp}
}

type mxErrorMatcher struct {
	exp      catalog.Expectation
	problems []string
}

func (m *mxErrorMatcher) Match(actual any) (bool, error) {
	resp, ok := actual.(*resty.Response)
	if !ok || resp == nil {
		return false, fmt.Errorf("HaveMXError expects a non-nil *resty.Response, got:\n%s", format.Object(actual, 1))
	}
	m.problems = nil
	status := resp.StatusCode()
	switch {
	case m.exp.Status.Undocumented() && (status < 400 || status > 599):
		m.problems = append(m.problems, fmt.Sprintf("status is %d, want an error status (4xx or 5xx; MX documents none)", status))
	case !m.exp.Status.Undocumented() && status != int(m.exp.Status):
		m.problems = append(m.problems, fmt.Sprintf("status is %d, want %d", status, m.exp.Status))
	}
	if m.exp.Body == catalog.BodyEnvelope {
		msg, problems := CheckEnvelope(resp.Header().Get("Content-Type"), resp.Body())
		m.problems = append(m.problems, problems...)
		if m.exp.Message != "" && msg != "" && msg != m.exp.Message {
			m.problems = append(m.problems, messageDiff(m.exp.Message, msg))
		}
	}
	return len(m.problems) == 0, nil
}

func (m *mxErrorMatcher) FailureMessage(actual any) string {
	return fmt.Sprintf("Expected\n%s\nto be MX error %s\n%s\nbut:\n    - %s",
		describe(actual), m.exp.ID, indent(m.expected()), strings.Join(m.problems, "\n    - "))
}

func (m *mxErrorMatcher) NegatedFailureMessage(actual any) string {
	return fmt.Sprintf("Expected\n%s\nnot to be MX error %s\n%s", describe(actual), m.exp.ID, indent(m.expected()))
}

func (m *mxErrorMatcher) expected() string {
	status := m.exp.Status.String()
	if m.exp.Status.Undocumented() {
		status = "any 4xx/5xx (undocumented)"
	}
	switch {
	case m.exp.Body == catalog.BodyNonePromised:
		return status + ", no body promised"
	case m.exp.Message == "":
		return status + ", application/json, {\"error\": <non-empty string>}"
	default:
		return fmt.Sprintf("%s, application/json, {\"error\": %q}", status, scrub.Shorten(m.exp.Message, maxShownBody))
	}
}

// describe shows the request and the whole answer as every failure shows one (client.Exchange):
// method, path (key redacted), status, Content-Type and the body that resty already read,
// scrubbed before it is shortened, so a secret never shows in part at the cut.
func describe(actual any) string {
	resp, ok := actual.(*resty.Response)
	if !ok || resp == nil {
		return format.Object(actual, 1)
	}
	return indent(client.ExchangeOf(resp, Scrub, "").String())
}

// messageDiff points at the first character that differs, so a missing period reads at once; a
// long message is shown around that place only.
func messageDiff(want, got string) string {
	got = Scrub(got)
	gotShown, wantShown, at := scrub.Around(got, want, maxShownMessage)
	char := func(s string) string {
		rest := []rune(s)
		if at-1 >= len(rest) {
			return "the end of the text"
		}
		return fmt.Sprintf("%q", string(rest[at-1]))
	}
	return fmt.Sprintf("message is %q,\n      want %q\n      (they differ at character %d: want %s, got %s)",
		gotShown, wantShown, at, char(want), char(got))
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
