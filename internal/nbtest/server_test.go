package nbtest_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestNotebookServer starts the server exactly as 'make notebook' does, on a free port, and checks
// that the printed URL (with its token) opens the notebook list while requests without the token
// are refused, and that a kernel started without a name is the Go kernel and runs Go. Then it
// stops the server with SIGTERM, as the printed instructions say.
func TestNotebookServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a notebook server; skipped under -short")
	}
	requireJupyter(t)
	srv := startNotebookSh(t, "")
	if !regexp.MustCompile(`^[0-9a-f]{32,}$`).MatchString(srv.token) {
		t.Errorf("token %q: want a random one of at least 32 hex digits", srv.token)
	}
	client := noRedirects()

	t.Run("token", func(t *testing.T) {
		if code, _ := get(t, client, srv.url); code != http.StatusOK {
			t.Errorf("GET the printed URL: status %d, want 200", code)
		}
		code, body := get(t, client, srv.base+"/api/contents?token="+url.QueryEscape(srv.token))
		if code != http.StatusOK || !strings.Contains(body, "01-gradient-descent-and-optimization.ipynb") {
			t.Errorf("GET /api/contents with the token: status %d, want 200 listing notebook 01; body %.200s", code, body)
		}
		for _, path := range []string{"/tree", "/api/contents", "/notebooks/01-gradient-descent-and-optimization.ipynb"} {
			code, _ := get(t, client, srv.base+path)
			if code == http.StatusOK {
				t.Errorf("GET %s without the token: status 200, want a refusal (403 or a redirect to the login page)", path)
			}
			if code != http.StatusForbidden && (code < 300 || code > 399) {
				t.Errorf("GET %s without the token: status %d, want 403 or a redirect", path, code)
			}
		}
		if code, _ := get(t, client, srv.base+"/api/contents?token=wrong"+srv.token); code != http.StatusForbidden {
			t.Errorf("GET /api/contents with a wrong token: status %d, want 403", code)
		}
	})

	// A learner's own notebook (New ▸ notebook, or any client that starts a kernel without naming
	// one) must get the Go kernel: the server's default is set in scripts/jupyter/jupyter_config.json.
	t.Run("a kernel started without a name is Go", func(t *testing.T) {
		var specs struct {
			Default     string `json:"default"`
			Kernelspecs map[string]struct {
				Spec struct {
					Language string `json:"language"`
				} `json:"spec"`
			} `json:"kernelspecs"`
		}
		srv.api(t, http.MethodGet, "/api/kernelspecs", "", http.StatusOK, &specs)
		if specs.Default != "gonb" {
			t.Errorf("GET /api/kernelspecs: default %q, want gonb", specs.Default)
		}
		if lang := specs.Kernelspecs["gonb"].Spec.Language; lang != "go" {
			t.Errorf("GET /api/kernelspecs: the gonb kernel's language is %q, want go", lang)
		}

		var kernel struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		srv.api(t, http.MethodPost, "/api/kernels", "{}", http.StatusCreated, &kernel)
		defer srv.api(t, http.MethodDelete, "/api/kernels/"+kernel.ID, "", http.StatusNoContent, nil)
		if kernel.Name != "gonb" {
			t.Errorf("POST /api/kernels with {}: kernel %q, want gonb", kernel.Name)
		}
		// The name alone could be a label: run Go in it. runtime.Version is Go's, and %% makes the
		// cell a main function (GoNB).
		out := srv.execute(t, kernel.ID, "%%\nfmt.Println(runtime.Version(), 6*7)")
		if !regexp.MustCompile(`(?m)^go1\.\d+\S* 42$`).MatchString(out) {
			t.Errorf("the kernel started without a name printed %q; want Go's version and 42", out)
		}
	})

	srv.stop(t)
}

