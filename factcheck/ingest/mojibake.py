"""Repair UTF-8 punctuation that was once decoded as GBK.

The damage: the curly quote ``“`` is UTF-8 ``E2 80 9C``.  A GBK decoder reads ``E2 80`` as the
character 鈥 and then pairs ``9C`` with the *next* byte, often an ASCII letter: ``“notable`` becomes
``鈥渘otable`` (9C 6E -> 渘).  When the next byte cannot follow (a space, a comma, a line end), the
third byte is lost and only 鈥 is left (or ``鈥?`` / ``鈥\\ufffd`` when the decoder put a marker in
its place).

The repair is the principled inverse, not a table of strings: a run starting with the lead
character is re-encoded with GBK and decoded as UTF-8.  Only runs whose first UTF-8 byte triple is
``E2 80 90..BF`` (U+2010..U+203F: dashes, quotes, ellipsis, primes) are touched; when the third byte
was lost, the most plausible character is chosen from context (opening vs closing quote from the
neighbouring spaces and the quotes still open on the line, a dash between two spaces).

Genuine Chinese text is left alone: a run is repaired only when a neighbour is Latin (ASCII other
than a line break, or U+2010..U+203F punctuation) or the run fills a whole line; 鈥 inside Chinese
prose has CJK on at least one side and no Latin on the other.
Line breaks are never created or removed, so line numbers stay valid.

Why not ftfy: ftfy's ``fix_text`` handles UTF-8 read as Latin-1/cp1252 (and a few others), but does
not repair this GBK case (measured by the team on the bundled SCMP article: text unchanged).
"""

from __future__ import annotations

import re

__all__ = ["repair_gbk_mojibake"]

# The GBK reading of the first two UTF-8 bytes shared by U+2000..U+203F; computed, not typed in.
_LEAD = bytes((0xE2, 0x80)).decode("gbk")
_LEAD_BYTES = bytes((0xE2, 0x80))
_FIRST_THIRD_BYTE = 0x90  # E2 80 90 = U+2010
_LAST_THIRD_BYTE = 0xBF  # E2 80 BF = U+203F
_MAX_EXTRA_CHARS = 3  # a following multi-byte UTF-8 character spans at most 3 more GBK characters
_LOST_BYTE_MARKERS = "?\ufffd"
_BOUNDARY = ("", "\n")  # start/end of text or line: neither Latin nor Chinese context

_LEAD_RE = re.compile(re.escape(_LEAD))
_QUOTES_RE = re.compile("[\u2018\u2019\u201c\u201d\n]")

_OPEN_DOUBLE = "\u201c"
_CLOSE_DOUBLE = "\u201d"
_OPEN_SINGLE = "\u2018"
_CLOSE_SINGLE = "\u2019"
_EM_DASH = "\u2014"


def _is_latin(ch: str) -> bool:
    """Latin context: ASCII other than a line break, U+2010..U+203F punctuation, or another run."""
    if not ch or ch == "\n":
        return False
    if ch == _LEAD:
        return True  # the next damaged run
    o = ord(ch)
    return o < 0x80 or 0x2010 <= o <= 0x203F


def _decode_run(text: str, i: int) -> tuple[str, int] | None:
    """Re-encode ``text[i:]`` (which starts with the lead char) as GBK and decode as UTF-8.

    Returns (repaired text, index after the run) when the third byte survived, else None.
    """
    n = len(text)
    j = i + 1
    if j >= n or ord(text[j]) < 0x80 or text[j] in _LOST_BYTE_MARKERS:
        return None
    try:
        second = text[j].encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(second) != 2 or not _FIRST_THIRD_BYTE <= second[0] <= _LAST_THIRD_BYTE:
        return None
    buf = _LEAD_BYTES + second
    j += 1
    for _ in range(_MAX_EXTRA_CHARS + 1):
        try:
            return buf.decode("utf-8"), j
        except UnicodeDecodeError as err:
            # Only an incomplete trailing sequence can be completed by the next GBK character.
            if err.reason != "unexpected end of data" or j >= n or ord(text[j]) < 0x80:
                return None
            try:
                buf += text[j].encode("gbk")
            except UnicodeEncodeError:
                return None
            j += 1
    return None


def _guess_lost(prev: str, nxt: str, open_quotes: list[str]) -> str:
    """The most plausible U+2010..U+203F character whose third UTF-8 byte was lost."""
    prev_space = prev == "" or prev.isspace() or prev in "([{"
    next_space = nxt == "" or nxt.isspace()
    if prev_space and next_space:
        return _EM_DASH
    if prev_space:  # opening
        if open_quotes and open_quotes[-1] == _OPEN_DOUBLE:
            return _OPEN_SINGLE
        return _OPEN_DOUBLE
    if open_quotes:
        return _CLOSE_SINGLE if open_quotes[-1] == _OPEN_SINGLE else _CLOSE_DOUBLE
    # No quote open on this line: after a plural "s" an apostrophe is likelier ("investors’ money").
    return _CLOSE_SINGLE if prev in "sS" else _CLOSE_DOUBLE


def _track_quotes(segment: str, open_quotes: list[str]) -> None:
    """Update the stack of quotes open on the current line with the quotes in ``segment``."""
    for m in _QUOTES_RE.finditer(segment):
        ch = m.group()
        if ch == "\n":
            open_quotes.clear()
        elif ch in (_OPEN_DOUBLE, _OPEN_SINGLE):
            open_quotes.append(ch)
        elif ch == _CLOSE_DOUBLE:
            if _OPEN_DOUBLE in open_quotes:
                while open_quotes and open_quotes.pop() != _OPEN_DOUBLE:
                    pass
        else:  # right single quote: closes only an open single quote not followed by a letter
            after = segment[m.end() : m.end() + 1]
            if open_quotes and open_quotes[-1] == _OPEN_SINGLE and not after.isalpha():
                open_quotes.pop()


def repair_gbk_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 punctuation that was decoded as GBK -> ``(repaired text, runs repaired)``.

    ``'鈥渘otable progress鈥 in'`` -> ``'“notable progress” in'``; ``'Acme鈥檚'`` -> ``'Acme’s'``.
    Everything outside repaired runs is byte-identical; the number of lines never changes.
    """
    if _LEAD not in text:
        return text, 0
    out: list[str] = []
    open_quotes: list[str] = []
    pos = 0  # text[:pos] has been copied or replaced into out
    scanned = 0  # quotes of text[:scanned] are in open_quotes
    count = 0
    n = len(text)
    for m in _LEAD_RE.finditer(text):
        i = m.start()
        if i < pos:  # consumed by the previous run
            continue
        prev = text[i - 1] if i > 0 else ""
        if i > 0 and i == pos and count:
            prev = out[-1][-1:]  # right after a repaired run: its last character
        decoded = _decode_run(text, i)
        if decoded is not None:
            repl, end = decoded
            nxt = text[end] if end < n else ""
        else:
            end = i + 1
            if end < n and text[end] in _LOST_BYTE_MARKERS:
                end += 1
            nxt = text[end] if end < n else ""
            repl = ""
        if not (_is_latin(prev) or _is_latin(nxt) or (prev in _BOUNDARY and nxt in _BOUNDARY)):
            continue  # 鈥 inside Chinese prose: leave it
        _track_quotes(text[scanned:i], open_quotes)
        if not repl:
            repl = _guess_lost(prev, nxt, open_quotes)
        _track_quotes(repl, open_quotes)
        out.append(text[pos:i])
        out.append(repl)
        pos = scanned = end
        count += 1
    if count == 0:
        return text, 0
    out.append(text[pos:])
    return "".join(out), count
