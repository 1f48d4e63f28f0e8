#!/usr/bin/env bash
# bench/build_once.sh LABEL CORPUS DB [CHECKOUT] - one fresh `factcheck index` of CORPUS into DB, timed as
# bench/run.sh's index step times it (/usr/bin/time -v around bench/treemem.py), printing one line:
# wall seconds, user and system CPU seconds, largest process RSS (KiB) and the tree's peak PSS / RSS.
# CHECKOUT: another checkout of factcheck to run instead of this one (e.g. a `git worktree` of an older
# commit), put first on PYTHONPATH; the command runs from / so the current folder is not on the path.
# Raw files: /tmp/build_once_LABEL.{time,mem.json,json}.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY="${PYTHON:-$REPO/.venv/bin/python}"
label="$1"; corpus="$2"; db="$3"; checkout="${4:-}"
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-/tmp/factcheck-bench/pycache}"
rm -f "$db" "$db-wal" "$db-shm"
out="/tmp/build_once_$label"
cd /
start=$(date +%s.%N)
env ${checkout:+PYTHONPATH="$checkout"} /usr/bin/time -v -o "$out.time" "$PY" "$HERE/treemem.py" --out "$out.mem.json" \
  -- "$PY" -m factcheck index --sources "$corpus" --db "$db" --json -q > "$out.json"
end=$(date +%s.%N)
field() { grep -F "$1" "$out.time" | awk -F': ' '{print $2}'; }
printf '%s wall %.1f s, user %s s, sys %s s, largest RSS %s KiB, tree %s\n' "$label" "$(echo "$end - $start" | bc)" \
  "$(field 'User time')" "$(field 'System time')" "$(field 'Maximum resident')" "$(cat "$out.mem.json")"
