package hubtest_test

import (
	"bufio"
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
	"strings"
	"time"
)

// A minimal WebSocket client (RFC 6455), enough to talk to a Jupyter kernel's channels: text
// frames out (masked), text frames in, pings answered. The standard library has none, and the
// test stays free of dependencies.
type wsConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialWS(u string, header http.Header) (*wsConn, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	c, err := net.DialTimeout("tcp", pu.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	req := &http.Request{
		Method: "GET", URL: &url.URL{Path: pu.Path, RawQuery: pu.RawQuery}, Host: pu.Host,
		Header: header.Clone(), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(key))
	if err := req.Write(c); err != nil {
		c.Close()
		return nil, err
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, req)
	if err != nil {
		c.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		c.Close()
		return nil, fmt.Errorf("websocket %s: status %d: %s", pu.Path, resp.StatusCode, b)
	}
	return &wsConn{c: c, r: r}, nil
}

func (w *wsConn) Close() error { return w.c.Close() }

func (w *wsConn) writeFrame(op byte, payload []byte) error {
	hdr := []byte{0x80 | op}
	n := len(payload)
	switch {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n < 1<<16:
		hdr = append(hdr, 0x80|126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	mask := make([]byte, 4)
	_, _ = rand.Read(mask)
	hdr = append(hdr, mask...)
	masked := make([]byte, n)
	for i := range payload {
		masked[i] = payload[i] ^ mask[i%4]
	}
	_, err := w.c.Write(append(hdr, masked...))
	return err
}

func (w *wsConn) WriteJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return w.writeFrame(1, b)
}

// ReadMessage returns the next text or binary message, answering pings on the way.
func (w *wsConn) ReadMessage(deadline time.Time) ([]byte, error) {
	_ = w.c.SetReadDeadline(deadline)
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
			var b [2]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		if h[1]&0x80 != 0 {
			return nil, errors.New("websocket: the server masked a frame")
		}
		if n > 64<<20 {
			return nil, fmt.Errorf("websocket: a frame of %d bytes", n)
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(w.r, payload); err != nil {
			return nil, err
		}
		switch op {
		case 8:
			return nil, io.EOF
		case 9:
			if err := w.writeFrame(10, payload); err != nil {
				return nil, err
			}
			continue
		case 10:
			continue
		}
		msg = append(msg, payload...)
		if fin {
			return msg, nil
		}
	}
}

// kernelMsg is a Jupyter message as the Notebook server's websocket carries it.
type kernelMsg struct {
	Header       map[string]any  `json:"header"`
	ParentHeader map[string]any  `json:"parent_header"`
	Metadata     map[string]any  `json:"metadata"`
	Content      json.RawMessage `json:"content"`
	Channel      string          `json:"channel"`
	Buffers      []any           `json:"buffers"`
}

// execute runs code in the kernel and returns its stdout text; an error output or a failed reply
// is an error.
func execute(ws *wsConn, session, code string, timeout time.Duration) (string, error) {
	id := fmt.Sprintf("hubtest-%d", time.Now().UnixNano())
	content, _ := json.Marshal(map[string]any{
		"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true,
	})
	req := kernelMsg{
		Header: map[string]any{"msg_id": id, "username": "hubtest", "session": session,
			"msg_type": "execute_request", "version": "5.3", "date": time.Now().UTC().Format(time.RFC3339)},
		ParentHeader: map[string]any{}, Metadata: map[string]any{}, Content: content, Channel: "shell", Buffers: []any{},
	}
	if err := ws.WriteJSON(req); err != nil {
		return "", err
	}
	deadline := time.Now().Add(timeout)
	var out, errs strings.Builder
	failed := false
	idle, replied := false, false
	for !idle || !replied {
		b, err := ws.ReadMessage(deadline)
		if err != nil {
			return out.String(), fmt.Errorf("waiting for the kernel's answer: %w (stdout so far %q)", err, out.String())
		}
		var m kernelMsg
		if err := json.Unmarshal(b, &m); err != nil {
			continue
		}
		if m.ParentHeader["msg_id"] != id {
			continue
		}
		var raw map[string]any
		_ = json.Unmarshal(m.Content, &raw)
		str := func(k string) string { s, _ := raw[k].(string); return s }
		switch m.Header["msg_type"] {
		case "stream":
			if str("name") == "stdout" {
				out.WriteString(str("text"))
			} else {
				errs.WriteString(str("text"))
			}
		case "display_data":
			// GoNB shows build errors as a display (HTML with a plain-text copy).
			if data, ok := raw["data"].(map[string]any); ok {
				if txt, ok := data["text/plain"].(string); ok && strings.Contains(txt, "rror") {
					errs.WriteString(txt + "\n")
				}
			}
		case "error":
			failed = true
			fmt.Fprintf(&errs, "%s: %s\n", str("ename"), str("evalue"))
		case "status":
			idle = str("execution_state") == "idle"
		case "execute_reply":
			replied = true
			if str("status") != "ok" {
				failed = true
				fmt.Fprintf(&errs, "execute_reply status %q\n", str("status"))
			}
		}
	}
	if failed {
		return out.String(), fmt.Errorf("the cell failed: %s", errs.String())
	}
	return out.String(), nil
}
