package mock

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// The oracle: each layout as a struct that encoding/json writes in MX's key order. render must
// give the same bytes for the same user.

type oracleHead struct {
	GUID             string  `json:"guid"`
	ExternalGUID     *string `json:"external_guid"`
	ExternalUserGUID *string `json:"external_user_guid"`
	ClientGUID       string  `json:"client_guid"`
	Email            *string `json:"email"`
	LoginToken       string  `json:"login_token"`
	FirstName        *string `json:"first_name"`
	LastName         *string `json:"last_name"`
	Phone            *string `json:"phone"`
}

type oracleWidgets struct {
	MasterWidgetURL       string     `json:"master_widget_url"`
	AccountsWidgetURL     string     `json:"accounts_widget_url"`
	BudgetsWidgetURL      string     `json:"budgets_widget_url"`
	DebtsWidgetURL        string     `json:"debts_widget_url"`
	NetWorthWidgetURL     string     `json:"net_worth_widget_url"`
	SpendingWidgetURL     string     `json:"spending_widget_url"`
	TransactionsWidgetURL string     `json:"transactions_widget_url"`
	Status                statusJSON `json:"status"`
}

type oracleCreated struct {
	oracleHead
	Birthday    *string         `json:"birthday"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	oracleWidgets
}

type oracleRead struct {
	oracleHead
	Birthday    *string         `json:"birthday"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	LastLogin   *string         `json:"last_login"`
	oracleWidgets
}

type oracleUpdated struct {
	oracleHead
	Age         *int            `json:"age"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	oracleWidgets
}

// oracle encodes u in a layout with encoding/json.
func oracle(u *user, layout userLayout) []byte {
	var ext *string
	if u.ext != "" {
		ext = &u.ext
	}
	head := oracleHead{GUID: u.guid, ExternalGUID: ext, ExternalUserGUID: ext, ClientGUID: u.client.guid,
		Email: u.email.ptr(), LoginToken: u.loginToken, FirstName: u.firstName.ptr(), LastName: u.lastName.ptr(), Phone: u.phone.ptr()}
	url := func(w string) string { return "https://widgets.mxmock.test/" + w + "?login_token=" + u.loginToken }
	widgets := oracleWidgets{url("master"), url("accounts"), url("budgets"), url("debts"), url("net_worth"),
		url("spending"), url("transactions"), userStatus(u.status)}
	zip := json.RawMessage(appendZip(nil, u.zip))
	switch layout {
	case readLayout:
		return marshal(oracleRead{head, u.birthday.ptr(), u.sex.ptr(), u.creditScore.ptr(), zip, nil, widgets}, 0)
	case updatedLayout:
		widgets.Status = updatedStatus
		a := age(u.birthday, time.Now())
		return marshal(oracleUpdated{head, a.ptr(), u.sex.ptr(), u.creditScore.ptr(), zip, widgets}, 0)
	}
	return marshal(oracleCreated{head, u.birthday.ptr(), u.sex.ptr(), u.creditScore.ptr(), zip, widgets}, 0)
}

// FuzzUserAnswersMatchEncodingJSON feeds render values of every kind a user can hold (HTML,
// quotes, control characters, invalid UTF-8, U+2028) and requires encoding/json's bytes.
func FuzzUserAnswersMatchEncodingJSON(f *testing.F) {
	f.Add("GUID-1234", "richard@email.com", "Richard", "Montague", "8015551234", "12345", "1990-06-15", 0, 790, uint8(0xff))
	f.Add("", "<a&b>", "\"quoted\"\\", "tab\there", "\u2028\u2029", "K1A 0B1", "2000-02-29", 1, -5, uint8(0x55))
	f.Add("ext\x00\x1f", "\xff\xfe", "é漢字", "", "", "01234", "", 1, 0, uint8(0))
	ci := &clientInfo{guid: "CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184"}
	f.Fuzz(func(t *testing.T, ext, email, first, last, phone, zip, birthdate string, sex, credit int, set uint8) {
		u := &user{guid: "USR-00dfffb5-62f6-9865-91f4-9d90f0a1b2c3", ext: ext, client: ci, loginToken: newLoginToken()}
		for i, f := range []struct {
			dst *opt[string]
			v   string
		}{{&u.email, email}, {&u.firstName, first}, {&u.lastName, last}, {&u.phone, phone}, {&u.zip, zip}, {&u.status, "DISABLED"}} {
			if set&(1<<i) != 0 {
				*f.dst = some(f.v)
			}
		}
		if _, err := time.Parse(time.DateOnly, birthdate); err == nil && set&(1<<6) != 0 {
			u.birthday = some(birthdate)
		}
		if set&(1<<7) != 0 {
			u.sex, u.creditScore = some(sex), some(credit)
		}
		for _, layout := range []userLayout{createdLayout, readLayout, updatedLayout} {
			status := userStatus(u.status)
			if layout == updatedLayout {
				status = updatedStatus
			}
			if got, want := u.render(layout, status), oracle(u, layout); !bytes.Equal(got, want) {
				t.Fatalf("layout %d:\n got  %s\n want %s", layout, got, want)
			}
		}
	})
}