// TestNotebookServerMasksEncodedTokens makes the server log requests whose address or referer
// carries the token spelt in every way the server decodes (percent-escapes in either case, some or
// all of the characters, '+' for a space, the parameter's name escaped, escaped twice or three times
// inside a referer's next= address) and checks that its output never shows the token in any of
// these forms, decoded or not. The token is a user's own (JUPYTER_TOKEN) with characters whose
// escapes have letters, a space and a non-ASCII letter, so that every spelling differs.
func TestNotebookServerMasksEncodedTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a notebook server; skipped under -short")
	}
	requireJupyter(t)
	const token = "Lesson key: Zq/é~9#%&=+;a1B2c3D4e5F6g7H8"
	srv := startNotebookSh(t, token)
	defer srv.stop(t)
	// The printed address carries the token escaped: it opens the lessons.
	if code := srv.status(t, strings.TrimPrefix(srv.url, srv.base), ""); code != http.StatusOK {
		t.Errorf("GET the printed address: status %d, want 200", code)
	}

	queries := []string{
		"token=" + escape(token, all, lower),
		"token=" + escape(token, all, upper),
		"token=" + escape(token, everyOther, mixed),
		"token=" + escape(token, needed, upper),
		"token=" + strings.ReplaceAll(escape(strings.ReplaceAll(token, " ", "\x00"), needed, lower), "%00", "+"),
		"%74%6F%6b%65%6E=" + escape(token, all, lower),
		"%74oken%3D" + "x&token=++" + escape(token, everyOther, lower) + "+%20",
		"x=1&token=" + escape(token, all, mixed) + "&y=2",
	}
	var markers []string
	for i, q := range queries {
		marker := fmt.Sprintf("no-such-lesson-%d", i)
		markers = append(markers, marker)
		// 404 (not 403) shows that the server took the token: it looked for the file.
		code := srv.status(t, "/api/contents/"+marker+".ipynb?"+q, "")
		if code != http.StatusNotFound {
			t.Errorf("GET /api/contents/%s.ipynb with the token spelt %s: status %d, want 404 (token accepted, no such file)",
				marker, srv.masked(q), code)
		}
	}
	tree := srv.base + "/tree?token="
	referers := []string{
		tree + escape(token, all, upper),
		tree + escape(token, needed, lower),
		srv.base + "/login?next=" + url.QueryEscape("/tree?token="+escape(token, everyOther, upper)),
		srv.base + "/login?next=" + url.QueryEscape(url.QueryEscape("/tree?token="+escape(token, all, lower))),
	}
	// Not a parameter at all: the token in a path the server logs.
	path := "/no-such-page-path-" + escape(token, everyOther, upper)
	markers = append(markers, "no-such-page-path-")
	if code := srv.status(t, path, ""); code != http.StatusNotFound {
		t.Errorf("GET /no-such-page-<token>: status %d, want 404", code)
	}
	for i, r := range referers {
		marker := fmt.Sprintf("no-such-page-%d", i)
		markers = append(markers, marker)
		if code := srv.status(t, "/"+marker, r); code != http.StatusNotFound {
			t.Errorf("GET /%s: status %d, want 404", marker, code)
		}
	}

	// Wait until the server has logged every request, then look at every line in every form.
	deadline := time.Now().Add(20 * time.Second)
	for !containsAll(srv.log.String(), markers) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not log the requests within 20 s; its log:\n%s", srv.masked(srv.log.String()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	log := srv.log.String()
	for line := range strings.SplitSeq(log, "\n") {
		if strings.Contains(line, "descent lessons: http://") {
			continue // the one place the token is meant to be: the address the script prints
		}
		for level, form := range decodings(line, 3) {
			if strings.Contains(strings.ToLower(form), strings.ToLower(token)) {
				t.Errorf("the server's output shows the token (after %d percent-decodings) in:\n%s", level, srv.masked(line))
				break
			}
		}
	}
	for _, m := range markers {
		if l := linesWith(log, m); !strings.Contains(l, "<token>") {
			t.Errorf("the log line of %s does not show <token> where the token was:\n%s", m, srv.masked(l))
		}
	}
}

// Which characters escape() writes as %XX, and in which case.
const (
	all        = iota // every byte
	everyOther        // every second byte, and those that must be
	needed            // only those that must be
)
const (
	lower = iota
	upper
	mixed // alternating
)

