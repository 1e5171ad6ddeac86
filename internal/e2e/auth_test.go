package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
)

// checkRefusals checks that without the token the server serves nothing: the HTTP API answers
// 403 or redirects to the login page, and a browser that opens a lesson sees the login page.
func checkRefusals(t *testing.T, srv *server, b *rod.Browser, notebook string) {
	client := &http.Client{
		Timeout: 10 * time.Second,
		// A redirect to the login page is a refusal: look at it instead of following it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	do := func(method, path, token string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "token "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, resp.Header.Get("Location")
	}

	// The token opens the API; so the refusals below are for want of it, not for another reason.
	if code, _ := do(http.MethodGet, "/api/contents", srv.token); code != http.StatusOK {
		t.Fatalf("GET /api/contents with the token: status %d, want 200", code)
	}
	nbPath := "/notebooks/" + url.PathEscape(notebook)
	for _, r := range []struct{ method, path, token string }{
		{http.MethodGet, "/tree", ""},
		{http.MethodGet, nbPath, ""},
		{http.MethodGet, "/api/contents", ""},
		{http.MethodGet, "/api/contents/" + url.PathEscape(notebook), ""},
		{http.MethodGet, "/api/kernels", ""},
		{http.MethodPost, "/api/kernels", ""},
		{http.MethodGet, "/api/sessions", ""},
		{http.MethodGet, "/api/contents", "wrong" + srv.token},
	} {
		code, location := do(r.method, r.path, r.token)
		refused := code == http.StatusForbidden ||
			(code >= 300 && code < 400 && strings.Contains(location, "/login"))
		if !refused {
			what := "without the token"
			if r.token != "" {
				what = "with a wrong token"
			}
			t.Errorf("%s %s %s: status %d (Location %q), want 403 or a redirect to the login page",
				r.method, r.path, what, code, location)
		}
	}

	// A browser of its own (no cookie from the other tabs) lands on the login page.
	incognito, err := b.Incognito()
	if err != nil {
		t.Fatalf("opening a private browser context: %v", err)
	}
	p := newPage(t, incognito)
	navigate(t, p, srv.base+nbPath)
	var got struct {
		Path     string `json:"path"`
		Login    bool   `json:"login"`
		Notebook bool   `json:"notebook"`
	}
	evalJSON(t, p, &got, `() => JSON.stringify({
		path: location.pathname,
		login: document.querySelector('#password_input') !== null,
		notebook: document.querySelector('#notebook-container') !== null,
	})`)
	if got.Path != "/login" || !got.Login || got.Notebook {
		t.Errorf("opening %s without the token: the page is %s with a password field %t and a notebook %t; want the login page and no notebook",
			nbPath, got.Path, got.Login, got.Notebook)
	}
}

// checkTokenHidden makes the server log a failed request whose address, and another whose
// referer, carries the token, and checks that the log shows neither with the token in clear.
func checkTokenHidden(t *testing.T, srv *server) {
	for _, r := range []struct{ path, referer string }{
		{"/api/contents/no-such-lesson.ipynb?token=" + srv.token, ""},
		{"/no-such-page", srv.url},
	} {
		req, err := http.NewRequest(http.MethodGet, srv.base+r.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.referer != "" {
			req.Header.Set("Referer", r.referer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", srv.masked(r.path), err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", srv.masked(r.path), resp.StatusCode)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		log := srv.log.String()
		if strings.Contains(log, "no-such-lesson") && strings.Contains(log, "no-such-page") {
			if lines := linesWith(log, srv.token); strings.Contains(lines, "no-such-") {
				t.Errorf("the server's log shows the token of a failed request:\n%s", srv.masked(lines))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not log the failed requests within 10 s; its log:\n%s", srv.masked(log))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkDefaultKernel checks what a learner who makes a notebook of their own gets: the notebook
// list's New menu names the Go kernel first, and a kernel started without a name (what a new
// notebook without kernel metadata, or any API client, gets) is the Go kernel.
func checkDefaultKernel(t *testing.T, srv *server, b *rod.Browser) {
	p := newPage(t, b)
	navigate(t, p, srv.base+"/tree?token="+srv.token)
	waitFor(t, p, 30*time.Second, "the New menu to list the kernels",
		`() => document.querySelectorAll('#new-menu li[id^="kernel-"]').length > 0`)
	var menu []string
	evalJSON(t, p, &menu, `() => JSON.stringify(Array.from(document.querySelectorAll('#new-menu li[id^="kernel-"]')).map(li => li.id + ": " + li.innerText.trim()))`)
	if len(menu) == 0 || !strings.HasPrefix(menu[0], "kernel-gonb:") {
		t.Errorf("the New menu lists %q; want the Go kernel (kernel-gonb) first", menu)
	}

	req, err := http.NewRequest(http.MethodPost, srv.base+"/api/kernels", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+srv.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /api/kernels: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var k struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &k) != nil {
		t.Fatalf("POST /api/kernels with {}: status %d, body %.200s; want 201 and a kernel", resp.StatusCode, body)
	}
	if k.Name != "gonb" {
		t.Errorf("POST /api/kernels with {}: kernel %q, want gonb (the Go kernel)", k.Name)
	}
	del, _ := http.NewRequest(http.MethodDelete, srv.base+"/api/kernels/"+k.ID, nil)
	del.Header.Set("Authorization", "token "+srv.token)
	if resp, err := http.DefaultClient.Do(del); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE /api/kernels/%s: %v %v", k.ID, err, resp)
	} else {
		resp.Body.Close()
	}
}
