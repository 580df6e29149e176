// Command ceiling is the bare net/http server the benchmarks compare mxmock with: it answers the
// benchmarked routes with bytes captured from mxmock and does nothing else, so its figures are
// what the machine, the runtime and net/http allow before any mock logic runs.
//
//	ceiling --addr 127.0.0.1:18081 --capture bench/.tools/run/capture
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// answer is one fixed response; its header values are built once so a request allocates no
// more than net/http itself does.
type answer struct {
	status int
	length []string
	body   []byte
}

// jsonType is shared and never modified, as mxmock does, so both write headers the same way.
var jsonType = []string{"application/json"}

func load(dir, name string, status int) (answer, error) {
	body, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return answer{}, err
	}
	return answer{status: status, length: []string{strconv.Itoa(len(body))}, body: body}, nil
}

func (a answer) write(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Content-Length"] = a.length
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to listen on")
	dir := flag.String("capture", "", "folder with get_user.body, post_user.body and u1.body, captured from mxmock")
	unknown := flag.String("unknown", "GUID-9999", "the user id that answers the U1 error")
	flag.Parse()

	var get, post, u1 answer
	var err error
	for _, f := range []struct {
		a      *answer
		name   string
		status int
	}{{&get, "get_user.body", 200}, {&post, "post_user.body", 200}, {&u1, "u1.body", 400}} {
		if *f.a, err = load(*dir, f.name, f.status); err != nil {
			fmt.Fprintf(os.Stderr, "ceiling: %v\n", err)
			os.Exit(2)
		}
	}
	missing := answer{status: 404, length: []string{"2"}, body: []byte("{}")}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A prefix test and a compare: no router, no query parsing, no body decoding.
		id, isUser := strings.CutPrefix(r.URL.Path, "/user/")
		switch {
		case r.Method == http.MethodGet && isUser && id == *unknown:
			u1.write(w)
		case r.Method == http.MethodGet && isUser:
			get.write(w)
		case r.Method == http.MethodPost && r.URL.Path == "/user":
			post.write(w)
		default:
			missing.write(w)
		}
	})
	fmt.Fprintf(os.Stderr, "ceiling listening on http://%s\n", *addr)
	if err := http.ListenAndServe(*addr, h); err != nil {
		fmt.Fprintf(os.Stderr, "ceiling: %v\n", err)
		os.Exit(1)
	}
}
