package mock

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFaults(t *testing.T) {
	got, err := ParseFaults("delay:200ms; delay:50ms-1.5s,times=3,header=p1 ;connection_reset:times=2,route=POST /user;" +
		"slow_body:100ms,client=CLT-1;user_delete_failure:message=disk full;garbage")
	if err != nil {
		t.Fatal(err)
	}
	want := []Fault{
		{Kind: "delay", DelayMS: 200},
		{Kind: "delay", DelayMS: 50, DelayMaxMS: 1500, Times: 3, Scope: FaultScope{Header: "p1"}},
		{Kind: "connection_reset", Times: 2, Route: "POST /user"},
		{Kind: "slow_body", DelayMS: 100, Scope: FaultScope{Client: "CLT-1"}},
		{Kind: "user_delete_failure", SystemMessage: "disk full"},
		{Kind: "garbage"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for spec, wantErr := range map[string]string{
		"":                                     "no fault given",
		"slow":                                 `fault "slow": Unknown fault kind "slow"`,
		"delay":                                `fault "delay": Missing required field: delay_ms`,
		"delay:fast":                           `option "fast": not a duration: give a duration (200ms), a range (50ms-150ms) or key=value`,
		"delay:100us":                          "100µs is below 1ms",
		"delay:11m":                            "11m0s is above 10m",
		"delay:200ms-100ms":                    "Field delay_max_ms (100) must be 0 or at least delay_ms (200)",
		"outage:200ms":                         "Fields delay_ms and delay_max_ms apply to delay and slow_body only, not outage",
		"outage:times=x":                       `option "times=x": times must be a whole number`,
		"outage:times=-1":                      "Field times must be 0 (until deleted) or more, got -1",
		"outage:speed=1":                       `unknown option "speed"`,
		"garbage:route=GET /users":             `Unknown route "GET /users"`,
		"user_delete_failure:route=POST /user": "Fault user_delete_failure never fires on POST /user: it hits only DELETE /user/{id}",
	} {
		if _, err := ParseFaults(spec); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParseFaults(%q) = %v, want %q", spec, err, wantErr)
		}
	}
}

func TestLoadFaults(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"faults":[{"kind":"delay","delay_ms":20,"delay_max_ms":40,"route":"GET /user/{id}"},{"kind":"empty_reply","times":1,"scope":{"header":"p2"}}]}`)
	got, err := LoadFaults(good)
	want := []Fault{{Kind: "delay", DelayMS: 20, DelayMaxMS: 40, Route: "GET /user/{id}"}, {Kind: "empty_reply", Times: 1, Scope: FaultScope{Header: "p2"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("LoadFaults = %+v, %v", got, err)
	}
	for name, tt := range map[string]struct{ body, want string }{
		"unknown field": {`{"faults":[{"kind":"delay","delay":20}]}`, `unknown field "delay"`},
		"bad fault":     {`{"faults":[{"kind":"outage"},{"kind":"slow_body"}]}`, "faults[1]: Missing required field: delay_ms"},
		"empty":         {`{"faults":[]}`, "no faults in it"},
		"not JSON":      {`delay:200ms`, "invalid character"},
	} {
		if _, err := LoadFaults(write(strings.ReplaceAll(name, " ", "-")+".json", tt.body)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", name, err, tt.want)
		}
	}
	if _, err := LoadFaults(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

// Start-up faults are active at once, listed like any other, checked by New, and come back
// after a reset: a mock started flaky stays flaky.
func TestStartupFaults(t *testing.T) {
	s := newServer(t, func(c *Config) {
		c.Faults = []Fault{{Kind: "maintenance", Times: 1}, {Kind: "delay", DelayMS: 1, Scope: FaultScope{Header: "p9"}}}
	})
	if l := listFaults(t, s); len(l) != 2 || l[0].ID != "F-1" || l[1].Kind != "delay" {
		t.Fatalf("listed %+v", l)
	}
	wantError(t, "the start-up maintenance", do(t, s, "GET", "/user/x"+auth, ""), 503, maintenanceBody)
	wantError(t, "used up", do(t, s, "GET", "/user/x"+auth, ""), 400, missingBody)
	do(t, s, "POST", "/_mxmock/reset", "")
	wantError(t, "back after a reset", do(t, s, "GET", "/user/x"+auth, ""), 503, maintenanceBody)

	_, err := New(Config{Faults: []Fault{{Kind: "delay"}, {Kind: "outage", Route: "GET /nope"}}})
	if err == nil || !strings.Contains(err.Error(), "fault 0: Missing required field: delay_ms") ||
		!strings.Contains(err.Error(), `fault 1: Unknown route "GET /nope"`) {
		t.Errorf("New with bad faults: %v", err)
	}
}

// The control API takes the new fields and says what is wrong with them.
func TestTransportFaultBodies(t *testing.T) {
	s := newServer(t)
	if got := do(t, s, "POST", "/_mxmock/faults", `{"kind":"delay","delay_ms":5,"delay_max_ms":9,"route":"POST /user"}`); got.Body !=
		`{"id":"F-1","kind":"delay","times":0,"system_message":"","scope":{"client":"","header":""},"delay_ms":5,"delay_max_ms":9,"route":"POST /user"}` {
		t.Errorf("created %d %s", got.Status, got.Body)
	}
	for body, want := range map[string]string{
		`{"kind":"slow_body"}`:                   `{"error":"Missing required field: delay_ms (milliseconds, 1 or more) for slow_body."}`,
		`{"kind":"delay","delay_ms":-5}`:         `{"error":"Missing required field: delay_ms (milliseconds, 1 or more) for delay."}`,
		`{"kind":"delay","delay_ms":700000}`:     `{"error":"Fields delay_ms and delay_max_ms must be at most 600000 (10 minutes)."}`,
		`{"kind":"garbage","delay_ms":5}`:        `{"error":"Fields delay_ms and delay_max_ms apply to delay and slow_body only, not garbage."}`,
		`{"kind":"empty_reply","route":"/user"}`: `{"error":"Unknown route \"/user\": use one of ` + strings.Join(mxPatterns, ", ") + `."}`,
		`{"kind":"delay","delay_ms":"5"}`:        `{"error":"Bad fault body: json: cannot unmarshal string into Go struct field Fault.delay_ms of type int."}`,
	} {
		wantError(t, "POST /_mxmock/faults "+body, do(t, s, "POST", "/_mxmock/faults", body), 400, want)
	}
}
