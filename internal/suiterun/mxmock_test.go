package suiterun_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/suiterun"
)

// The contract suite and the standalone mock, each built once for every test of this package.
var suiteBin, mxmockBin string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "suiterun-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if suiteBin, err = suiterun.Build(context.Background(), dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if mxmockBin, err = suiterun.BuildCommand(context.Background(), dir, "cmd/mxmock"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}())
}

// startMxmock starts the standalone mock on a free loopback port, as a team would in its own
// pipeline, and returns its URL. Its request log goes to log, or is off when log is nil.
func startMxmock(t *testing.T, log io.Writer, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	args = append([]string{"--addr", "127.0.0.1:0"}, args...)
	if log == nil {
		args = append(args, "--quiet")
	}
	cmd := exec.CommandContext(ctx, mxmockBin, args...)
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
