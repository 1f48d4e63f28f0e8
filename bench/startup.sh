#!/usr/bin/env bash
# Start-up figures (issue #2): `factcheck --help` and one `check` on the bundled sources, against a
# bare `python -c pass`, in a clean NON-editable venv (the README's install) and in the dev venv.
#
#   bench/startup.sh [--worktree] [WORKDIR]      (WORKDIR default /tmp/factcheck-startup)
#
# The clean venv installs `git clone` of this repository (HEAD), or with --worktree the files of
# the work tree as they are (tracked and untracked, not ignored): uncommitted changes measured.
# .pyc files are compiled (`python -m compileall`) and PYTHONDONTWRITEBYTECODE is unset, as on a
# user's machine (the dev venv's .pyc go to WORKDIR/pycache, not into the work tree).  The check runs in a copy of the repository with its default index location
# (XDG_CACHE_HOME under WORKDIR), built first.  hyperfine -N --warmup 3 -r 20 throughout; the
# "terminal" rows run under `script` so that stdout is a terminal (rich help).  Results are
# printed and kept in WORKDIR/*.md.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
FROM=clone
if [ "${1:-}" = "--worktree" ]; then FROM=worktree; shift; fi
WORK=${1:-/tmp/factcheck-startup}
unset PYTHONDONTWRITEBYTECODE
export XDG_CACHE_HOME=$WORK/cache
CLAIM="Zhipu AI has 800 employees"
RUNS=(-N -i --warmup 3 -r 20)

rm -rf "$WORK/src" "$WORK/venv" "$WORK/cache"
mkdir -p "$WORK"
if [ $FROM = clone ]; then
  git clone -q "$REPO" "$WORK/src"
else
  mkdir -p "$WORK/src"
  (cd "$REPO" && git ls-files -co --exclude-standard | while IFS= read -r f; do
    [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$WORK/src")  # deleted files skipped
fi
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "$WORK/src" 2>&1 | grep -v "is ignored" || true
SP=$("$WORK/venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')
"$WORK/venv/bin/python" -m compileall -q "$SP" > /dev/null || true

PY=$WORK/venv/bin/python
FC=$WORK/venv/bin/factcheck
cd "$WORK/src"
"$FC" index -q > /dev/null
{
  echo "# start-up, $(date -u +%FT%TZ), $FROM of $(git -C "$REPO" rev-parse --short HEAD)," \
    "load $(cut -d' ' -f1 /proc/loadavg)"
} | tee "$WORK/startup.txt"

echo "## clean non-editable venv ($WORK/venv), cwd $WORK/src"
hyperfine "${RUNS[@]}" --export-markdown "$WORK/clean.md" \
  "$PY -c pass" "$PY -c 'import typer'" "$FC --help" "$FC --version" "$FC check --help" \
  "$FC check --no-refresh \"$CLAIM\"" "$FC check \"$CLAIM\""
echo "## clean venv, stdout a terminal (rich help), under script(1)"
script -qec "hyperfine ${RUNS[*]} --output=inherit --export-markdown $WORK/terminal.md '$PY -c pass' '$FC --help'" /dev/null \
  | grep -v '^\s*$' | grep -E 'Benchmark|Time|Range|±' || true

echo "## dev venv ($REPO/.venv, editable), cwd $REPO"
DPY=$REPO/.venv/bin/python
cd "$REPO"
export PYTHONPYCACHEPREFIX=$WORK/pycache  # .pyc for the work tree kept out of it
"$REPO/.venv/bin/factcheck" index -q > /dev/null  # the repo's sources, index under $XDG_CACHE_HOME
hyperfine "${RUNS[@]}" --export-markdown "$WORK/dev.md" \
  "$DPY -c pass" "$REPO/.venv/bin/factcheck --help" "$DPY -m factcheck --help" \
  "$REPO/.venv/bin/factcheck check --no-refresh \"$CLAIM\""
echo "load after: $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/startup.txt"
