package config

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// BaseDir is what a relative path given in the environment (MX_CONFIG, MX_LEDGER, MX_CA_FILE) is
// relative to: the root of the Go module the command runs in, or the working directory outside
// any module. `make contract`, `go tool ginkgo run ./suites` and `go run ./cmd/mxsweep`, run from
// the repository, all mean the repository, although the suite's binary runs in suites/.
func BaseDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if info, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !info.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// fromEnvironment makes a relative path from the environment absolute, against BaseDir.
func fromEnvironment(path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(BaseDir(), path)
}

// findConfigFile resolves MX_CONFIG: an absolute path as it is; a relative one against BaseDir,
// or failing that against the working directory. It returns every place it looked when neither
// has the file.
func findConfigFile(path string) (string, []string) {
	if filepath.IsAbs(path) {
		return path, nil
	}
	var tried []string
	wd, _ := os.Getwd()
	for _, dir := range []string{BaseDir(), wd} {
		candidate := filepath.Join(dir, path)
		if len(tried) > 0 && tried[0] == candidate {
			continue
		}
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		tried = append(tried, candidate)
	}
	return "", tried
}

// defaultLedger is where a live run keeps its ledger when none is configured: a folder of the
// user's state directory named for the target (host, and a hash of the base URL and client), so
// that the suite and mxsweep find the same folder from any directory, with the same configuration.
func defaultLedger(getenv func(string) string, baseURL, clientGUID string) string {
	state := getenv("XDG_STATE_HOME")
	if state == "" || !filepath.IsAbs(state) {
		if home := getenv("HOME"); filepath.IsAbs(home) {
			state = filepath.Join(home, ".local", "state")
		} else {
			state = filepath.Join(os.TempDir(), "mxcontract-state")
		}
	}
	host := "target"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = strings.Map(func(r rune) rune {
			if r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, u.Host)
	}
	sum := sha256.Sum256([]byte(baseURL + "\n" + clientGUID))
	return filepath.Join(state, "mxcontract", "ledger", fmt.Sprintf("%s-%s", host, hex.EncodeToString(sum[:4])))
}
