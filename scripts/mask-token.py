"""Copies a notebook server's log from stdin to stdout with the token masked as <token>.

Run by scripts/notebook.sh on the server's stderr, with the token in JUPYTER_TOKEN. The server logs
failed requests with their address and referer, raw, as the client sent them; the server decodes
percent-escapes ('+' is a space) before it compares the token, so '?token=%38%33...' (any mix of
literal and escaped characters, escapes in either case) is accepted, and a referer may carry the
token escaped twice (a '?next=' address in a login URL). So this filter masks:

  1. the token in every spelling up to three levels of percent-encoding (each character literal or
     escaped, UTF-8 bytes for non-ASCII, '+' for a space, JSON escapes as in the server's header dump);
  2. the value of every 'token=' parameter, whatever it holds (the name and '=' may be escaped too):
     a mistyped token is most of the real one.

Lines stay as they were otherwise, byte for byte. SIGINT and SIGTERM are for the server: this filter
ignores them and ends when the server's log closes.
"""
import json
import os
import re
import signal
import sys

LEVELS = 3  # percent-encoding levels masked (the server decodes one; a referer's next= adds one)


def spellings(ch, level):
    """A regex (case-insensitive) for every spelling of the character ch up to level encodings."""
    if level == 0:
        alts = [re.escape(ch)]
        quoted = json.dumps(ch)[1:-1]  # the server's JSON dump of headers escapes " \ and non-ASCII
        if quoted != ch:
            alts.append(re.escape(quoted))
        if ch == " ":
            alts.append(r"\+")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    inner = spellings(ch, level - 1)
    # %HH of each UTF-8 byte, each of the three characters itself spelled up to level-1 encodings
    escaped = "".join(
        spellings("%", level - 1) + nibble(b >> 4, level - 1) + nibble(b & 15, level - 1)
        for b in ch.encode("utf-8"))
    alts = [inner, escaped]
    if ch == " ":
        alts.append(spellings("+", level - 1))
    return "(?:" + "|".join(alts) + ")"


def nibble(n, level):
    """A regex for every spelling of the hex digit n (either case) up to level encodings."""
    digit = "%X" % n
    if digit.isdigit():
        return spellings(digit, level)
    return "(?:" + spellings(digit, level) + "|" + spellings(digit.lower(), level) + ")"


def word(text, level=LEVELS):
    return "".join(spellings(c, level) for c in text)


def main():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    token = os.environ.get("JUPYTER_TOKEN", "")
    patterns = []
    if token:
        patterns.append((re.compile(word(token), re.IGNORECASE), lambda m: "<token>"))
    # token=VALUE: the value runs to the next '&', quote or blank (escaped separators are masked with
    # it: more hidden, nothing shown).
    param = re.compile("(" + word("token=") + r")([^\s&\"']+)", re.IGNORECASE)
    patterns.append((param, lambda m: m.group(1) + "<token>"))

    src = sys.stdin.buffer
    out = sys.stdout.buffer
    for raw in iter(src.readline, b""):
        line = raw.decode("utf-8", "surrogateescape")
        for pat, repl in patterns:
            line = pat.sub(repl, line)
        try:
            out.write(line.encode("utf-8", "surrogateescape"))
            out.flush()
        except (BrokenPipeError, OSError):
            pass  # keep reading: the server must never block on its log


if __name__ == "__main__":
    main()
