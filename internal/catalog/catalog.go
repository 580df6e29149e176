// Package catalog is the list of MX's documented errors that the contract suites are built from:
// one Row per error on the errors page, loaded from fixtures/catalog.yaml.
package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mxcontract/mxcontract/fixtures"
	"go.yaml.in/yaml/v3"
)

// Sections of the errors page, in page order; each has one suite package.
var Sections = []string{"general", "users", "members", "accounts", "other"}

// Body is what the docs promise about an error's body.
type Body string

const (
	// BodyEnvelope is {"error": "<message>"} served as application/json.
	BodyEnvelope Body = "envelope"
	// BodyNonePromised is the 404/502 case: the page says no body applies.
	BodyNonePromised Body = "none-promised"
)

// Status is a documented HTTP status, or zero where the page documents none.
type Status int

// Undocumented reports whether the page gives no status for the error.
func (s Status) Undocumented() bool { return s == 0 }

func (s Status) String() string {
	if s.Undocumented() {
		return "undocumented"
	}
	return strconv.Itoa(int(s))
}

// UnmarshalYAML takes a status code or the word "undocumented".
func (s *Status) UnmarshalYAML(n *yaml.Node) error {
	if n.Value == "undocumented" {
		*s = 0
		return nil
	}
	code, err := strconv.Atoi(n.Value)
	if err != nil || code < 100 || code > 599 {
		return fmt.Errorf("line %d: status %q is neither an HTTP status (100-599) nor \"undocumented\"", n.Line, n.Value)
	}
	*s = Status(code)
	return nil
}

// Row is one documented error.
type Row struct {
	ID         string `yaml:"id"`
	Section    string `yaml:"section"`
	Status     Status `yaml:"status"`
	MockStatus int    `yaml:"mock_status"`
	Message    string `yaml:"message"`
	Body       Body   `yaml:"body"`
	Trigger    string `yaml:"trigger"`
	Faults     bool   `yaml:"faults"`
}

// Catalog is every row, in the order of the errors page.
type Catalog struct {
	Rows []Row `yaml:"rows"`
}

// Load parses the embedded fixtures/catalog.yaml.
func Load() (*Catalog, error) { return Parse(fixtures.Catalog) }

// Parse reads and validates a catalog document.
func Parse(doc []byte) (*Catalog, error) {
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return &c, nil
}

// Row returns the row with the given id.
func (c *Catalog) Row(id string) (Row, bool) {
	i := slices.IndexFunc(c.Rows, func(r Row) bool { return r.ID == id })
	if i < 0 {
		return Row{}, false
	}
	return c.Rows[i], true
}

// IDs lists the row ids in page order.
func (c *Catalog) IDs() []string {
	ids := make([]string, len(c.Rows))
	for i, r := range c.Rows {
		ids[i] = r.ID
	}
	return ids
}

var (
	idPattern   = regexp.MustCompile(`^[GUMAO][1-9][0-9]*$`)
	placeholder = regexp.MustCompile(`\{[A-Z_]+\}`)
	known       = []string{"{GUID}", "{ID}", "{SYSTEM_MESSAGE}"}
)

func (c *Catalog) validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, r := range c.Rows {
		at := fmt.Sprintf("row %d (%s)", i+1, r.ID)
		if !idPattern.MatchString(r.ID) {
			errs = append(errs, fmt.Errorf("%s: id must be a section letter and a number, like U3", at))
		}
		if seen[r.ID] {
			errs = append(errs, fmt.Errorf("%s: id is used twice", at))
		}
		seen[r.ID] = true
		if !slices.Contains(Sections, r.Section) {
			errs = append(errs, fmt.Errorf("%s: section %q is not one of %v", at, r.Section, Sections))
		} else if !strings.EqualFold(r.ID[:1], r.Section[:1]) {
			errs = append(errs, fmt.Errorf("%s: id letter does not match section %q", at, r.Section))
		}
		if r.Body != BodyEnvelope && r.Body != BodyNonePromised {
			errs = append(errs, fmt.Errorf("%s: body must be %q or %q", at, BodyEnvelope, BodyNonePromised))
		}
		if r.Body == BodyNonePromised && r.Message != "" {
			errs = append(errs, fmt.Errorf("%s: a message needs body %q", at, BodyEnvelope))
		}
		for _, p := range placeholder.FindAllString(r.Message, -1) {
			if !slices.Contains(known, p) {
				errs = append(errs, fmt.Errorf("%s: unknown placeholder %s (known: %v)", at, p, known))
			}
		}
		if r.Trigger == "" {
			errs = append(errs, fmt.Errorf("%s: trigger is empty; say what request causes the error", at))
		}
	}
	return errors.Join(errs...)
}
