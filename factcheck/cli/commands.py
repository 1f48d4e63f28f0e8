"""The command table: each command's name, module and one-line summary, and the top-level help.

Kept free of typer and rich so that ``factcheck --help`` can list the commands without importing
them (see factcheck/cli/main.py); factcheck/cli/app.py builds the typer app from the same table.
tests/test_cli_startup.py checks every summary against the command's real help.
"""

from __future__ import annotations

PROG = "factcheck"

ROOT_HELP = (
    "Check figures in claims against a folder of sources, offline.\n\n"
    'Example: factcheck check "Acme Robotics has 350 employees"'
)
VERSION_HELP = "Print the version and exit."
HELP_OPTIONS = ("-h", "--help")

# name -> (module under factcheck.cli, the first paragraph of the command's help), in help order.
# A summary must equal the first paragraph of the command function's docstring, which the
# command's own --help shows in full.
COMMANDS: dict[str, tuple[str, str]] = {
    "index": (
        "index_cmd",
        "Build or refresh the index of the sources (only new and changed documents are read).",
    ),
    "sources": ("sources_cmd", "List the indexed sources: id, outlet, date, passages, repairs and warnings."),
    "search": ("search_cmd", "Find passages (best first, BM25), with the query terms highlighted."),
    "facts": (
        "facts_cmd",
        "List the facts found in the sources: entity, attribute, figure, source, line and quote.",
    ),
    "extract": (
        "extract_cmd",
        "Print the quantities found in text and each one's frame: what it measures, about whom, when.",
    ),
    "check": ("check_cmd", "Check claims against every matching passage of the sources."),
    "conflicts": (
        "conflicts_cmd",
        "Report where the sources disagree: each entity and attribute whose figures differ, and why.",
    ),
    "report": (
        "report_cmd",
        "Write where the sources disagree - the conflict groups, each figure with its sources and\n"
        "quoted sentence - as one self-contained HTML page (no scripts, no network assets).",
    ),
}
