package mock

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestSameGuidsUnderContention sends creates, reads, updates and deletes of users and members,
// and resets, on the same few external guids from many goroutines at once. Under -race it fails
// on any unsynchronised access (a create that reads the user's body after the store's lock was
// released, while an update of the same guid rewrites it, did); without -race it still checks
// that every answer is one the route can give and that the store's count stays true.
func TestSameGuidsUnderContention(t *testing.T) {
	s := newServer(t)
	const (
		workers = 8
		rounds  = 150
		guids   = 3
	)
	ok := map[string][]int{ // what each request may answer while the others run
		"create user":   {http.StatusOK, http.StatusBadRequest}, // U3 when another worker was first
		"read user":     {http.StatusOK, http.StatusBadRequest},
		"update user":   {http.StatusOK, http.StatusBadRequest},
		"delete user":   {http.StatusNoContent, http.StatusBadRequest},
		"create member": {http.StatusOK, http.StatusBadRequest},
		"read member":   {http.StatusOK, http.StatusInternalServerError},
		"update member": {http.StatusOK, http.StatusInternalServerError},
		"delete member": {http.StatusNoContent, http.StatusBadRequest},
		"reset":         {http.StatusNoContent},
	}
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds)
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				u := fmt.Sprintf("race-u%d", (w+i)%guids)
				m := "m-" + u
				steps := []struct{ name, method, path, body string }{
					{"create user", "POST", "/user", `{"external_user_guid":"` + u + `","birthdate":"1990-01-02"}`},
					{"update user", "PUT", "/user/" + u, `{"status":"DISABLED","first_name":"W` + fmt.Sprint(w) + `"}`},
					{"read user", "GET", "/user/" + u, ""},
					{"create member", "POST", "/member", memberBody(u, m)},
					{"update member", "PUT", "/member/" + m, `{"name":"Bank ` + fmt.Sprint(w) + `"}`},
					{"read member", "GET", "/member/" + m, ""},
				}
				switch i % 10 {
				case 3:
					steps = append(steps, struct{ name, method, path, body string }{"delete member", "DELETE", "/member/" + m, ""})
				case 6:
					steps = append(steps, struct{ name, method, path, body string }{"delete user", "DELETE", "/user/" + u, ""})
				case 9:
					steps = append(steps, struct{ name, method, path, body string }{"reset", "POST", "/_mxmock/reset", ""})
				}
				for _, st := range steps {
					target := st.path
					if st.name != "reset" {
						target += auth
					}
					got := do(t, s, st.method, target, st.body)
					if !contains(ok[st.name], got.Status) {
						errs <- fmt.Sprintf("%s %s: %d %s", st.method, st.path, got.Status, got.Body)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if u, m, _ := s.store.counts(); u+m != s.store.objects {
		t.Errorf("the store counts %d objects but holds %d users and %d members", s.store.objects, u, m)
	}
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