// escape percent-encodes s for a query value: bytes that a query cannot carry literally always,
// others as which says; the hex digits in the given case.
func escape(s string, which, hexCase int) string {
	var b strings.Builder
	for i, c := range []byte(s) {
		mustEscape := !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/@!$'()*,;", c) >= 0)
		if mustEscape || which == all || which == everyOther && i%2 == 0 {
			f := "%%%02x"
			if hexCase == upper || hexCase == mixed && i%2 == 1 {
				f = "%%%02X"
			}
			fmt.Fprintf(&b, f, c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// decodings returns s and s percent-decoded 1..n times ('+' as a space, as the server reads a query).
// Invalid escapes stay as they are.
func decodings(s string, n int) []string {
	forms := []string{s}
	for range n {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			switch {
			case s[i] == '+':
				b.WriteByte(' ')
			case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
				v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
				b.WriteByte(byte(v))
				i += 2
			default:
				b.WriteByte(s[i])
			}
		}
		s = b.String()
		forms = append(forms, s)
	}
	return forms
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
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

// nbServer is scripts/notebook.sh running on a free port in a process group of its own.
type nbServer struct {
	base, url, token string
	cmd              *exec.Cmd
	log              *logBuffer // the script's and the server's output, as a learner's terminal shows it
	done             chan error
}

// startNotebookSh starts scripts/notebook.sh (what 'make notebook' runs) with JUPYTER_TOKEN=token
// (empty: the script makes one) and waits until the server answers.
func startNotebookSh(t *testing.T, token string) *nbServer {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "notebook.sh"))
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	srv := &nbServer{base: fmt.Sprintf("http://127.0.0.1:%d", port), log: new(logBuffer), done: make(chan error, 1)}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "IP=", "JUPYTER_TOKEN="+token)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = srv.log, srv.log
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	srv.cmd = cmd
	go func() { srv.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }) // if the test stopped early

	// The script prints the address with its token before it starts the server.
	urlRe := regexp.MustCompile(`descent lessons: (http://\S+/tree\?token=(\S+))`)
	deadline := time.Now().Add(2 * time.Minute)
	for srv.url == "" {
		if m := urlRe.FindStringSubmatch(srv.log.String()); m != nil {
			srv.url, srv.token = m[1], token
			if token == "" {
				srv.token = m[2]
			}
		}
		select {
		case err := <-srv.done:
			t.Fatalf("notebook.sh ended (%v) before printing its URL:\n%s", err, srv.log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed within 2 minutes:\n%s", srv.log)
		}
	}
	waitUntilListening(t, noRedirects(), srv.base+"/api")
	return srv
}

// stop sends SIGTERM to the process group, as the printed instructions say, and waits for a clean exit.
func (s *nbServer) stop(t *testing.T) {
	t.Helper()
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		t.Error("the notebook server did not stop within 30 s of SIGTERM")
	}
}

func (s *nbServer) masked(text string) string {
	return strings.ReplaceAll(text, s.token, "<token>")
}

// status GETs path (with its raw query) and returns the status; referer is sent when not empty.
func (s *nbServer) status(t *testing.T, path, referer string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		t.Fatalf("%s: %v", s.masked(path), err)
	}
	if referer != "" {
		req.Header.Set("Referer", referer)
	}
	resp, err := noRedirects().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", s.masked(path), err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// api calls the REST API with the token in the Authorization header (as the notebook's pages do),
// checks the status and decodes the JSON answer into v (when v is not nil).
func (s *nbServer) api(t *testing.T, method, path, body string, want int, v any) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+s.token)
	resp, err := noRedirects().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %.300s", method, path, resp.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v; body %.300s", method, path, err, b)
		}
	}
}

