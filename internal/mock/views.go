package mock

import (
	"encoding/json"
	"strconv"
)

// The bodies MX answers, with MX's key order and its quirks. Each is rendered once per change
// and kept, so reads do no encoding.

// userStatus is the status object of a user as read: MX's ENABLED sample, or its DISABLED twin.
func userStatus(status *string) statusJSON {
	if status != nil && *status == "DISABLED" {
		return statusJSON{Status: 0, Name: "DISABLED"}
	}
	return statusJSON{Status: 1, Name: "ENABLED"}
}

type statusJSON struct {
	Status  int    `json:"status"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// userJSON is the user object with MX's key order.
type userJSON struct {
	GUID                  string     `json:"guid"`
	ExternalGUID          *string    `json:"external_guid"`
	ExternalUserGUID      *string    `json:"external_user_guid"`
	ClientGUID            string     `json:"client_guid"`
	Email                 *string    `json:"email"`
	LoginToken            string     `json:"login_token"`
	FirstName             *string    `json:"first_name"`
	LastName              *string    `json:"last_name"`
	Phone                 *string    `json:"phone"`
	Birthday              *string    `json:"birthday"`
	Sex                   *int       `json:"sex"`
	CreditScore           *int       `json:"credit_score"`
	ZipCode               any        `json:"zip_code"`
	LastLogin             *string    `json:"last_login"`
	MasterWidgetURL       string     `json:"master_widget_url"`
	AccountsWidgetURL     string     `json:"accounts_widget_url"`
	BudgetsWidgetURL      string     `json:"budgets_widget_url"`
	DebtsWidgetURL        string     `json:"debts_widget_url"`
	NetWorthWidgetURL     string     `json:"net_worth_widget_url"`
	SpendingWidgetURL     string     `json:"spending_widget_url"`
	TransactionsWidgetURL string     `json:"transactions_widget_url"`
	Status                statusJSON `json:"status"`
}

// render encodes the user with the given status object.
func (u *user) render(status statusJSON) []byte {
	var ext *string
	if u.ext != "" {
		ext = &u.ext
	}
	url := func(widget string) string {
		return "https://widgets.mxmock.test/" + widget + "?login_token=" + u.loginToken
	}
	return marshal(userJSON{
		GUID: u.guid, ExternalGUID: ext, ExternalUserGUID: ext, ClientGUID: u.client.guid,
		Email: u.email, LoginToken: u.loginToken, FirstName: u.firstName, LastName: u.lastName,
		Phone: u.phone, Birthday: u.birthday, Sex: u.sex, CreditScore: u.creditScore,
		ZipCode: zipValue(u.zip), MasterWidgetURL: url("master"), AccountsWidgetURL: url("accounts"),
		BudgetsWidgetURL: url("budgets"), DebtsWidgetURL: url("debts"), NetWorthWidgetURL: url("net_worth"),
		SpendingWidgetURL: url("spending"), TransactionsWidgetURL: url("transactions"), Status: status,
	})
}

// zipValue copies MX's quirk: a 5-digit US zip comes back as a JSON number, other codes as strings.
func zipValue(zip *string) any {
	if zip == nil {
		return nil
	}
	if matchShape(*zip, "nnnnn") {
		n, _ := strconv.Atoi(*zip)
		return json.Number(strconv.Itoa(n))
	}
	return *zip
}

// memberJSON is the member object with MX's key order.
type memberJSON struct {
	GUID               string     `json:"guid"`
	InstitutionGUID    string     `json:"institution_guid"`
	UserGUID           string     `json:"user_guid"`
	Name               string     `json:"name"`
	Status             statusJSON `json:"status"`
	ExternalMemberGUID *string    `json:"external_member_guid"`
}

func (m *member) render() []byte {
	var ext *string
	if m.ext != "" {
		ext = &m.ext
	}
	return marshal(memberJSON{
		GUID: m.guid, InstitutionGUID: m.institution, UserGUID: m.owner.guid, Name: m.name,
		Status: statusJSON{Status: 1, Name: "ENABLED"}, ExternalMemberGUID: ext,
	})
}

// createdBody is the answer to the create that stored u.
func (u *user) createdBody() []byte { return u.render(userStatus(u.status)) }

// readBodyLocked is the read answer, rendered after a change and kept; the caller holds the
// store's lock.
func (u *user) readBodyLocked() []byte {
	if u.view == nil {
		u.view = u.render(userStatus(u.status))
	}
	return u.view
}

// updatedBody is the update answer: MX's sample answers this status object whatever the
// request set.
func (u *user) updatedBody() []byte {
	return u.render(statusJSON{Status: 2, Name: "User update succeeded"})
}
