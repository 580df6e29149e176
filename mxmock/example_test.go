package mxmock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/mxcontract/mxcontract/mxmock"
	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// query is what every MX request carries: the accessor's key and a client guid.
const query = "?k=" + mxmock.DefaultAPIKey + "&c=" + mxmock.DefaultClientGUID

// send makes one request and prints its status, then the error, or the object's guid prefix and
// external guid (the guids themselves are random).
func send(method, url, body string, header ...string) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var obj map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&obj); err != nil {
		fmt.Println(resp.StatusCode)
		return
	}
	if msg, ok := obj["error"]; ok {
		fmt.Println(resp.StatusCode, msg)
		return
	}
	guid, _ := obj["guid"].(string)
	fmt.Println(resp.StatusCode, guid[:4]+"...", obj["external_user_guid"])
}

func ExampleStart() {
	m, err := mxmock.Start(mxmock.Config{})
	if err != nil {
		panic(err)
	}
	defer m.Close()

	send("POST", m.URL+"/user"+query, `{"external_user_guid":"partner-1","email":"a@b.c"}`)
	send("GET", m.URL+"/user/partner-1"+query, "")
	send("GET", m.URL+"/user/partner-2"+query, "")
	// Output:
	// 200 USR-... partner-1
	// 200 USR-... partner-1
	// 400 User with guid partner-2 not found.
}

// A fault scoped to one test's header value: other tests sharing the mock never see it.
func ExampleMock_AddFault() {
	m, err := mxmock.Start(mxmock.Config{})
	if err != nil {
		panic(err)
	}
	defer m.Close()

	f, err := m.AddFault(mxmock.Fault{Kind: wire.KindMaintenance, Times: 1, Scope: mxmock.FaultScope{Header: "test-1"}})
	if err != nil {
		panic(err)
	}
	fmt.Println("fault", f.ID)
	send("GET", m.URL+"/user/x"+query, "", mxmock.ScopeHeader, "test-2")
	send("GET", m.URL+"/user/x"+query, "", mxmock.ScopeHeader, "test-1")
	send("GET", m.URL+"/user/x"+query, "", mxmock.ScopeHeader, "test-1") // it fired once
	// Output:
	// fault F-1
	// 400 User with guid x not found.
	// 503 Service Temporarily Unavailable.
	// 400 User with guid x not found.
}

func ExampleMock_Reset() {
	m, err := mxmock.Start(mxmock.Config{Accounts: []mxmock.Account{{Member: "M-1", AccountID: "ACC-1"}}})
	if err != nil {
		panic(err)
	}
	defer m.Close()

	send("POST", m.URL+"/user"+query, `{"external_user_guid":"u"}`)
	send("DELETE", m.URL+"/member/M-1/account/ACC-1"+query, "")
	m.Reset() // no users, the seed's accounts back
	send("GET", m.URL+"/user/u"+query, "")
	send("DELETE", m.URL+"/member/M-1/account/ACC-1"+query, "")
	// Output:
	// 200 USR-... u
	// 204
	// 400 User with guid u not found.
	// 204
}

func ExampleMock_AddAccounts() {
	m, err := mxmock.Start(mxmock.Config{})
	if err != nil {
		panic(err)
	}
	defer m.Close()

	if err := m.AddAccounts(mxmock.Account{Member: "M-1", AccountID: "ACC-7"}); err != nil {
		panic(err)
	}
	send("DELETE", m.URL+"/member/M-1/account/ACC-7"+query, "")
	send("DELETE", m.URL+"/member/M-1/account/ACC-7"+query, "")
	// Output:
	// 204
	// 400 Could not find account with id ACC-7 and member id M-1
}