// execute runs code in the kernel over its websocket, as the notebook page does, and returns what
// the cell printed to stdout. It fails the test on an error reply.
func (s *nbServer) execute(t *testing.T, kernelID, code string) string {
	t.Helper()
	ws, err := dialWebsocket(s.base, "/api/kernels/"+kernelID+"/channels?session_id=nbtest", s.token)
	if err != nil {
		t.Fatalf("the kernel's websocket: %v", err)
	}
	defer ws.Close()
	msgID := fmt.Sprintf("nbtest-%d", time.Now().UnixNano())
	req := map[string]any{
		"channel":       "shell",
		"header":        map[string]any{"msg_id": msgID, "msg_type": "execute_request", "session": "nbtest", "username": "nbtest", "version": "5.3"},
		"parent_header": map[string]any{},
		"metadata":      map[string]any{},
		"content":       map[string]any{"code": code, "silent": false, "store_history": false, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true},
	}
	b, _ := json.Marshal(req)
	if err := ws.WriteText(b); err != nil {
		t.Fatalf("sending execute_request: %v", err)
	}
	// The first cell compiles Go (with a cold build cache, tens of seconds).
	_ = ws.conn.SetReadDeadline(time.Now().Add(3 * time.Minute))
	var stdout strings.Builder
	var replied, idle bool
	for !replied || !idle {
		raw, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for the kernel's reply (stdout so far %q): %v", stdout.String(), err)
		}
		var msg struct {
			Channel      string `json:"channel"`
			MsgType      string `json:"msg_type"`
			ParentHeader struct {
				MsgID string `json:"msg_id"`
			} `json:"parent_header"`
			Content json.RawMessage `json:"content"`
		}
		if err := json.Unmarshal(raw, &msg); err != nil {
			t.Fatalf("a message from the kernel's websocket: %v: %.200s", err, raw)
		}
		if msg.ParentHeader.MsgID != msgID {
			continue
		}
		var c struct {
			Name           string   `json:"name"`
			Text           string   `json:"text"`
			Status         string   `json:"status"`
			ExecutionState string   `json:"execution_state"`
			Ename          string   `json:"ename"`
			Evalue         string   `json:"evalue"`
			Traceback      []string `json:"traceback"`
		}
		_ = json.Unmarshal(msg.Content, &c)
		switch msg.MsgType {
		case "stream":
			if c.Name == "stdout" {
				stdout.WriteString(c.Text)
			}
		case "error":
			t.Errorf("the cell failed: %s: %s\n%s", c.Ename, c.Evalue, strings.Join(c.Traceback, "\n"))
		case "execute_reply":
			replied = true
			if c.Status != "ok" {
				t.Errorf("execute_reply status %q, want ok (%s %s)", c.Status, c.Ename, c.Evalue)
			}
		case "status":
			idle = idle || c.ExecutionState == "idle"
		}
	}
	return stdout.String()
}

// websocket is the client end of a WebSocket (RFC 6455), enough for a Jupyter kernel's channels:
// text messages, pings answered.
type websocket struct {
	conn net.Conn
	r    *bufio.Reader
}

func dialWebsocket(base, path, token string) (*websocket, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nAuthorization: token %s\r\n\r\n",
		path, u.Host, base64.StdEncoding.EncodeToString(key), token)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		conn.Close()
		return nil, fmt.Errorf("GET %s: status %d, want 101", path, resp.StatusCode)
	}
	return &websocket{conn: conn, r: r}, nil
}

func (w *websocket) Close() error { return w.conn.Close() }

// WriteText sends one text frame, masked as a client must.
func (w *websocket) WriteText(p []byte) error { return w.write(0x1, p) }

func (w *websocket) write(op byte, p []byte) error {
	h := []byte{0x80 | op}
	switch n := len(p); {
	case n < 126:
		h = append(h, 0x80|byte(n))
	case n < 1<<16:
		h = append(h, 0x80|126, byte(n>>8), byte(n))
	default:
		h = append(h, 0x80|127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	mask := make([]byte, 4)
	_, _ = rand.Read(mask)
	h = append(h, mask...)
	masked := make([]byte, len(p))
	for i := range p {
		masked[i] = p[i] ^ mask[i%4]
	}
	_, err := w.conn.Write(append(h, masked...))
	return err
}

// ReadMessage returns the next text or binary message, joining fragments and answering pings.
func (w *websocket) ReadMessage() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(w.r, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var e [2]byte
			if _, err := io.ReadFull(w.r, e[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(e[:]))
		case 127:
			var e [8]byte
			if _, err := io.ReadFull(w.r, e[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(e[:])
		}
		if h[1]&0x80 != 0 {
			return nil, errors.New("the server sent a masked frame")
		}
		if n > 64<<20 {
			return nil, fmt.Errorf("a frame of %d bytes", n)
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(w.r, p); err != nil {
			return nil, err
		}
		switch op {
		case 0x8:
			return nil, errors.New("the server closed the websocket")
		case 0x9:
			if err := w.write(0xA, p); err != nil {
				return nil, err
			}
			continue
		case 0xA:
			continue
		}
		msg = append(msg, p...)
		if fin {
			return msg, nil
		}
	}
}

// logBuffer collects a process's output; it may be read while the process writes.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func noRedirects() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		// Look at redirects instead of following them: a redirect to the login page is a refusal.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
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

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
