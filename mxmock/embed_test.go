package mxmock_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbedFromAnotherModule builds and runs a tiny module of its own (its go.mod replaces this
// module with this checkout) that imports mxmock as another team would: it starts the mock,
// creates a user and reads it back. It needs no network once the module cache holds this
// module's dependencies: GOFLAGS=-mod=mod with this module's go.sum copied in.
func TestEmbedFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/embedder\n\ngo 1.26\n\n"+
		"require github.com/mxcontract/mxcontract v0.0.0\n\n"+
		"replace github.com/mxcontract/mxcontract => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("main.go", `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/mxcontract/mxcontract/mxmock"
)

func main() {
	m, err := mxmock.Start(mxmock.Config{APIKey: "team-key", Clients: []mxmock.Client{{GUID: "CLT-team"}}})
	if err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	defer m.Close()
	q := "?k=team-key&c=CLT-team"
	resp, err := http.Post(m.URL+"/user"+q, "application/json", strings.NewReader(`+"`"+`{"external_user_guid":"team-user-1"}`+"`"+`))
	if err != nil || resp.StatusCode != 200 {
		fmt.Println("create:", err, resp)
		os.Exit(1)
	}
	resp.Body.Close()
	resp, err = http.Get(m.URL + "/user/team-user-1" + q)
	if err != nil {
		fmt.Println("read:", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var u struct {
		GUID     string `+"`json:\"guid\"`"+`
		External string `+"`json:\"external_user_guid\"`"+`
	}
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
		fmt.Println("decode:", err)
		os.Exit(1)
	}
	fmt.Println(resp.StatusCode, strings.HasPrefix(u.GUID, "USR-"), u.External)
}
`)
	cmd := exec.Command(goBin, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run in a separate module: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "200 true team-user-1" {
		t.Errorf("the embedding module printed %q, want %q", got, "200 true team-user-1")
	}
}
