// Command ceiling is the bare net/http server the benchmarks compare mxmock with: it answers the
// benchmarked routes with bytes captured from mxmock and does only the minimum each route needs,
// so its figures are what the machine, the runtime and net/http allow before any mock logic runs.
// For POST /user that minimum is reading the body and decoding its JSON: a server that answered
// without reading what was sent would measure less than any real one could do.
//
//	ceiling --addr 127.0.0.1:18081 --capture bench/.tools/run/capture
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// answer is one fixed response.
type answer struct {
	status int
	length string
	body   []byte
}

func load(dir, name string, status int) (answer, error) {
	body, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return answer{}, err
	}
	return answer{status: status, length: strconv.Itoa(len(body)), body: body}, nil
}

// write sends the answer with header values of its own, as mxmock does: an answer never shares
// a slice another answer could change.
func (a answer) write(w http.ResponseWriter) {
	values := []string{"application/json", a.length}
	h := w.Header()
	h["Content-Type"] = values[0:1:1]
	h["Content-Length"] = values[1:2:2]
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// newUser is what POST /user sends: the least a server must read before it can answer.
type newUser struct {
	ExternalUserGUID string `json:"external_user_guid"`
	Email            string `json:"email"`
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Phone            string `json:"phone"`
	ZipCode          string `json:"zip_code"`
	Sex              string `json:"sex"`
}

// readUser reads and decodes a POST /user body; false when it is not a JSON object.
func readUser(r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var u newUser
	return err == nil && json.Unmarshal(body, &u) == nil
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
	missing := answer{status: 404, length: "2", body: []byte("{}")}
	bad := answer{status: 400, length: "2", body: []byte("{}")}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A prefix test and a compare: no router, no query parsing; a POST body is read and decoded.
		id, isUser := strings.CutPrefix(r.URL.Path, "/user/")
		switch {
		case r.Method == http.MethodGet && isUser && id == *unknown:
			u1.write(w)
		case r.Method == http.MethodGet && isUser:
			get.write(w)
		case r.Method == http.MethodPost && r.URL.Path == "/user" && readUser(r):
			post.write(w)
		case r.Method == http.MethodPost && r.URL.Path == "/user":
			bad.write(w)
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
