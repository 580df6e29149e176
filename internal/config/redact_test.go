package config

import (
	"strings"
	"testing"
)

func TestRedactor(t *testing.T) {
	const key = "secret"
	tests := []struct {
		name, key, in, want string
	}{
		{"k first in query", key, "/user?k=secret&c=CLT-1", "/user?k=REDACTED&c=CLT-1"},
		{"k last in query", key, "/user?c=x&k=secret", "/user?c=x&k=REDACTED"},
		{"k with a wrong key", key, "GET https://h/user/USR-1?c=x&k=typo-key&z=1", "GET https://h/user/USR-1?c=x&k=REDACTED&z=1"},
		{"key elsewhere in text", key, `api key "secret" rejected; body={"k":"secret"}`, `api key "REDACTED" rejected; body={"k":"REDACTED"}`},
		{"k ends at whitespace", key, "url=/user?k=abc def", "url=/user?k=REDACTED def"},
		{"k ends at quotes", key, `"/user?k=abc" '/m?k=xyz' ` + "`?k=q`", `"/user?k=REDACTED" '/m?k=REDACTED' ` + "`?k=REDACTED`"},
		{"k at start", key, "k=abc&c=1", "k=REDACTED&c=1"},
		{"empty k value", key, "/user?k=&c=1", "/user?k=REDACTED&c=1"},
		{"k in JSON with escaped ampersand", key, `"/user?c=1\u0026k=abc\u0026z=2"`, `"/user?c=1\u0026k=REDACTED\u0026z=2"`},
		{"other names ending in k untouched", key, "/user?bk=1&kk=2&k2=3 look=4", "/user?bk=1&kk=2&k2=3 look=4"},
		{"several", key, "a?k=1&k=2 b?k=3", "a?k=REDACTED&k=REDACTED b?k=REDACTED"},
		{"nothing to redact", key, "GET /user/USR-1 -> 404", "GET /user/USR-1 -> 404"},
		{"empty key: query rule only", "", "/user?k=abc&c=1 and secret", "/user?k=REDACTED&c=1 and secret"},
		{"empty key: nothing", "", "plain text", "plain text"},
		{"empty string", key, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Defaults()
			c.APIKey = tc.key
			if got := c.Redactor().Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}

	t.Run("nil and zero redactors apply the query rule", func(t *testing.T) {
		var nilR *Redactor
		if got := nilR.Redact("?k=x"); got != "?k=REDACTED" {
			t.Errorf("nil: %q", got)
		}
		if got := (&Redactor{}).Redact("?k=x secret"); got != "?k=REDACTED secret" {
			t.Errorf("zero: %q", got)
		}
	})
	t.Run("longer secret first", func(t *testing.T) {
		r := NewRedactor("tok", "tok-long")
		if got := r.Redact("a tok-long b tok"); got != "a REDACTED b REDACTED" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("mock control token", func(t *testing.T) {
		c := Defaults()
		c.MockControlToken = "ctl-token"
		if got := c.Redactor().Redact("X-Token: ctl-token"); got != "X-Token: REDACTED" {
			t.Errorf("got %q", got)
		}
	})
}

// A user's login token signs that person into MoneyDesktop: it is redacted like the key, in the
// field that carries it, in widget URLs, and wherever else it appears once the redactor saw it.
func TestLoginTokensAreRedacted(t *testing.T) {
	r := NewRedactor("the-key")
	user := `{"guid":"USR-1","login_token":"cQQ380Ocyc049z6eRg--tz","master_widget_url":"https://widgets.example/master?login_token=cQQ380Ocyc049z6eRg--tz&x=1","other_url":"https://w.example/a?sig=0123456789abcdef"}`
	if got := r.Redact(user); strings.Contains(got, "cQQ380Ocyc049z6eRg--tz") {
		t.Errorf("the token survives the field and parameter rules: %s", got)
	}
	r.Learn([]byte(user))
	for _, text := range []string{
		"body: token cQQ380Ocyc049z6eRg--tz in prose",
		"a widget: https://w.example/a?sig=0123456789abcdef",
	} {
		if got := r.Redact(text); strings.Contains(got, "cQQ380Ocyc049z6eRg--tz") || strings.Contains(got, "0123456789abcdef") {
			t.Errorf("Redact(%q) = %q", text, got)
		}
	}
	r.Learn([]byte(`{"login_token":"short"}`))
	if got := r.Redact("a short word"); got != "a short word" {
		t.Errorf("a short value was learned: %q", got)
	}
}
