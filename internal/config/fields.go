package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"github.com/caarlos0/env/v11"
)

// environment returns the MX_* variables that are set and not empty: an
// empty variable is the same as an unset one.
func environment(getenv func(string) string) map[string]string {
	environ := make(map[string]string) // never nil: env would read os.Environ
	for _, f := range fields {
		if f.env == "" {
			continue
		}
		if v := getenv(f.env); v != "" {
			environ[f.env] = v
		}
	}
	return environ
}

// envProblems turns env's parse errors into problems naming the field and the fix.
func envProblems(err error, environ map[string]string) []error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return []error{fmt.Errorf("environment: %w", err)}
	}
	var problems []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		f, ok := field{}, false
		if errors.As(e, &pe) {
			f, ok = fieldByName[pe.Name]
		}
		if !ok {
			problems = append(problems, fmt.Errorf("environment: %w", e))
			continue
		}
		v := environ[f.env]
		switch {
		case f.typ == durationType:
			problems = append(problems, fmt.Errorf("%s: %q is not a Go duration; set it to e.g. 10s or 1m30s", f.label(), v))
		case f.typ.Kind() == reflect.Bool:
			problems = append(problems, fmt.Errorf("%s: %q is not a boolean; set it to true or false", f.label(), v))
		default:
			problems = append(problems, fmt.Errorf("%s: %q: %w", f.label(), v, pe.Err))
		}
	}
	return problems
}

var durationType = reflect.TypeFor[time.Duration]()

// field describes one Config field's names, from its struct tags.
type field struct {
	name, yaml, env string
	typ             reflect.Type
}

// label names the field in messages: "timeout (MX_TIMEOUT)".
func (f field) label() string {
	if f.env == "" {
		return f.yaml
	}
	return f.yaml + " (" + f.env + ")"
}

// fields lists the YAML keys in the order of Config, with their variables.
var fields, fieldByName, fieldByYAML = configFields()

func configFields() ([]field, map[string]field, map[string]field) {
	var list []field
	byName, byYAML := map[string]field{}, map[string]field{}
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		sf := t.Field(i)
		f := field{name: sf.Name, yaml: sf.Tag.Get("yaml"), env: sf.Tag.Get("env"), typ: sf.Type}
		if f.yaml == "-" {
			continue
		}
		if f.env == "-" {
			f.env = ""
		}
		list = append(list, f)
		byName[f.name], byYAML[f.yaml] = f, f
	}
	return list, byName, byYAML
}

func yamlKeys() []string {
	keys := make([]string, 0, len(fields))
	for _, f := range fields {
		keys = append(keys, f.yaml)
	}
	return keys
}

// relativeNote says what a relative path is relative to: `go test` runs each
// package in its own directory, which surprises.
func relativeNote(path string) string {
	if filepath.IsAbs(path) {
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return " (relative to " + wd + ")"
}
