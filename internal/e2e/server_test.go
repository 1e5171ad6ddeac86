package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// server is a notebook server started by 'make notebook', as a learner starts it, or by the command
// in DESCENT_E2E_SERVER (scripts/image-test.sh: the image's own start command run in the built image).
type server struct {
	base  string // http://127.0.0.1:PORT
	port  int
	url   string // the address the script prints, token included
	token string
	pid   int // the process id the script says to stop with 'kill -TERM'

	cmd  *exec.Cmd
	log  *syncBuffer // everything 'make notebook' wrote to stdout and stderr
	done chan error  // receives the result of cmd.Wait
}

var (
	urlLine = regexp.MustCompile(`descent lessons: (http://\S+/tree\?token=([0-9a-f]+))`)
	pidLine = regexp.MustCompile(`kill -TERM (\d+)`)
)

// startServer runs 'make notebook' in the repository on a free port, in a process group of its own,
// and waits until the server answers. Nothing of the caller's environment chooses the token or the
// address: the script's defaults are under test. With DESCENT_E2E_SERVER set, that shell command
// starts the server instead, with the port in PORT; it must print what 'make notebook' prints.
func startServer(t *testing.T, root string) *server {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command("make", "-s", "--no-print-directory", "-C", root, "notebook", "PORT="+strconv.Itoa(port))
	cmd.Env = environWithout("JUPYTER_TOKEN", "IP", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
	if c := os.Getenv("DESCENT_E2E_SERVER"); c != "" {
		cmd = exec.Command("bash", "-c", c)
		cmd.Dir = root
		cmd.Env = append(environWithout("JUPYTER_TOKEN", "IP", "PORT"), "PORT="+strconv.Itoa(port))
		t.Logf("starting the server with DESCENT_E2E_SERVER: %s", c)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := &server{base: fmt.Sprintf("http://127.0.0.1:%d", port), port: port, cmd: cmd, log: new(syncBuffer), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = s.log, s.log
	// A kernel left running would hold the output pipe open; don't wait for it forever.
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("make notebook: %v", err)
	}
	go func() { s.done <- cmd.Wait() }()

	// Setup may build the GoNB kernel first (about a minute on a fresh clone).
	deadline := time.Now().Add(4 * time.Minute)
	for s.url == "" || s.pid == 0 {
		if m := urlLine.FindStringSubmatch(s.log.String()); m != nil {
			s.url, s.token = m[1], m[2]
		}
		if m := pidLine.FindStringSubmatch(s.log.String()); m != nil {
			s.pid, _ = strconv.Atoi(m[1])
		}
		select {
		case err := <-s.done:
			t.Fatalf("make notebook ended (%v) before printing its address and process id:\n%s", err, s.log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.kill()
			t.Fatalf("make notebook printed no address and process id within 4 minutes:\n%s", s.log)
		}
	}
	if len(s.token) < 32 {
		t.Errorf("the token has %d hex digits; want at least 32", len(s.token))
	}
	if !strings.HasPrefix(s.url, s.base+"/") {
		t.Errorf("the printed address %s is not on %s", s.masked(s.url), s.base)
	}
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/api"); err == nil {
			resp.Body.Close()
			return s
		}
		select {
		case err := <-s.done:
			t.Fatalf("the notebook server ended (%v) before answering:\n%s", err, s.masked(s.log.String()))
		case <-time.After(200 * time.Millisecond):
		}
	}
	s.kill()
	t.Fatalf("the notebook server did not answer at %s:\n%s", s.base, s.masked(s.log.String()))
	return nil
}

// stop stops the server as the script tells a learner to (kill -TERM with the printed process id),
// then checks that it exited cleanly, that no process of its kernels is left, and that its log
// shows the token exactly once: in the address the script printed.
func (s *server) stop(t *testing.T) {
	t.Helper()
	kernels, err := s.kernelIDs()
	if err != nil {
		t.Errorf("listing the kernels before stopping: %v", err)
	}
	procs, err := kernelProcesses(kernels)
	if err != nil {
		t.Errorf("listing the kernels' processes: %v", err)
	}
	if len(kernels) == 0 && !t.Failed() {
		t.Error("no kernel was running before the stop, so the check for orphan kernels proves nothing")
	}
	target, what := s.pid, "the process id the script printed"
	if prefix := os.Getenv("DESCENT_E2E_STOP_ANCESTOR"); prefix != "" {
		// As 'docker stop' does: SIGTERM to the container's entrypoint (tini), which passes it on.
		p, err := ancestor(s.pid, prefix)
		if err != nil {
			t.Errorf("finding the server's entrypoint: %v", err)
		} else {
			target, what = p.pid, "the entrypoint, "+p.cmd
		}
	}
	if err := syscall.Kill(target, syscall.SIGTERM); err != nil {
		t.Errorf("kill -TERM %d (%s): %v", target, what, err)
	}
	t.Logf("sent SIGTERM to %d (%s)", target, what)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("make notebook exited with %v after SIGTERM; want a clean exit", err)
		}
	case <-time.After(30 * time.Second):
		s.kill()
		t.Errorf("the notebook server did not stop within 30 s of SIGTERM")
	}
	for _, p := range procs {
		if p.alive() {
			t.Errorf("a kernel's process is still running after the server stopped (orphan): %s", p)
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
		}
	}
	t.Logf("server stopped; %d kernel(s) with %d process(es) stopped with it", len(kernels), len(procs))

	log := s.log.String()
	if n := strings.Count(log, s.token); n != 1 {
		t.Errorf("the server's output shows the token %d times; want once, in the address the script prints. Lines with it:\n%s",
			n, s.masked(linesWith(log, s.token)))
	}
	if t.Failed() {
		t.Logf("output of make notebook (token masked):\n%s", s.masked(log))
	}
}

