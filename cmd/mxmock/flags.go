package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mxcontract/mxcontract/internal/mock"
	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// settings is everything mxmock needs to start.
type settings struct {
	addr string
	cfg  mock.Config
}

// errReported means the flag package has already printed the problem and the usage.
var errReported = errors.New("bad flags")

// envFor pairs each flag with its environment variable.
var envFor = []struct{ flag, env string }{
	{"addr", "MXMOCK_ADDR"},
	{"api-key", "MXMOCK_API_KEY"},
	{"clients", "MXMOCK_CLIENTS"},
	{"seed", "MXMOCK_SEED"},
	{"control-token", "MXMOCK_CONTROL_TOKEN"},
	{"control-remote", "MXMOCK_CONTROL_REMOTE"},
	{"max-body", "MXMOCK_MAX_BODY"},
	{"max-objects", "MXMOCK_MAX_OBJECTS"},
	{"max-header", "MXMOCK_MAX_HEADER"},
	{"max-faults", "MXMOCK_MAX_FAULTS"},
	{"max-accounts", "MXMOCK_MAX_ACCOUNTS"},
	{"quiet", "MXMOCK_QUIET"},
	{"faults", "MXMOCK_FAULTS"},
	{"fault", "MXMOCK_FAULT"},
}

// parseSettings reads flags, then fills every flag not given from its environment variable
// (an empty variable counts as unset), then checks the result. Errors name the flag or the
// variable the bad value came from.
func parseSettings(args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	fs := flag.NewFlagSet("mxmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: mxmock [flags]; each flag also reads the environment variable in brackets.")
		fs.PrintDefaults()
	}
	var (
		addr    = fs.String("addr", "127.0.0.1:8080", "address to listen on (MXMOCK_ADDR)")
		apiKey  = fs.String("api-key", mock.DefaultAPIKey, "the accessor's API key, query parameter k (MXMOCK_API_KEY)")
		clients = fs.String("clients", mock.DefaultClientGUID,
			"clients associated with the key: CLT-guid, CLT-guid=external-guid or external-guid, comma-separated (MXMOCK_CLIENTS)")
		seed       = fs.String("seed", "", `JSON file of feed accounts {"accounts":[{"client","member","account_id"}]} (MXMOCK_SEED)`)
		token      = fs.String("control-token", "", "token the control API asks for in the "+wire.TokenHeader+" header; empty = none (MXMOCK_CONTROL_TOKEN)")
		remote     = fs.Bool("control-remote", false, "let non-loopback callers use the control API (MXMOCK_CONTROL_REMOTE)")
		quiet      = fs.Bool("quiet", false, "no request log (MXMOCK_QUIET)")
		maxBody    = int64(mock.DefaultMaxBodyBytes)
		maxObjects = int64(mock.DefaultMaxObjects)
		maxHeader  = int64(mock.DefaultMaxHeaderBytes)
		maxFaults  = int64(mock.DefaultMaxFaults)
		maxAccts   = int64(mock.DefaultMaxAccounts)
		faultsFile = fs.String("faults", "", `JSON file of faults active from the start, each as POST /_mxmock/faults takes it: {"faults":[{"kind":"delay","delay_ms":200}]} (MXMOCK_FAULTS)`)
		faults     []mock.Fault
	)
	fs.Var(positive{n: &maxBody}, "max-body", "largest request body, in `bytes` (MXMOCK_MAX_BODY)")
	fs.Var(positive{n: &maxObjects}, "max-objects", "most users+members held at once, a `count` (MXMOCK_MAX_OBJECTS)")
	fs.Var(positive{n: &maxHeader, max: mock.MaxHeaderBytesCeiling}, "max-header",
		"largest request line plus headers, in `bytes`; above it net/http answers a plain-text 431 (MXMOCK_MAX_HEADER)")
	fs.Var(positive{n: &maxFaults, max: 1 << 20}, "max-faults", "most faults active at once, start-up faults included, a `count` (MXMOCK_MAX_FAULTS)")
	fs.Var(positive{n: &maxAccts, max: 1 << 24}, "max-accounts", "most feed accounts held at once, the seed included, a `count` (MXMOCK_MAX_ACCOUNTS)")
	fs.Var(faultList{list: &faults}, "fault", "a fault active from the start, as `KIND[:OPTION,...]`: delay:200ms, delay:50ms-150ms, "+
		"connection_reset:times=3, slow_body:100ms,route=POST /user; repeatable, or several separated by ';' (MXMOCK_FAULT)")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return settings{}, err
		}
		return settings{}, errReported
	}
	if fs.NArg() > 0 {
		return settings{}, fmt.Errorf("unexpected argument %q: mxmock takes flags only (see mxmock -h)", fs.Arg(0))
	}
	source := map[string]string{} // flag -> where its value came from, for error messages
	fs.Visit(func(f *flag.Flag) { source[f.Name] = "--" + f.Name })
	for _, e := range envFor {
		v := getenv(e.env)
		if source[e.flag] != "" || v == "" {
			continue
		}
		if err := fs.Set(e.flag, v); err != nil {
			if b, ok := fs.Lookup(e.flag).Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				err = errors.New("must be true or false")
			}
			return settings{}, fmt.Errorf("%s=%q: %v", e.env, v, err)
		}
		source[e.flag] = e.env
	}
	from := func(name string) string {
		if s := source[name]; s != "" {
			return s
		}
		return "--" + name
	}

	switch {
	case *addr == "":
		return settings{}, fmt.Errorf("%s: give an address to listen on, such as 127.0.0.1:8080", from("addr"))
	case *apiKey == "":
		return settings{}, fmt.Errorf("%s: the API key must not be empty", from("api-key"))
	}
	cls, err := mock.ParseClients(*clients)
	if err != nil {
		return settings{}, fmt.Errorf("%s: %v", from("clients"), err)
	}
	var accounts []mock.Account
	if *seed != "" {
		if accounts, err = mock.LoadSeed(*seed); err != nil {
			return settings{}, fmt.Errorf("%s: %v", from("seed"), err)
		}
	}
	if *faultsFile != "" {
		fromFile, err := mock.LoadFaults(*faultsFile)
		if err != nil {
			return settings{}, fmt.Errorf("%s: %v", from("faults"), err)
		}
		faults = append(fromFile, faults...) // the file's first, then each --fault
	}
	cfg := mock.Config{
		APIKey:             *apiKey,
		Clients:            cls,
		Accounts:           accounts,
		ControlToken:       *token,
		AllowRemoteControl: *remote,
		MaxBodyBytes:       maxBody,
		MaxObjects:         int(maxObjects),
		MaxHeaderBytes:     int(maxHeader),
		MaxFaults:          int(maxFaults),
		MaxAccounts:        int(maxAccts),
		Faults:             faults,
	}
	if !*quiet {
		cfg.Log = stderr
	}
	return settings{addr: *addr, cfg: cfg}, nil
}
