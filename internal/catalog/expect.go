package catalog

import (
	"fmt"
	"regexp"
	"strings"
)

// Expectation is a row bound to one request: what the response must be.
type Expectation struct {
	ID      string
	Status  Status // zero: undocumented, any 4xx/5xx
	Body    Body
	Message string // the exact text; empty with BodyEnvelope: any non-empty string
}

// Placeholders lists the row's placeholders in the order they appear in the message.
func (r Row) Placeholders() []string { return placeholder.FindAllString(r.Message, -1) }

// Expect binds the placeholders, in order, to the values the request used; U1 gets the guid that
// was asked for, A1 the account id and then the member id. A count mismatch is a bug in the spec.
func (r Row) Expect(values ...string) Expectation {
	holders := r.Placeholders()
	if len(values) != len(holders) {
		panic(fmt.Sprintf("%s: message %q has %d placeholders, got %d values", r.ID, r.Message, len(holders), len(values)))
	}
	msg := r.Message
	for i, h := range holders {
		msg = strings.Replace(msg, h, values[i], 1)
	}
	return Expectation{ID: r.ID, Status: r.Status, Body: r.Body, Message: msg}
}

// Labels are the Ginkgo labels of the row's spec: section, id and "faults" where it needs injection.
func (r Row) Labels() []string {
	labels := []string{"section:" + r.Section, "id:" + r.ID}
	if r.Faults {
		labels = append(labels, "faults")
	}
	return labels
}

// SpecName is the spec's text: the id first, then the documented status and message, then the trigger.
func (r Row) SpecName() string {
	what := "any error"
	switch {
	case r.Message != "":
		what = fmt.Sprintf("%q", r.Message)
	case r.Body == BodyNonePromised:
		what = "(no body promised)"
	}
	return fmt.Sprintf("%s %s %s on %s", r.ID, r.Status, what, r.Trigger)
}

// ExpectRefusal is what a request the target must not accept gets: any error status (4xx/5xx),
// whatever its body. O1's probes that MX would refuse (no key, a wrong key, a body that is not a
// JSON object) are held to it; no answer at all is a refusal too, which the spec sees before.
func (r Row) ExpectRefusal() Expectation {
	return Expectation{ID: r.ID, Body: BodyNonePromised}
}

// Pattern matches the row's message with any value in each placeholder, each a group:
// "User with guid {GUID} not found." is ^User with guid (.+?) not found\.$
func (r Row) Pattern() *regexp.Regexp {
	pattern, rest := "^", r.Message
	for _, p := range r.Placeholders() {
		before, after, _ := strings.Cut(rest, p)
		pattern += regexp.QuoteMeta(before) + "(.+?)"
		rest = after
	}
	return regexp.MustCompile(pattern + regexp.QuoteMeta(rest) + "$")
}