// healthcheck runs the command in DESCENT_E2E_HEALTHCHECK (the image's HEALTHCHECK, from
// scripts/image-test.sh) with the server's port in PORT and checks that it reports the server as
// healthy (exit 0) or not, as want says. Without DESCENT_E2E_HEALTHCHECK it does nothing.
func (s *server) healthcheck(t *testing.T, want bool) {
	t.Helper()
	c := os.Getenv("DESCENT_E2E_HEALTHCHECK")
	if c == "" {
		return
	}
	cmd := exec.Command("bash", "-c", c)
	cmd.Env = append(environWithout("PORT"), "PORT="+strconv.Itoa(s.port))
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if healthy := err == nil; healthy != want {
		t.Errorf("the healthcheck (%s) says healthy=%t (%v), want %t; its output:\n%s", c, healthy, err, want, out)
	} else {
		t.Logf("healthcheck: healthy=%t, as it should be (%s)", healthy, strings.TrimSpace(string(out)))
	}
}

// kill ends the whole process group at once, for a test that cannot go on.
func (s *server) kill() {
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
}

// kernelIDs asks the server which kernels are running. The token goes in a header, as the
// notebook's own pages send it, not in the URL.
func (s *server) kernelIDs() ([]string, error) {
	req, err := http.NewRequest(http.MethodGet, s.base+"/api/kernels", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/kernels: status %d: %.200s", resp.StatusCode, body)
	}
	var ks []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &ks); err != nil {
		return nil, fmt.Errorf("GET /api/kernels: %w", err)
	}
	var ids []string
	for _, k := range ks {
		ids = append(ids, k.ID)
	}
	return ids, nil
}

// masked replaces the token in s, for messages.
func (s *server) masked(text string) string {
	return strings.ReplaceAll(text, s.token, "<token>")
}

// syncBuffer collects a process's output; it may be read while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func linesWith(text, sub string) string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// environWithout is the test's environment less the named variables.
func environWithout(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return env
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
