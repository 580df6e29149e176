package mock

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The bodies MX answers, with MX's key order and its quirks. Each route's answer copies the
// sample MX prints for it (reference §3):
//
//   - Create User: guid ... phone, birthday, sex, credit_score, zip_code, the seven widget URLs,
//     status (MX's sample is cut after debts_widget_url; the rest follows the Update sample's
//     27 lines).
//   - Read User: the same with last_login after zip_code (always null: no one logs in to the mock).
//   - Update User: age where the others have birthday, no last_login, and MX's status
//     {2, "User update succeeded"} whatever the request set.
//
// The read answer is rendered once per change and kept, so most reads do no encoding.

// userStatus is the status object of a user as created and read: MX's ENABLED sample, or the
// mock's own DISABLED twin (MX shows none).
func userStatus(status opt[string]) statusJSON {
	if status.v == "DISABLED" {
		return statusJSON{Status: 0, Name: "DISABLED"}
	}
	return statusJSON{Status: 1, Name: "ENABLED"}
}

// updatedStatus is MX's Update User sample's status object.
var updatedStatus = statusJSON{Status: 2, Name: "User update succeeded"}

type statusJSON struct {
	Status  int    `json:"status"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// userHead and userWidgets are the parts every user answer shares, in MX's order; the layouts
// below put their own fields between them.
type userHead struct {
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

type userWidgets struct {
	MasterWidgetURL       string     `json:"master_widget_url"`
	AccountsWidgetURL     string     `json:"accounts_widget_url"`
	BudgetsWidgetURL      string     `json:"budgets_widget_url"`
	DebtsWidgetURL        string     `json:"debts_widget_url"`
	NetWorthWidgetURL     string     `json:"net_worth_widget_url"`
	SpendingWidgetURL     string     `json:"spending_widget_url"`
	TransactionsWidgetURL string     `json:"transactions_widget_url"`
	Status                statusJSON `json:"status"`
}

// userCreated is the Create User answer.
type userCreated struct {
	userHead
	Birthday    *string         `json:"birthday"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	userWidgets
}

// userRead is the Read User answer.
type userRead struct {
	userHead
	Birthday    *string         `json:"birthday"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	LastLogin   *string         `json:"last_login"`
	userWidgets
}

// userUpdated is the Update User answer.
type userUpdated struct {
	userHead
	Age         *int            `json:"age"`
	Sex         *int            `json:"sex"`
	CreditScore *int            `json:"credit_score"`
	ZipCode     json.RawMessage `json:"zip_code"`
	userWidgets
}

// userSize is about the length of a user answer, so its buffer is allocated once.
const userSize = 1536

// createdBody is the answer to the create that stored u.
func (u *user) createdBody() []byte {
	return marshal(userCreated{
		userHead: u.head(), Birthday: u.birthday.ptr(), Sex: u.sex.ptr(), CreditScore: u.creditScore.ptr(),
		ZipCode: zipValue(u.zip), userWidgets: u.widgets(userStatus(u.status)),
	}, userSize)
}

// readBodyLocked is the read answer, rendered after a change and kept; the caller holds the
// store's lock.
func (u *user) readBodyLocked() []byte {
	if u.view == nil {
		u.view = marshal(userRead{
			userHead: u.head(), Birthday: u.birthday.ptr(), Sex: u.sex.ptr(), CreditScore: u.creditScore.ptr(),
			ZipCode: zipValue(u.zip), userWidgets: u.widgets(userStatus(u.status)),
		}, userSize)
	}
	return u.view
}

// updatedBody is the update answer.
func (u *user) updatedBody() []byte {
	return marshal(userUpdated{
		userHead: u.head(), Age: age(u.birthday, time.Now()), Sex: u.sex.ptr(), CreditScore: u.creditScore.ptr(),
		ZipCode: zipValue(u.zip), userWidgets: u.widgets(updatedStatus),
	}, userSize)
}

func (u *user) head() userHead {
	var ext *string
	if u.ext != "" {
		ext = &u.ext
	}
	return userHead{
		GUID: u.guid, ExternalGUID: ext, ExternalUserGUID: ext, ClientGUID: u.client.guid,
		Email: u.email.ptr(), LoginToken: u.loginToken, FirstName: u.firstName.ptr(), LastName: u.lastName.ptr(),
		Phone: u.phone.ptr(),
	}
}

// widgetNames are the seven widget URLs' names, in MX's order.
var widgetNames = [7]string{"master", "accounts", "budgets", "debts", "net_worth", "spending", "transactions"}

// widgets is the URLs and the status object. The seven URLs are cut from one string, one
// allocation instead of seven.
func (u *user) widgets(status statusJSON) userWidgets {
	const prefix, query = "https://widgets.mxmock.test/", "?login_token="
	var b strings.Builder
	b.Grow(len(widgetNames) * (len(prefix) + len("transactions") + len(query) + len(u.loginToken)))
	var end [len(widgetNames)]int
	for i, name := range widgetNames {
		b.WriteString(prefix)
		b.WriteString(name)
		b.WriteString(query)
		b.WriteString(u.loginToken)
		end[i] = b.Len()
	}
	all := b.String()
	url := func(i int) string {
		if i == 0 {
			return all[:end[0]]
		}
		return all[end[i-1]:end[i]]
	}
	return userWidgets{
		MasterWidgetURL: url(0), AccountsWidgetURL: url(1), BudgetsWidgetURL: url(2), DebtsWidgetURL: url(3),
		NetWorthWidgetURL: url(4), SpendingWidgetURL: url(5), TransactionsWidgetURL: url(6), Status: status,
	}
}

// age is the user's age in whole years on the given day, from the birthdate sent (YYYY-MM-DD);
// nil when no birthdate is known. MX's Update sample shows age where the others show birthday.
func age(birthdate opt[string], now time.Time) *int {
	if !birthdate.set {
		return nil
	}
	born, err := time.Parse(time.DateOnly, birthdate.v)
	if err != nil {
		return nil // never: the date was checked when it came in
	}
	now = now.UTC()
	years := now.Year() - born.Year()
	if now.Month() < born.Month() || (now.Month() == born.Month() && now.Day() < born.Day()) {
		years-- // no birthday yet this year
	}
	return &years
}

// zipValue copies MX's quirk: a 5-digit US zip comes back as a JSON number, other codes as
// strings; nil (null) when there is none.
func zipValue(zip opt[string]) json.RawMessage {
	switch {
	case !zip.set:
		return nil
	case matchShape(zip.v, "nnnnn"):
		n, _ := strconv.Atoi(zip.v) // 01234 comes back as 1234
		return strconv.AppendInt(nil, int64(n), 10)
	}
	return appendJSONString(nil, zip.v)
}

// memberJSON is the member object with MX's key order; status is always MX's ENABLED sample.
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
	}, 256)
}
