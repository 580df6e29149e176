package main

import (
	"fmt"
	"os"
	"strings"
)

// profileShares picks, out of `go tool pprof -top -cum` output, the shares that tell whether the
// mock or the machine dominates: the mock's handler (cumulative), the system calls (flat: time in
// the kernel's read, write and epoll), the garbage collector's background marking (cumulative) and
// allocation (cumulative).
func profileShares(cumPath string) (string, bool) {
	b, err := os.ReadFile(cumPath)
	if err != nil {
		return "", false
	}
	want := []struct {
		label, name string
		flat        bool
	}{
		{"mock handler (mock.(*Server).ServeHTTP, cum)", "internal/mock.(*Server).ServeHTTP", false},
		{"system calls (Syscall6, flat)", "internal/runtime/syscall/linux.Syscall6", true},
		{"GC marking (gcBgMarkWorker, cum)", "runtime.gcBgMarkWorker", false},
		{"allocation (mallocgc, cum)", "runtime.mallocgc", false},
	}
	var parts []string
	for _, w := range want {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			// flat flat% sum% cum cum% name...
			if len(f) < 6 || !strings.HasSuffix(strings.Join(f[5:], " "), w.name) {
				continue
			}
			share := f[4]
			if w.flat {
				share = f[1]
			}
			parts = append(parts, fmt.Sprintf("%s %s", w.label, share))
			break
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, "; "), true
}

// profileTop returns the top lines of `go tool pprof -top` output, from the header row on.
func profileTop(path string, n int) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for i, l := range lines {
		if strings.Contains(l, "flat%") {
			end := min(len(lines), i+1+n)
			return strings.Join(lines[i:end], "\n"), true
		}
	}
	return "", false
}
