package suiterun_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// startMxmock builds and starts the standalone mock on a free loopback port, as a team would in
// its own pipeline, and returns its URL. Its request log goes to log, or is off when log is nil.
func startMxmock(t *testing.T, log io.Writer, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bin := filepath.Join(t.TempDir(), "mxmock")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/mxcontract/mxcontract/cmd/mxmock").CombinedOutput(); err != nil {
		t.Fatalf("building mxmock: %v\n%s", err, out)
	}
	args = append([]string{"--addr", "127.0.0.1:0"}, args...)
	if log == nil {
		args = append(args, "--quiet")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	url := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
		sc := bufio.NewScanner(stderr)
		for found := false; sc.Scan(); {
			if m := listening.FindString(sc.Text()); m != "" && !found {
				url <- m
				found = true
			}
			if log != nil {
				fmt.Fprintln(log, sc.Text())
			}
		}
	}()
	select {
	case u := <-url:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("mxmock printed no listening address within 30s")
		return ""
	}
}

// lockedBuffer is written by the goroutine reading mxmock's log and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
