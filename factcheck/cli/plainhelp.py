"""The top-level help laid out as click lays it out without colour, without importing typer.

A port of the parts of click's help formatter that a group's help page uses (``HelpFormatter``,
``wrap_text``, ``make_default_short_help``; click is BSD-3-Clause, vendored by typer 0.28 as
``typer._click``): the usage line, the wrapped description, and the definition lists of options
and commands with click's truncation of command summaries.  Texts are taken as given: no ANSI
escapes, no indentation to clean (what ``inspect.cleandoc`` would leave unchanged).
tests/test_cli_startup.py compares the result with typer's own help page at every width.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence


class _Wrapper(textwrap.TextWrapper):
    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        # click cuts a word longer than the line where the line ends (no hyphen rules)
        space_left = max(width - cur_len, 1)
        last = reversed_chunks[-1]
        cur_line.append(last[:space_left])
        reversed_chunks[-1] = last[space_left:]


def wrap_text(text: str, width: int, indent: str = "", *, paragraphs: bool = False) -> str:
    """click's ``wrap_text``: one paragraph, or (``paragraphs``) blank-line separated paragraphs
    each keeping its first line's indentation; a paragraph opened by a ``\\b`` line is not rewrapped."""
    wrapper = _Wrapper(width, initial_indent=indent, subsequent_indent=indent, replace_whitespace=False)
    text = text.expandtabs()
    if not paragraphs:
        return wrapper.fill(text)
    pars: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    par_indent: int | None = None

    def flush() -> None:
        if buf:
            if buf[0].strip() == "\b":
                pars.append((par_indent or 0, True, "\n".join(buf[1:])))
            else:
                pars.append((par_indent or 0, False, " ".join(buf)))
            buf.clear()

    for line in text.splitlines():
        if not line:
            flush()
            par_indent = None
        else:
            if par_indent is None:
                stripped = line.lstrip()
                par_indent = len(line) - len(stripped)
                line = stripped
            buf.append(line)
    flush()
    out = []
    for extra, raw, par in pars:
        pad = " " * extra
        if raw:
            out.append("\n".join(f"{indent + pad}{ln}" for ln in par.splitlines()))
        else:
            wrapper.initial_indent = wrapper.subsequent_indent = indent + pad
            out.append(wrapper.fill(par))
    return "\n\n".join(out)


def short_help(text: str, limit: int) -> str:
    """click's ``make_default_short_help``: the first sentence of the first paragraph, or as many
    words as fit in ``limit`` followed by ``...``."""
    end = text.find("\n\n")
    if end != -1:
        text = text[:end]
    words = text.split()
    if not words:
        return ""
    if words[0] == "\b":
        words = words[1:]
    total = 0
    last = len(words) - 1
    i = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total > limit:
            break
        if word[-1] == ".":
            return " ".join(words[: i + 1])
        if total == limit and i != last:
            break
    else:
        return " ".join(words)
    total += len("...")
    while i > 0:
        total -= len(words[i]) + (i > 0)
        if total <= limit:
            break
        i -= 1
    return " ".join(words[:i]) + "..."


class _Formatter:
    """click's ``HelpFormatter``, the methods a group's help page calls."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.indent = 0
        self.buffer: list[str] = []

    def write(self, s: str) -> None:
        self.buffer.append(s)

    def usage(self, prog: str, args: str) -> None:
        prefix = f"{'Usage: ':>{self.indent}}{prog} "
        text_width = self.width - self.indent
        if text_width >= len(prefix) + 20:
            wrapper = _Wrapper(
                text_width,
                initial_indent=prefix,
                subsequent_indent=" " * len(prefix),
                replace_whitespace=False,
            )
            self.write(wrapper.fill(args.expandtabs()))
        else:
            self.write(prefix + "\n")
            pad = " " * (max(self.indent, len("Usage: ")) + 4)
            self.write(wrap_text(args, text_width, pad))
        self.write("\n")

    def paragraph(self) -> None:
        if self.buffer:
            self.write("\n")

    def text(self, text: str) -> None:
        self.write(wrap_text(text, self.width, " " * self.indent, paragraphs=True))
        self.write("\n")

    def section(self, heading: str, rows: Sequence[tuple[str, str]]) -> None:
        self.paragraph()
        self.write(f"{'':>{self.indent}}{heading}:\n")
        self.indent += 2
        self.definitions(rows)
        self.indent -= 2

    def definitions(self, rows: Sequence[tuple[str, str]], col_max: int = 30, spacing: int = 2) -> None:
        first_col = min(max(len(a) for a, _ in rows), col_max) + spacing
        for first, second in rows:
            self.write(f"{'':>{self.indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + " " * (first_col + self.indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10), paragraphs=True).splitlines()
            if lines:
                self.write(f"{lines[0]}\n")
                for line in lines[1:]:
                    self.write(f"{'':>{first_col + self.indent}}{line}\n")
            else:
                self.write("\n")


def group_help(
    width: int,
    prog: str,
    usage_args: str,
    help_text: str,
    options: Sequence[tuple[str, str]],
    commands: Sequence[tuple[str, str]],
) -> str:
    """A group's help page as click prints it at formatter ``width``, without the final newline.
    ``options`` are (flags, help) rows; ``commands`` are (name, help) with each command's full help
    or its first paragraph, which click shortens to fit."""
    f = _Formatter(width)
    f.usage(prog, usage_args)
    text = help_text.partition("\f")[0]
    if text:
        f.paragraph()
        f.indent += 2
        f.text(text)
        f.indent -= 2
    if options:
        f.section("Options", options)
    if commands:
        limit = width - 6 - max(len(name) for name, _ in commands)
        f.section("Commands", [(name, short_help(text, limit)) for name, text in commands])
    return "".join(f.buffer).rstrip("\n")
