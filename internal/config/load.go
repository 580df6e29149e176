package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"github.com/caarlos0/env/v11"
	"go.yaml.in/yaml/v3"
)

// Load builds the configuration: defaults, then the YAML file named by
// MX_CONFIG (if set), then every MX_* variable that is set and not empty,
// then Validate. getenv reads the environment (nil means os.Getenv); tests
// pass a fake. The mock's API key and client guids fill in only when the
// final base_url is empty. Every problem is reported in one error.
func Load(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := base()
	source := "defaults"
	secrets := []string{getenv(fieldByYAML["api_key"].env)}
	var problems []error

	if path := getenv(EnvConfigFile); path != "" {
		source = path
		found, tried := findConfigFile(path)
		if found == "" {
			return Config{}, fmt.Errorf("%s: cannot read config file %q: it is not at %s; set %s to a YAML file such as config/live.example.yaml (relative to the repository root or the working directory), or unset it to use the defaults",
				EnvConfigFile, path, strings.Join(tried, " nor at "), EnvConfigFile)
		}
		fileProblems, err := loadFile(found, &cfg)
		secrets = append(secrets, cfg.APIKey)
		if err != nil {
			return Config{}, redactError(err, secrets)
		}
		problems = append(problems, fileProblems...)
	}

	environ := environment(getenv)
	if len(environ) > 0 {
		source += " + environment"
	}
	if err := env.ParseWithOptions(&cfg, env.Options{Environment: environ}); err != nil {
		problems = append(problems, envProblems(err, environ)...)
	}
	// A relative path from the environment means the same from every command (see BaseDir).
	for _, p := range []struct {
		env  string
		path *string
	}{{"MX_LEDGER", &cfg.Ledger}, {"MX_CA_FILE", &cfg.CAFile}} {
		if environ[p.env] != "" {
			*p.path = fromEnvironment(*p.path)
		}
	}

	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/") // paths are joined to it
	}
	if cfg.Embedded() {
		cfg.applyMockDefaults()
	} else if cfg.Ledger == "" {
		cfg.Ledger = defaultLedger(getenv, cfg.BaseURL, cfg.ClientGUID)
	}
	cfg.Source = source
	problems = append(problems, cfg.problems()...)
	if len(problems) > 0 {
		return Config{}, invalid(source, problems, append(secrets, cfg.APIKey, cfg.MockControlToken))
	}
	return cfg, nil
}

// loadFile decodes the YAML file at path over cfg. A file that cannot be
// read or parsed is an error; a key or value of the wrong kind is a problem,
// reported with the others.
func loadFile(path string, cfg *Config) ([]error, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read config file %q%s: %w; set %s to a YAML file such as config/mock.yaml, or unset it to use the defaults",
			EnvConfigFile, path, relativeNote(path), err, EnvConfigFile)
	}

	// Parse once into nodes to learn which top-level key each line belongs to.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %q is not valid YAML: %w", EnvConfigFile, path, err)
	}
	keyAt := topLevelKeys(&doc)

	var problems []error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var te *yaml.TypeError
	switch err := dec.Decode(cfg); {
	case err == nil, errors.Is(err, io.EOF):
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			problems = append(problems, yamlProblem(path, msg, keyAt))
		}
	default:
		return nil, fmt.Errorf("%s: %q is not valid YAML: %w", EnvConfigFile, path, err)
	}

	// `routes:` overrides only the keys it names (and `routes:` alone none).
	if cfg.Routes == nil {
		cfg.Routes = make(map[string]Route, len(defaultRoutes))
	}
	for k, r := range defaultRoutes {
		if _, ok := cfg.Routes[k]; !ok {
			cfg.Routes[k] = r
		}
	}
	if cfg.CAFile != "" && !filepath.IsAbs(cfg.CAFile) {
		cfg.CAFile = filepath.Join(filepath.Dir(path), cfg.CAFile)
	}
	if cfg.Ledger != "" && !filepath.IsAbs(cfg.Ledger) {
		cfg.Ledger = filepath.Join(filepath.Dir(path), cfg.Ledger)
	}
	return problems, nil
}

// topLevelKeys returns a function naming the key a line falls under: the
// top-level key, or "routes.<key>" inside routes.
func topLevelKeys(doc *yaml.Node) func(line int) string {
	var root *yaml.Node
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		root = doc.Content[0]
	}
	return func(line int) string {
		key, value := keyAtLine(root, line)
		if key == "routes" {
			if sub, _ := keyAtLine(value, line); sub != "" {
				return key + "." + sub
			}
		}
		return key
	}
}

// keyAtLine returns the last key of mapping m that starts at or before line,
// and its value.
func keyAtLine(m *yaml.Node, line int) (string, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return "", nil
	}
	key, value := "", (*yaml.Node)(nil)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Line <= line {
			key, value = m.Content[i].Value, m.Content[i+1]
		}
	}
	return key, value
}

var (
	yamlUnknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type `)
	yamlLine         = regexp.MustCompile(`^line (\d+): `)
)

// yamlProblem rewrites one of yaml.v3's type errors to name the file, the
// key and the fix.
func yamlProblem(path, msg string, keyAt func(int) string) error {
	if m := yamlUnknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s line %s: unknown key %q; known keys: %s", path, m[1], m[2], strings.Join(yamlKeys(), ", "))
	}
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
	}
	key := keyAt(line)
	f, ok := fieldByYAML[key]
	if !ok {
		if key == "" {
			return fmt.Errorf("%s %s", path, msg)
		}
		return fmt.Errorf("%s: %s %s", key, path, msg)
	}
	hint := ""
	switch {
	case f.typ == durationType:
		hint = "; write a Go duration such as 10s or 1m30s"
	case f.typ.Kind() == reflect.Bool:
		hint = "; write true or false"
	case f.typ.Kind() == reflect.String:
		hint = "; write a string"
	}
	return fmt.Errorf("%s: %s %s%s", f.label(), path, msg, hint)
}
