"""Start-up stays cheap (issue #2): each invocation imports only what it needs.

No timings here (they flake on a shared machine; bench/startup.sh measures them).  Instead each
test runs the CLI in a fresh interpreter and checks which modules it imported: a plain
``factcheck --help`` or ``--version`` imports neither typer nor any command; a command imports its
own module and none of the others'.  The light command table and the typer-free help are checked
against what typer itself prints, so the shortcuts cannot drift from the real help.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from factcheck.cli.app import make_app
from factcheck.cli.commands import COMMANDS
from factcheck.cli.main import root_help
from tests.conftest import REPO

CMD_MODULES = {f"factcheck.cli.{module}" for module, _summary in COMMANDS.values()}
# never needed to print help; the library packages only when a command runs
HEAVY = (
    "rich",
    "rapidfuzz",
    "sqlite3",
    "currency_converter",
    "factcheck.extract",
    "factcheck.check",
    "factcheck.ingest",
    "factcheck.store",
    "factcheck.indexer",
    "factcheck.search",
)


def imported_by(args: list[str], *, stdin: str = "", **env: str) -> tuple[int, str, set[str]]:
    """(exit status, stdout, modules loaded) for ``factcheck ARGS`` run in a fresh interpreter
    whose stdout is a pipe (plain output, as under a script or hyperfine)."""
    probe = (
        "import json, sys\n"
        "from factcheck.cli.main import main\n"
        "try:\n"
        f"    code = main({args!r})\n"
        "finally:\n"  # also when typer exits on its own (shell completion)
        "    sys.stdout.flush()\n"
        "    sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
        "sys.exit(code)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", probe],
        input=stdin.encode(),
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **env},
        cwd=str(REPO),
        timeout=60,
    )
    err = r.stderr.decode()
    assert "MODULES " in err, err
    return r.returncode, r.stdout.decode(), set(json.loads(err.rsplit("MODULES ", 1)[1]))


def loaded(modules: set[str], prefixes: tuple[str, ...] | set[str]) -> set[str]:
    return {m for m in modules for p in prefixes if m == p or m.startswith(p + ".")}


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], [], ["--version"]], ids=["--help", "-h", "none", "--version"]
)
def test_plain_help_and_version_import_no_typer_and_no_command(args: list[str]) -> None:
    code, out, modules = imported_by(args)
    assert code == (2 if not args else 0)
    assert out.startswith("factcheck " if args == ["--version"] else "Usage: factcheck [OPTIONS] COMMAND")
    assert loaded(modules, ("typer", "click", *HEAVY)) == set()
    assert loaded(modules, CMD_MODULES | {"factcheck.cli.app"}) == set()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_help_imports_that_command_only(name: str) -> None:
    code, out, modules = imported_by([name, "--help"])
    assert code == 0 and out.startswith(f"Usage: factcheck {name} ")
    own = f"factcheck.cli.{COMMANDS[name][0]}"
    assert own in modules
    assert loaded(modules, CMD_MODULES - {own}) == set()
    assert loaded(modules, HEAVY) == set(), "a command's --help needs none of the library"


def test_check_imports_no_other_command_and_no_rich_when_piped(bundled_db: Path, bundled_copy: Path) -> None:
    env = {"FACTCHECK_DB": str(bundled_db), "FACTCHECK_SOURCES": str(bundled_copy)}
    code, out, modules = imported_by(["check", "--no-refresh", "Zhipu AI has 800 employees"], **env)
    assert code in (0, 1) and "Zhipu AI has 800 employees" in out  # the verdict is not this test's
    assert "factcheck.cli.check_cmd" in modules
    assert loaded(modules, CMD_MODULES - {"factcheck.cli.check_cmd"}) == set()
    assert loaded(modules, ("rich",)) == set(), "plain output needs no rich"
    assert "factcheck.indexer" not in modules, "--no-refresh needs no indexer"


def test_every_command_module_is_in_the_table() -> None:
    on_disk = {p.stem for p in (REPO / "factcheck" / "cli").glob("*_cmd.py")}
    assert on_disk == {module for module, _summary in COMMANDS.values()}, (
        "a new command needs its row in COMMANDS (factcheck/cli/commands.py)"
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_table_summary_is_the_first_paragraph_of_the_command_help(name: str) -> None:
    one = typer.Typer()
    import_module(f"factcheck.cli.{COMMANDS[name][0]}").register(one)
    (info,) = one.registered_commands
    assert info.name == name
    doc = info.help or (info.callback.__doc__ if info.callback else None)
    assert doc is not None
    first = inspect.cleandoc(doc).split("\n\n")[0]
    assert first == COMMANDS[name][1], "copy it into COMMANDS in factcheck/cli/commands.py"


@pytest.mark.parametrize("mode", [None, "rich"])
@pytest.mark.parametrize("args", [["--help"], [], ["chek"], ["check", "--help"], ["report", "--help"]])
def test_lazy_app_prints_what_an_eagerly_registered_app_prints(mode: str | None, args: list[str]) -> None:
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    lazy = runner.invoke(make_app(mode), args, prog_name="factcheck", env=env)
    eager = runner.invoke(make_app(mode, lazy=False), args, prog_name="factcheck", env=env)
    assert (lazy.exit_code, lazy.output) == (eager.exit_code, eager.output)
    assert lazy.output


@pytest.mark.parametrize("width", range(50, 79))
def test_typer_free_help_is_typers_help_at_every_width(width: int) -> None:
    group = typer.main.get_command(make_app(None))
    ctx = group.make_context("factcheck", [], resilient_parsing=True, terminal_width=width)
    assert root_help(width) == group.get_help(ctx)


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_help_through_both_paths_is_the_same(cli, columns: str) -> None:
    typer_path = cli("--help", COLUMNS=columns)  # in-process, through the typer app
    code, out, _modules = imported_by(["--help"], COLUMNS=columns)
    assert (code, out) == (typer_path.code, typer_path.out)


def test_no_arguments_prints_help_and_exits_2_through_both_paths(cli) -> None:
    typer_path = cli(COLUMNS="80")
    code, out, _modules = imported_by([])
    assert (code, out) == (typer_path.code, typer_path.out) == (2, out)


def test_version_through_both_paths(cli) -> None:
    code, out, _modules = imported_by(["--version"])
    assert (code, out) == (cli("--version").code, cli("--version").out) == (0, out)


def test_shell_completion_still_goes_to_typer() -> None:
    _code, out, modules = imported_by(
        [], _FACTCHECK_COMPLETE="complete_bash", COMP_WORDS="factcheck ", COMP_CWORD="1"
    )
    assert out.split() == list(COMMANDS)
    assert "typer" in modules and loaded(modules, CMD_MODULES) == set()


def test_unknown_command_suggests_from_the_table(cli) -> None:
    r = cli("chek")
    assert r.code == 2
    assert (
        r.err
        == "factcheck: error: No such command 'chek'. Did you mean 'check'?\nTry 'factcheck --help' for help.\n"
    )
