package nbtest_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNotebookServer starts the server exactly as 'make notebook' does, on a free port, and checks
// that the printed URL (with its token) opens the notebook list while requests without the token
// are refused. Then it stops the server with SIGTERM, as the printed instructions say.
func TestNotebookServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a notebook server; skipped under -short")
	}
	requireJupyter(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "notebook.sh"))
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "JUPYTER_TOKEN=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
		done <- cmd.Wait()
	}()
	defer stopServer(t, cmd, done)

	// The script prints the address with its token before it starts the server.
	urlRe := regexp.MustCompile(`descent lessons: (http://\S+/tree\?token=([0-9a-f]+))`)
	var treeURL, token string
	var log strings.Builder
	deadline := time.After(2 * time.Minute)
	for treeURL == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("notebook.sh ended before printing its URL:\n%s", log.String())
			}
			log.WriteString(l + "\n")
			if m := urlRe.FindStringSubmatch(l); m != nil {
				treeURL, token = m[1], m[2]
			}
		case <-deadline:
			t.Fatalf("no URL printed within 2 minutes:\n%s", log.String())
		}
	}
	if len(token) < 32 {
		t.Errorf("token %q is too short to be safe", token)
	}
	go func() { // keep draining the server's log
		for range lines {
		}
	}()

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{
		Timeout: 10 * time.Second,
		// Look at redirects instead of following them: a redirect to the login page is a refusal.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	waitUntilListening(t, client, base+"/api")

	if code, _ := get(t, client, treeURL); code != http.StatusOK {
		t.Errorf("GET the printed URL: status %d, want 200", code)
	}
	code, body := get(t, client, base+"/api/contents?token="+url.QueryEscape(token))
	if code != http.StatusOK || !strings.Contains(body, "01-gradient-descent-and-optimization.ipynb") {
		t.Errorf("GET /api/contents with the token: status %d, want 200 listing notebook 01; body %.200s", code, body)
	}
	for _, path := range []string{"/tree", "/api/contents", "/notebooks/01-gradient-descent-and-optimization.ipynb"} {
		code, _ := get(t, client, base+path)
		if code == http.StatusOK {
			t.Errorf("GET %s without the token: status 200, want a refusal (403 or a redirect to the login page)", path)
		}
		if code != http.StatusForbidden && (code < 300 || code > 399) {
			t.Errorf("GET %s without the token: status %d, want 403 or a redirect", path, code)
		}
	}
	if code, _ := get(t, client, base+"/api/contents?token=wrong"+token); code != http.StatusForbidden {
		t.Errorf("GET /api/contents with a wrong token: status %d, want 403", code)
	}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func waitUntilListening(t *testing.T, c *http.Client, u string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := c.Get(u); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the notebook server did not answer at %s within a minute", u)
}

// stopServer sends SIGTERM, as the printed instructions say, and waits for a clean exit.
func stopServer(t *testing.T, cmd *exec.Cmd, done <-chan error) {
	t.Helper()
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Error("the notebook server did not stop within 30 s of SIGTERM")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
