// Command firstanswer measures how long a server takes from the start of its process to its
// first HTTP answer: it starts the command, polls a URL every millisecond on loopback until the
// expected status comes back, stops the process, and does this several times.
//
//	firstanswer -runs 5 -url 'http://127.0.0.1:18080/user/x?k=..&c=..' -status 400 -- mxmock --addr 127.0.0.1:18080
//
// It prints one line per run, "first_answer_ms 12.345", for the report to read.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("runs", 5, "how many times to start the server")
	url := flag.String("url", "", "the URL to poll")
	status := flag.Int("status", 200, "the status that counts as the first answer")
	header := flag.String("header", "", `one request header, "Name: value"`)
	limit := flag.Duration("timeout", 60*time.Second, "give up on a run after this long")
	flag.Parse()
	if *url == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: firstanswer -url URL [-status N] [-runs N] -- command [args...]")
		os.Exit(2)
	}
	// A failed start (a port taken meanwhile, say) is reported and skipped: the other runs still
	// count. Only a server that never answered fails the command.
	answered := 0
	for i := 0; i < *runs; i++ {
		d, err := once(flag.Args(), *url, *header, *status, *limit)
		if err != nil {
			fmt.Fprintf(os.Stderr, "firstanswer: run %d: %v\n", i+1, err)
			continue
		}
		answered++
		fmt.Printf("first_answer_ms %.3f\n", float64(d.Microseconds())/1000)
	}
	if answered == 0 {
		os.Exit(1)
	}
}

// once starts the command and returns the time from just before exec to the expected answer.
func once(argv []string, url, header string, want int, limit time.Duration) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if header != "" {
		name, value, ok := strings.Cut(header, ":")
		if !ok {
			return 0, fmt.Errorf("bad -header %q: want \"Name: value\"", header)
		}
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	// A new connection per poll: a refused connect returns at once, and no idle connection from
	// an earlier run can answer for this one.
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	// Its own process group, so a launcher script's children (java, node) are stopped too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)

	last := "no answer"
	for time.Since(start) < limit {
		select {
		case err := <-exited:
			exited <- err // for stop
			return 0, fmt.Errorf("the server exited before answering: %v", err)
		default:
		}
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want {
				return time.Since(start), nil
			}
			last = resp.Status
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("no %d within %s (last: %s)", want, limit, last)
}

// stop ends the process group politely, then for good after 5 s.
func stop(cmd *exec.Cmd, exited chan error) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}
