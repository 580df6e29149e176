// Command mockprof serves mxmock's handler exactly as cmd/mxmock does (mock.New behind
// mock.NewHTTPServer, no request log) while a CPU profile runs, so the benchmark can see where a
// request's time goes under wrk's load. It writes the profile when SIGINT or SIGTERM arrives.
//
//	mockprof --addr 127.0.0.1:18082 --cpuprofile bench/.tools/run/get_user.pprof
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/mxcontract/mxcontract/internal/mock"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "address to listen on")
	out := flag.String("cpuprofile", "", "where to write the CPU profile")
	maxObjects := flag.Int("max-objects", 1<<30, "users plus members held at once; high, so POST /user never hits 507")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "mockprof: --cpuprofile is required")
		os.Exit(2)
	}
	if err := run(*addr, *out, *maxObjects); err != nil {
		fmt.Fprintf(os.Stderr, "mockprof: %v\n", err)
		os.Exit(1)
	}
}

func run(addr, out string, maxObjects int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := mock.New(mock.Config{MaxObjects: maxObjects})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	srv := mock.NewHTTPServer(s)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(os.Stderr, "mockprof listening on http://%s, profiling to %s\n", ln.Addr(), out)
	select {
	case err = <-served:
	case <-ctx.Done():
	}
	// Stop the profile before shutting down, so the shutdown itself is not in it.
	pprof.StopCPUProfile()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutdown); err == nil {
		err = serr
	}
	return err
}
