package config

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ByteSize is a number of bytes, written as a number or with a unit: 65536, 512KiB, 4MiB, 1GiB
// (KB, MB and GB mean the same powers of 1024).
type ByteSize int64

var units = []struct {
	suffix string
	n      ByteSize
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

// UnmarshalText reads a size from the environment.
func (b *ByteSize) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	mult := ByteSize(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/int64(mult) {
		return fmt.Errorf("%q is not a size; write bytes or e.g. 512KiB or 4MiB", string(text))
	}
	*b = ByteSize(n) * mult
	return nil
}

// UnmarshalYAML reads a size from the YAML file; a bad one is a problem reported with the others.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if err := b.UnmarshalText([]byte(n.Value)); err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	return nil
}

// String writes the size with the largest unit that divides it: 4MiB.
func (b ByteSize) String() string {
	for _, u := range units[:3] {
		if b >= u.n && b%u.n == 0 {
			return fmt.Sprintf("%d%s", b/u.n, u.suffix)
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}
