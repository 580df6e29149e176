package mock

import (
	"net/http"
	"testing"
)

func TestAccountDelete(t *testing.T) {
	seed := []Account{
		{Member: "m-1", AccountID: "ACC-ext"},                // seeded by external member guid
		{Member: "M-LITERAL", AccountID: "ACC-lit"},          // a member the mock never created
		{Client: clientB, Member: "m-1", AccountID: "ACC-b"}, // client B only
		{Client: clientA, Member: "m-1", AccountID: "ACC-a"},
		{Member: "m-1", AccountID: "ACC-twice"},
		{Member: "m-1", AccountID: "ACC-twice"},
	}
	s := newServer(t, func(c *Config) { c.Accounts = seed })
	createUser(t, s, `{"external_user_guid":"owner"}`)
	mbr := createMember(t, s, memberBody("owner", "m-1"))

	a1 := func(account, member string) string {
		return `{"error":"Could not find account with id ` + account + ` and member id ` + member + `"}`
	}
	tests := []struct {
		name, target string
		status       int
		want         string // error body; "" = 204
	}{
		{"by the member's MX guid", "/member/" + mbr + "/account/ACC-ext" + auth, 204, ""},
		{"already deleted", "/member/" + mbr + "/account/ACC-ext" + auth, 400, a1("ACC-ext", mbr)},
		{"literal member string", "/member/M-LITERAL/account/ACC-lit" + auth, 204, ""},
		{"unknown account", "/member/m-1/account/ACC-none" + auth, 400, a1("ACC-none", "m-1")},
		{"unknown member", "/member/ghost/account/ACC-a" + auth, 400, a1("ACC-a", "ghost")},
		{"account of another client", "/member/m-1/account/ACC-b" + auth, 400, a1("ACC-b", "m-1")},
		{"account of this client", "/member/m-1/account/ACC-a" + auth, 204, ""},
		{"duplicates go together", "/member/m-1/account/ACC-twice" + auth, 204, ""},
		{"duplicates are gone", "/member/m-1/account/ACC-twice" + auth, 400, a1("ACC-twice", "m-1")},
	}
	for _, tt := range tests {
		got := do(t, s, "DELETE", tt.target, "")
		if tt.want == "" {
			wantNoContent(t, tt.name, got)
		} else {
			wantError(t, tt.name, got, tt.status, tt.want)
		}
	}
	// Reset brings the seed back.
	wantNoContent(t, "reset", do(t, s, "POST", "/_mxmock/reset", ""))
	wantNoContent(t, "seed account after reset", do(t, s, "DELETE", "/member/M-LITERAL/account/ACC-lit"+auth, ""))
}

func TestAccountsAddedByControlAPIAndRemovedWithTheirMember(t *testing.T) {
	s := newServer(t)
	createUser(t, s, `{"external_user_guid":"owner"}`)
	mbr := createMember(t, s, memberBody("owner", "m-1"))
	got := do(t, s, "POST", "/_mxmock/accounts",
		`{"accounts":[{"client":"","member":"m-1","account_id":"ACC-1"},{"client":"`+clientA+`","member":"`+mbr+`","account_id":"ACC-2"},{"member":"m-1","account_id":"ACC-3"}]}`)
	if got.Status != http.StatusCreated || got.Body != `{"added":3}` {
		t.Fatalf("POST /_mxmock/accounts = %d %s", got.Status, got.Body)
	}
	wantNoContent(t, "DELETE ACC-1", do(t, s, "DELETE", "/member/m-1/account/ACC-1"+auth, ""))
	if _, _, n := s.store.counts(); n != 2 {
		t.Fatalf("%d accounts left, want 2", n)
	}
	wantNoContent(t, "DELETE the member", do(t, s, "DELETE", "/member/m-1"+auth, ""))
	if _, _, n := s.store.counts(); n != 0 {
		t.Errorf("%d accounts left after deleting their member, want 0", n)
	}

	// Deleting the user deletes its members' accounts too.
	createMember(t, s, memberBody("owner", "m-2"))
	do(t, s, "POST", "/_mxmock/accounts", `{"accounts":[{"member":"m-2","account_id":"ACC-4"}]}`)
	wantNoContent(t, "DELETE the user", do(t, s, "DELETE", "/user/owner"+auth, ""))
	if _, _, n := s.store.counts(); n != 0 {
		t.Errorf("%d accounts left after deleting the user, want 0", n)
	}
}
