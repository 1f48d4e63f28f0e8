"""The terminal a command talks to: streams, whether each is a TTY, colour, and safe printing of
untrusted text (source passages and claims) - rich markup printed literally, control characters
and bidirectional overrides made visible instead of acted on."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 controls (tab and newline handled separately), DEL, and the Unicode bidi controls
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[\t\n]+")


def clean(text: str, *, one_line: bool = True) -> str:
    """Untrusted text made printable: control characters become U+FFFD-free visible escapes
    (``\\x1b`` -> ``?``), bidi overrides are removed, newlines/tabs become spaces (one_line)."""
    if one_line:
        text = _SPACES.sub(" ", text)
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "", text)


@dataclass(slots=True)
class Env:
    stdout: IO[str]
    stderr: IO[str]
    stdin: IO[str]
    stdout_tty: bool
    stderr_tty: bool
    stdin_tty: bool
    color: bool
    quiet: bool = False
    debug: bool = False
    _console: Console | None = None
    _err_console: Console | None = None

    @classmethod
    def from_system(cls, color: str = "auto", *, quiet: bool = False, debug: bool = False) -> Env:
        out_tty = _isatty(sys.stdout)
        err_tty = _isatty(sys.stderr)
        if color == "always":
            use_color = True
        elif color == "never":
            use_color = False
        else:
            use_color = out_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin=sys.stdin,
            stdout_tty=out_tty,
            stderr_tty=err_tty,
            stdin_tty=_isatty(sys.stdin),
            color=use_color,
            quiet=quiet,
            debug=debug,
        )

    @property
    def rich_output(self) -> bool:
        """Tables and colour on stdout (a terminal, colour allowed)."""
        return self.color

    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self.stdout,
                force_terminal=self.color,
                no_color=not self.color,
                highlight=False,
                markup=False,
                emoji=False,
                soft_wrap=not self.stdout_tty,
            )
        return self._console

    def err_console(self) -> Console:
        if self._err_console is None:
            from rich.console import Console

            err_color = (
                self.stderr_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
            )
            self._err_console = Console(
                file=self.stderr,
                force_terminal=err_color,
                no_color=not err_color,
                highlight=False,
                markup=False,
                emoji=False,
            )
        return self._err_console

    def out(self, line: str = "") -> None:
        self.stdout.write(line + "\n")

    def json(self, obj: Any) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")

    def jsonl(self, obj: Any) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.stdout.flush()

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.stderr.write(f"factcheck: warning: {clean(message)}\n")

    def error(self, message: str) -> None:
        self.stderr.write(f"factcheck: error: {clean(message)}\n")

    def info(self, message: str) -> None:
        if not self.quiet:
            self.stderr.write(f"factcheck: {clean(message)}\n")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def styled(text: str, spans: list[tuple[int, int]], style: str = "bold red") -> Any:
    """A rich Text of untrusted ``text`` with ``spans`` styled; each piece is cleaned on its own so
    escapes cannot shift the highlights."""
    from rich.text import Text

    out = Text()
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        out.append(clean(text[pos:a]))
        out.append(clean(text[a:b]), style=style)
        pos = b
    out.append(clean(text[pos:]))
    return out
