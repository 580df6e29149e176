// Package matchers holds the one Gomega matcher of the suites, HaveMXError, and the JSON Schema
// of MX's error envelope that it checks bodies against.
package matchers

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed envelope.schema.json
var envelopeSchemaJSON []byte

var envelopeSchema = func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(envelopeSchemaJSON))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("envelope.schema.json", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("envelope.schema.json")
}()

// CheckEnvelope reports why a body is not MX's error envelope, and returns its message when it is.
func CheckEnvelope(contentType string, body []byte) (message string, problems []string) {
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		problems = append(problems, fmt.Sprintf("Content-Type is %q, want application/json", contentType))
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return "", append(problems, fmt.Sprintf("body is not JSON: %v", err))
	}
	if err := envelopeSchema.Validate(doc); err != nil {
		return "", append(problems, "body is not the envelope {\"error\": \"<non-empty string>\"}: "+schemaReason(err))
	}
	var env struct{ Error string }
	_ = json.Unmarshal(body, &env) // valid by the schema
	return env.Error, problems
}

// schemaReason keeps the leaves of a validation error, e.g. "additional properties 'x' not allowed".
func schemaReason(err error) string {
	var leaves []string
	for _, line := range strings.Split(err.Error(), "\n")[1:] {
		if line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "-")); line != "" {
			leaves = append(leaves, line)
		}
	}
	if len(leaves) == 0 {
		return err.Error()
	}
	return strings.Join(leaves, "; ")
}
