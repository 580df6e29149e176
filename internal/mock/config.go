package mock

import (
	"fmt"
	"io"
	"time"

	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// Config sets up a mock; the zero value is usable.
type Config struct {
	APIKey             string    // default "mxmock-api-key"
	Clients            []Client  // default: one client, DefaultClientGUID
	Accounts           []Account // seed feed accounts; they count toward MaxAccounts
	ControlToken       string    // "" = no token asked (loopback still enforced)
	AllowRemoteControl bool      // false = control API answers 403 to non-loopback callers
	MaxBodyBytes       int64     // default 1 MiB
	MaxObjects         int       // users+members; default 100000
	MaxFaults          int       // faults active at once, start-up faults included; default 1000
	MaxAccounts        int       // feed accounts held at once, the seed included; default 100000
	Log                io.Writer // request log, one line per request, k redacted; nil = none
	// Faults are active from the start, as if POSTed to /_mxmock/faults in this order, and
	// come back after a reset: a mock started slow or flaky stays so.
	Faults []Fault

	// The limits below are the http.Server's (NewHTTPServer, Start); a zero value means the default.

	MaxHeaderBytes    int           // request line + headers; default 64 KiB; above: net/http's plain 431
	ReadHeaderTimeout time.Duration // request line + headers; default 10s (ReadTimeout if shorter)
	ReadTimeout       time.Duration // the whole request, body included; default 30s
	WriteTimeout      time.Duration // from the end of the headers to the end of the answer; default ReadTimeout+30s
	IdleTimeout       time.Duration // a keep-alive connection waiting for its next request; default 2m
}

// Client is one client of the accessor, known by its MX guid, its external guid, or both.
type Client struct{ GUID, ExternalGUID string }

// Account is a feed account; Client "" means any client. Member is a member's MX guid or
// external guid, as the feed names it.
type Account = wire.Account

// Defaults for a zero Config, as docs/interfaces.md fixes them.
const (
	DefaultAPIKey       = wire.DefaultAPIKey
	DefaultClientGUID   = wire.DefaultClientGUID
	DefaultMaxBodyBytes = 1 << 20
	DefaultMaxObjects   = 100000
	DefaultMaxFaults    = 1000
	DefaultMaxAccounts  = 100000
	// DefaultMaxHeaderBytes bounds the request line plus headers. net/http allows 4 KiB more
	// than this before it answers its own plain-text 431, which the mock cannot wrap.
	DefaultMaxHeaderBytes = 64 << 10
	// ControlPrefix is where the control API lives, outside MX's routes.
	ControlPrefix = wire.ControlPrefix
)

// Bounds that no configuration changes: they keep one control request, one start-up file and
// so the whole control plane small.
const (
	// MaxHeaderBytesCeiling is the largest MaxHeaderBytes allowed: net/http adds its slack to
	// the limit, and a value near the top of int64 would overflow into a negative one.
	MaxHeaderBytesCeiling = 1 << 30
	// MaxSystemMessageBytes bounds a fault's system_message.
	MaxSystemMessageBytes = 1024
	// MaxIDBytes bounds every id the control API keeps: a fault's scope.client and
	// scope.header, a feed account's client, member and account_id.
	MaxIDBytes = 256
	// MaxFileBytes bounds a seed or faults file; only regular files are read.
	MaxFileBytes = 16 << 20
	// maxDelayMS bounds every wait a fault asks for, so no request is held for ever.
	maxDelayMS = 600_000
)

// Timeouts for a zero Config. Generous for tests, short enough that a client which stops
// sending (slowloris) cannot hold a connection for long.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	writeAfterRead           = 30 * time.Second // WriteTimeout = ReadTimeout + this
	defaultIdleTimeout       = 2 * time.Minute
)

// withDefaults fills every zero field that has a default.
func (c Config) withDefaults() Config {
	if c.APIKey == "" {
		c.APIKey = DefaultAPIKey
	}
	if len(c.Clients) == 0 {
		c.Clients = []Client{{GUID: DefaultClientGUID}}
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxObjects == 0 {
		c.MaxObjects = DefaultMaxObjects
	}
	if c.MaxFaults == 0 {
		c.MaxFaults = DefaultMaxFaults
	}
	if c.MaxAccounts == 0 {
		c.MaxAccounts = DefaultMaxAccounts
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = defaultReadTimeout
	}
	if c.ReadHeaderTimeout == 0 && c.ReadTimeout > 0 {
		// net/http's header deadline replaces the whole-request one while headers are read,
		// so a longer header timeout would quietly lift ReadTimeout.
		c.ReadHeaderTimeout = min(defaultReadHeaderTimeout, c.ReadTimeout)
	}
	if c.WriteTimeout == 0 && c.ReadTimeout > 0 {
		// Its clock starts once the headers are in: a body that takes all of ReadTimeout must
		// still leave time to answer (408 or otherwise).
		c.WriteTimeout = c.ReadTimeout + writeAfterRead
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = defaultIdleTimeout
	}
	return c
}

// limitProblems lists the sizes and durations that are out of range.
func (c Config) limitProblems() []error {
	var problems []error
	for _, l := range []struct {
		name string
		n    int64
	}{
		{"MaxBodyBytes", c.MaxBodyBytes}, {"MaxObjects", int64(c.MaxObjects)},
		{"MaxFaults", int64(c.MaxFaults)}, {"MaxAccounts", int64(c.MaxAccounts)},
		{"MaxHeaderBytes", int64(c.MaxHeaderBytes)},
	} {
		if l.n < 0 {
			problems = append(problems, fmt.Errorf("%s must be positive, got %d", l.name, l.n))
		}
	}
	if c.MaxHeaderBytes > MaxHeaderBytesCeiling {
		problems = append(problems, fmt.Errorf("MaxHeaderBytes must be at most %d, got %d", MaxHeaderBytesCeiling, c.MaxHeaderBytes))
	}
	for _, l := range []struct {
		name string
		d    time.Duration
	}{
		{"ReadHeaderTimeout", c.ReadHeaderTimeout}, {"ReadTimeout", c.ReadTimeout},
		{"WriteTimeout", c.WriteTimeout}, {"IdleTimeout", c.IdleTimeout},
	} {
		if l.d < 0 {
			problems = append(problems, fmt.Errorf("%s must be positive, got %s", l.name, l.d))
		}
	}
	if len(c.Faults) > c.MaxFaults {
		problems = append(problems, fmt.Errorf("%d start-up faults, more than MaxFaults (%d)", len(c.Faults), c.MaxFaults))
	}
	if len(c.Accounts) > c.MaxAccounts {
		problems = append(problems, fmt.Errorf("%d seed accounts, more than MaxAccounts (%d)", len(c.Accounts), c.MaxAccounts))
	}
	return problems
}
