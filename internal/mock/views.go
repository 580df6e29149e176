package mock

import (
	"strconv"
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

// userSize is about the length of a user answer, so its buffer is allocated once.
const userSize = 1536

// userLayout is which of MX's samples an answer copies.
type userLayout int

const (
	createdLayout userLayout = iota // Create User: birthday, no last_login
	readLayout                      // Read User: birthday, last_login after zip_code
	updatedLayout                   // Update User: age instead of birthday, no last_login
)

// createdBody is the answer to the create that stored u.
func (u *user) createdBody() []byte { return u.render(createdLayout, userStatus(u.status)) }

// readBodyLocked is the read answer, rendered after a change and kept; the caller holds the
// store's lock.
func (u *user) readBodyLocked() []byte {
	if u.view == nil {
		u.view = u.render(readLayout, userStatus(u.status))
	}
	return u.view
}

// updatedBody is the update answer.
func (u *user) updatedBody() []byte { return u.render(updatedLayout, updatedStatus) }

// render writes the user object in a layout, key by key in MX's order. It is the one answer
// written without encoding/json: every create renders it while holding the store's lock, and
// encoding/json's reflection was most of POST /user's cost. views_test.go holds it to
// encoding/json's output for the same values, byte for byte.
func (u *user) render(layout userLayout, status statusJSON) []byte {
	var ext opt[string]
	if u.ext != "" {
		ext = some(u.ext)
	}
	o := object{b: append(make([]byte, 0, userSize), '{')}
	o.str("guid", u.guid)
	o.optStr("external_guid", ext)
	o.optStr("external_user_guid", ext)
	o.str("client_guid", u.client.guid)
	o.optStr("email", u.email)
	o.str("login_token", u.loginToken)
	o.optStr("first_name", u.firstName)
	o.optStr("last_name", u.lastName)
	o.optStr("phone", u.phone)
	if layout == updatedLayout {
		o.optInt("age", age(u.birthday, time.Now()))
	} else {
		o.optStr("birthday", u.birthday)
	}
	o.optInt("sex", u.sex)
	o.optInt("credit_score", u.creditScore)
	o.key("zip_code")
	o.b = appendZip(o.b, u.zip)
	if layout == readLayout {
		o.raw("last_login", nil) // nobody logs in to the mock
	}
	for i, name := range widgetNames {
		o.key(widgetKeys[i])
		o.b = append(o.b, `"https://widgets.mxmock.test/`...)
		o.b = append(o.b, name...)
		o.b = append(o.b, "?login_token="...)
		o.b = append(o.b, u.loginToken...) // URL-safe base64: nothing to escape
		o.b = append(o.b, '"')
	}
	o.key("status")
	o.b = append(o.b, `{"status":`...)
	o.b = strconv.AppendInt(o.b, int64(status.Status), 10)
	o.b = append(o.b, `,"name":`...)
	o.b = appendJSONString(o.b, status.Name)
	o.b = append(o.b, `,"message":`...)
	o.b = appendJSONString(o.b, status.Message)
	o.b = append(o.b, '}')
	return o.end()
}

// widgetNames are the seven widget URLs' names, in MX's order, and widgetKeys their keys.
var (
	widgetNames = [7]string{"master", "accounts", "budgets", "debts", "net_worth", "spending", "transactions"}
	widgetKeys  = [7]string{"master_widget_url", "accounts_widget_url", "budgets_widget_url", "debts_widget_url",
		"net_worth_widget_url", "spending_widget_url", "transactions_widget_url"}
)

// object appends a JSON object's members, in the order written, to b (which starts with "{").
type object struct{ b []byte }

func (o *object) key(k string) {
	if len(o.b) > 1 {
		o.b = append(o.b, ',')
	}
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, `":`...)
}

func (o *object) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *object) optStr(k string, v opt[string]) {
	if !v.set {
		o.raw(k, nil)
		return
	}
	o.str(k, v.v)
}

func (o *object) optInt(k string, v opt[int]) {
	o.key(k)
	if !v.set {
		o.b = append(o.b, "null"...)
		return
	}
	o.b = strconv.AppendInt(o.b, int64(v.v), 10)
}

// raw writes an encoded value; nil is null.
func (o *object) raw(k string, v []byte) {
	o.key(k)
	if v == nil {
		v = []byte("null")
	}
	o.b = append(o.b, v...)
}

func (o *object) end() []byte { return append(o.b, '}') }

// age is the user's age in whole years on the given day, from the birthdate sent (YYYY-MM-DD);
// not set when no birthdate is known. MX's Update sample shows age where the others show birthday.
func age(birthdate opt[string], now time.Time) opt[int] {
	if !birthdate.set {
		return opt[int]{}
	}
	born, err := time.Parse(time.DateOnly, birthdate.v)
	if err != nil {
		return opt[int]{} // never: the date was checked when it came in
	}
	now = now.UTC()
	years := now.Year() - born.Year()
	if now.Month() < born.Month() || (now.Month() == born.Month() && now.Day() < born.Day()) {
		years-- // no birthday yet this year
	}
	return some(years)
}

// appendZip copies MX's quirk: a 5-digit US zip comes back as a JSON number, other codes as
// strings; null when there is none.
func appendZip(b []byte, zip opt[string]) []byte {
	switch {
	case !zip.set:
		return append(b, "null"...)
	case matchShape(zip.v, "nnnnn"):
		n, _ := strconv.Atoi(zip.v) // 01234 comes back as 1234
		return strconv.AppendInt(b, int64(n), 10)
	}
	return appendJSONString(b, zip.v)
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
