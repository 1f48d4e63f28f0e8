"""``factcheck extract``: the quantity extractor on its own, for scripts and evaluation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli.common import ColorOpt, DebugOpt, JsonOpt, QuietOpt, make_env
from factcheck.cli.env import clean

if TYPE_CHECKING:
    from factcheck.extract.frames import FigureFrame


def extract(
    text: Annotated[str | None, typer.Option("--text", "-t", help="Text to read (default: stdin).")] = None,
    json_out: JsonOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Print the quantities found in text and each one's frame: what it measures, about whom, when.

    For each figure: offsets, value, interval, unit, currency and qualifier; then the words that say
    what it measures, its subject, its period, and how the text gives it (stated, forecast, ...).

    Example: echo "valued at over 20 billion yuan ($2.7 billion)" | factcheck extract --json
    """
    from factcheck.cli.jsonout import q_json
    from factcheck.extract.frames import read_frames

    env = make_env(color, quiet, debug)
    if text is None:
        if env.stdin_tty:
            env.error("no text: pass --text TEXT or pipe text on stdin")
            raise typer.Exit(2)
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        text = raw.decode("utf-8", errors="replace")
        if "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
            env.warn("input is not valid UTF-8; undecodable bytes replaced")
    frames = read_frames(text)
    found = [f.quantity for f in frames]
    if json_out:
        items = []
        for q, f in zip(found, frames, strict=True):
            d = q_json(q) or {}
            items.append({"start": q.start, "end": q.end, **d, "linked": q.linked, "frame": frame_json(f)})
        env.json({"schema_version": 1, "quantities": items})
        return
    for q, f in zip(found, frames, strict=True):
        rng = f"[{'-inf' if q.low is None else f'{q.low:g}'}, {'inf' if q.high is None else f'{q.high:g}'}]"
        unit = q.currency or q.unit or q.kind
        extra = f" qualifier={q.qualifier}" if q.qualifier else ""
        link = f" linked={q.linked}" if q.linked is not None else ""
        env.out(f"{q.start}-{q.end}\t{clean(q.text)}\t{q.value:g}\t{rng}\t{unit}{extra}{link}")
        when = f" period={clean(f.period.text)}" if f.period else ""
        who = f" subject={clean(f.subject)}" if f.subject else ""
        env.out(
            f"\tmeasure={clean(f.measure_text) or '-'}{who}{when} modality={f.modality} relation={f.relation}"
        )


def frame_json(f: FigureFrame) -> dict[str, Any]:
    """A figure's frame as JSON: what it measures, who it is about, when, how it is given."""
    from factcheck.cli.jsonout import d_json

    return {
        "measure": list(f.measure),
        "measure_text": f.measure_text,
        "subject": f.subject,
        "period": d_json(f.period),
        "modality": f.modality.value,
        "relation": f.relation,
    }


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
