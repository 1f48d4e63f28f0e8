"""Visible text and metadata of an HTML page, with the standard library's ``html.parser``.

* The contents of ``script``, ``style``, ``noscript``, ``template``, ``nav``, ``footer``, ``aside``,
  ``head`` (bar ``title``), ``svg``, ``iframe``, ``object`` and ``form`` are dropped; script text is
  never kept or executed.
* Block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``br``, ``tr``, ...) end a line, so the
  result has one paragraph per line; list items start with ``- ``; ``pre`` keeps its line breaks.
* Runs of white space inside a paragraph collapse to one space; entities are unescaped.
* Metadata: ``<title>`` (or ``og:title``) -> ``title``; ``<meta name=author>`` -> ``author``;
  ``<meta name=description>`` (or ``og:description``) -> ``description``;
  ``<meta property=article:published_time>`` (or ``name=date`` / ``pubdate``) -> ``date``;
  ``og:site_name`` -> ``outlet``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "nav", "footer", "aside", "head", "svg", "iframe",
     "object", "form"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "ul", "ol", "dl",
     "dt", "dd", "section", "article", "header", "main", "blockquote", "pre", "table", "figure",
     "figcaption", "hr", "address", "caption", "details", "summary", "body", "html"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr"}
)  # fmt: skip
# <meta> attribute value -> metadata key, in order of preference (first seen wins per key,
# except that preferred sources override fallbacks).
_META_KEYS: dict[str, tuple[str, int]] = {
    "author": ("author", 0),
    "article:author": ("author", 1),
    "description": ("description", 0),
    "og:description": ("description", 1),
    "article:published_time": ("date", 0),
    "date": ("date", 1),
    "pubdate": ("date", 1),
    "publish-date": ("date", 1),
    "dc.date": ("date", 2),
    "og:site_name": ("outlet", 0),
    "og:title": ("title", 1),
}
_SPACE_RE = re.compile(r"[ \t\n\r\f\v]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buf: list[str] = []
        self._skip: list[str] = []  # stack of open skipped elements
        self._in_title = False
        self._title: list[str] = []
        self._pre = 0
        self.meta: dict[str, str] = {}
        self._meta_rank: dict[str, int] = {}

    # -- helpers -----------------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self._buf:
            return
        raw = "".join(self._buf)
        self._buf = []
        if self._pre:
            for line in raw.split("\n"):
                if line.strip():
                    self.lines.append(line.rstrip())
            return
        line = _SPACE_RE.sub(" ", raw).strip()
        if line and line != "-":
            self.lines.append(line)

    def _set_meta(self, key: str, value: str, rank: int) -> None:
        value = _SPACE_RE.sub(" ", value).strip()
        if value and rank < self._meta_rank.get(key, 99):
            self.meta[key] = value
            self._meta_rank[key] = rank

    # -- parser callbacks ----------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "title":
            self._in_title = True
            return
        if self._skip == ["head"] and (tag == "body" or tag in _BLOCK):
            self._skip.clear()  # </head> omitted, as HTML allows
        if tag in _SKIP:
            self._skip.append(tag)
            return
        if self._skip or (tag in _VOID and tag not in _BLOCK):
            return
        if tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self._pre += 1
            elif tag == "li":
                self._buf.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return  # <svg/>: nothing inside
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            if tag in self._skip:  # close it (and anything left open inside it)
                while self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self._buf.append(data)

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if name == "datepublished":
            name = "date"
        target = _META_KEYS.get(name)
        if target is not None and "content" in a:
            self._set_meta(target[0], a["content"], target[1])

    def finish(self) -> None:
        self.close()
        self._flush()
        if self._title:
            self._set_meta("title", "".join(self._title), 0)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """-> ``(visible text, one paragraph per line; metadata)``. Never raises on malformed HTML."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.finish()
    except Exception:  # html.parser is lenient, but never let a page stop the indexer
        parser._flush()
    return "\n".join(parser.lines), dict(parser.meta)
