#!/usr/bin/env bash
# bench/run.sh - the factcheck benchmark suite.  See bench/README.md.
#
#   bench/run.sh [CORPUS] [--only STEP[,STEP...]] [--work DIR] [--report]
#
# CORPUS   a gen_corpus.py corpus folder (truth.tsv, facts-*.tsv, <outlet>/...); default: $WORK/corpus,
#          generated with ../shared/bench/gen_corpus.py (size $BENCH_SIZE, default 1G) when absent.
# STEPS    index floor refresh search startup check checkfile  (default: all, in that order)
# --work   scratch folder outside the repo for index files, inputs and raw results
#          (default: $FACTCHECK_BENCH_WORK or /tmp/factcheck-bench).  Steps reuse what earlier runs left
#          there, so `--only search` after a code change re-measures search on the index already built.
# --report print the table from the raw results already in --work and exit (runs nothing).
#
# Progress goes to stderr; the BENCHMARKS.md-ready table (markdown) goes to stdout at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
ALL_STEPS="index floor refresh search startup check checkfile"
WORK="${FACTCHECK_BENCH_WORK:-/tmp/factcheck-bench}"
CORPUS=""
ONLY=""
REPORT_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="${2//,/ }"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; ONLY="${ONLY//,/ }"; shift ;;
    --work) WORK="$2"; shift 2 ;;
    --report) REPORT_ONLY=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) CORPUS="$1"; shift ;;
  esac
done
STEPS="${ONLY:-$ALL_STEPS}"
for s in $STEPS; do
  case " $ALL_STEPS " in *" $s "*) ;; *) echo "run.sh: unknown step '$s' (steps: $ALL_STEPS)" >&2; exit 2 ;; esac
done

# Bytecode: this machine sets PYTHONDONTWRITEBYTECODE=1, which makes every factcheck start recompile its
# sources (~75 ms); users have .pyc caches.  Keep them, outside the repo, in the work folder.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$WORK/pycache}"
PY="${PYTHON:-$REPO/.venv/bin/python}"
FC="${FACTCHECK:-$REPO/.venv/bin/factcheck}"
RES="$WORK/results"
mkdir -p "$RES" "$WORK/inputs"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: '$1' not found (apt-get install -y $2)" >&2; exit 2; }; }

if [ "$REPORT_ONLY" = 1 ]; then
  exec "$PY" "$HERE/report.py" "$RES"
fi
need hyperfine hyperfine; need rg ripgrep; [ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install -y time)" >&2; exit 2; }

# -- the corpus -------------------------------------------------------------------------------------
if [ -z "$CORPUS" ]; then
  CORPUS="$WORK/corpus"
  if [ ! -f "$CORPUS/truth.tsv" ]; then
    SHARED="$(cd "$REPO/.." && pwd)/shared/bench"
    log "no corpus given: generating ${BENCH_SIZE:-1G} into $CORPUS with $SHARED/gen_corpus.py"
    bash "$SHARED/fetch-seed-text.sh" >&2
    python3 "$SHARED/gen_corpus.py" --out "$CORPUS" --size "${BENCH_SIZE:-1G}" --jobs 2 >&2
  fi
fi
CORPUS="$(cd "$CORPUS" && pwd)"
case "$CORPUS/" in "$REPO/"*) echo "run.sh: the corpus must be outside the repo" >&2; exit 2 ;; esac
DB="$WORK/index.db"
SMALLDB="$WORK/bundled.db"
printf '%s\n' "$CORPUS" > "$RES/corpus_path"

# machine facts, once per run
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "dirty=$(git -C "$REPO" status --porcelain -- factcheck 2>/dev/null | wc -l | tr -d ' ')"
  echo "nproc=$(nproc)"
  echo "mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "python=$("$PY" -c 'import sys; print(sys.version.split()[0])')"
  echo "sqlite=$("$PY" -c 'import sqlite3; print(sqlite3.sqlite_version)')"
  echo "rg=$(rg --version | head -1)"
  echo "hyperfine=$(hyperfine --version)"
} > "$RES/machine.env"

# inputs built from the answer keys (deterministic)
if [ ! -s "$WORK/inputs/claims.key.tsv" ] || [ "$(cat "$WORK/inputs/corpus" 2>/dev/null)" != "$CORPUS" ]; then
  "$PY" "$HERE/claims.py" make "$CORPUS" "$WORK/inputs" >&2
  printf '%s\n' "$CORPUS" > "$WORK/inputs/corpus"
fi

warm_cache() {  # read the corpus once, untimed, so index and floor start from the same (warm) page cache
  log "warming the page cache: reading every file of $CORPUS once"
  find "$CORPUS" -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null
}

ensure_index() {  # steps that need the big index skip (and say so) when the 'index' step has not left one
  if [ ! -f "$DB" ]; then
    log "SKIPPED: no index at $DB (run the 'index' step first: bench/run.sh CORPUS --only index)"
    SKIPPED=1
    return 1
  fi
}

# -- steps ------------------------------------------------------------------------------------------
step_index() {
  warm_cache
  log "index: fresh build of $CORPUS -> $DB"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  local cmd=("$FC" index --sources "$CORPUS" --db "$DB" --json -q)
  printf '%s\n' "${cmd[*]}" > "$RES/index.cmd"
  /usr/bin/time -v -o "$RES/index.time" "$PY" "$HERE/treemem.py" --out "$RES/index.mem.json" -- "${cmd[@]}" \
    > "$RES/index.out.json" 2> "$RES/index.err" || { log "index FAILED (see $RES/index.err)"; tail -5 "$RES/index.err" >&2; }
  find "$CORPUS" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' -o -name '*.html' -o -name '*.htm' \) \
    -printf '%s\n' | awk '{s+=$1; n++} END {print s, n}' > "$RES/corpus_bytes"
  { stat -c %s "$DB" 2>/dev/null || echo 0; stat -c %s "$DB-wal" 2>/dev/null || echo 0; } | awk '{s+=$1} END {printf "%.0f\n", s}' > "$RES/index_bytes"
}

step_floor() {
  warm_cache
  log "floor: plain FTS5 insert loop (bench/fts_floor.py) over $CORPUS"
  local cmd=("$PY" "$HERE/fts_floor.py" "$CORPUS" "$WORK/floor.db" --mode external --json)
  printf '%s\n' "${cmd[*]}" > "$RES/floor.cmd"
  /usr/bin/time -v -o "$RES/floor.time" "${cmd[@]}" > "$RES/floor.json"
  rm -f "$WORK/floor.db"
}

step_refresh() {
  ensure_index || return 0
  log "refresh: no-change 'factcheck index' (hyperfine, 5 runs)"
  local cmd="$FC index --sources $CORPUS --db $DB -q"
  printf '%s\n' "$cmd" > "$RES/refresh.cmd"
  hyperfine -N --warmup 1 --runs 5 --export-json "$RES/refresh.json" "$cmd" >&2
}

step_search() {
  ensure_index || return 0
  local q="$WORK/inputs/queries.txt"
  log "search: $(wc -l < "$q") queries, one process each: --no-refresh, default, rg"
  {
    printf 'norefresh\t%s\n' "$FC search --sources $CORPUS --db $DB --color never --no-refresh QUERY"
    printf 'default\t%s\n' "$FC search --sources $CORPUS --db $DB --color never QUERY"
    printf 'rg\t%s\n' "rg -i -C2 -g '*.txt' QUERY $CORPUS"
  } > "$RES/search.cmd"
  "$PY" "$HERE/lat.py" --inputs "$q" --label search-norefresh -- "$FC" search --sources "$CORPUS" --db "$DB" --color never --no-refresh {} > "$RES/search.norefresh.json"
  "$PY" "$HERE/lat.py" --inputs "$q" --label search-default -- "$FC" search --sources "$CORPUS" --db "$DB" --color never {} > "$RES/search.default.json"
  "$PY" "$HERE/lat.py" --inputs "$q" --label rg -- rg -i -C2 -g '*.txt' {} "$CORPUS" > "$RES/search.rg.json"
}

step_startup() {
  log "startup: factcheck --help vs python -c pass; check on the bundled sources"
  rm -f "$SMALLDB" "$SMALLDB-wal" "$SMALLDB-shm"
  "$FC" index --sources "$REPO/sources" --db "$SMALLDB" -q >&2
  local claim="X has 800 employees"
  {
    printf 'help\t%s\n' "hyperfine -N --warmup 3 --runs 20 '$PY -c pass' '$FC --help'"
    printf 'check\t%s\n' "hyperfine -N --warmup 3 --runs 20 '$PY -c pass' '$FC check --sources $REPO/sources --db $SMALLDB --no-refresh \"$claim\"' '$FC check --sources $REPO/sources --db $SMALLDB \"$claim\"'"
  } > "$RES/startup.cmd"
  hyperfine -N -i --warmup 3 --runs 20 --export-json "$RES/startup.help.json" "$PY -c pass" "$FC --help" >&2
  hyperfine -N -i --warmup 3 --runs 20 --export-json "$RES/startup.check.json" "$PY -c pass" \
    "$FC check --sources $REPO/sources --db $SMALLDB --color never --no-refresh '$claim'" \
    "$FC check --sources $REPO/sources --db $SMALLDB --color never '$claim'" >&2
}

step_check() {
  ensure_index || return 0
  local s="$WORK/inputs/single.txt" e="$WORK/inputs/entities.txt"
  log "check: $(wc -l < "$s") single claims, one process each: --no-refresh, default, rg ENTITY"
  {
    printf 'norefresh\t%s\n' "$FC check --sources $CORPUS --db $DB --color never --no-refresh CLAIM"
    printf 'default\t%s\n' "$FC check --sources $CORPUS --db $DB --color never CLAIM"
    printf 'rg\t%s\n' "rg -i -C2 -g '*.txt' ENTITY $CORPUS"
  } > "$RES/check.cmd"
  "$PY" "$HERE/lat.py" --inputs "$s" --label check-norefresh -- "$FC" check --sources "$CORPUS" --db "$DB" --color never --no-refresh {} > "$RES/check.norefresh.json"
  "$PY" "$HERE/lat.py" --inputs "$s" --label check-default -- "$FC" check --sources "$CORPUS" --db "$DB" --color never {} > "$RES/check.default.json"
  "$PY" "$HERE/lat.py" --inputs "$e" --label rg -- rg -i -C2 -g '*.txt' {} "$CORPUS" > "$RES/check.rg.json"
}

step_checkfile() {
  ensure_index || return 0
  local f="$WORK/inputs/claims.txt"
  log "checkfile: check --file of $(wc -l < "$f") claims --jsonl --no-refresh (time + tree memory)"
  local cmd=("$FC" check --sources "$CORPUS" --db "$DB" --no-refresh --file "$f" --jsonl -q)
  printf '%s\n' "${cmd[*]}" > "$RES/checkfile.cmd"
  /usr/bin/time -v -o "$RES/checkfile.time" "$PY" "$HERE/treemem.py" --out "$RES/checkfile.mem.json" -- "${cmd[@]}" \
    > "$WORK/checkfile.jsonl" 2> "$RES/checkfile.err" || true  # exit 1 = something contradicted: expected
  "$PY" "$HERE/claims.py" score "$WORK/inputs/claims.key.tsv" "$WORK/checkfile.jsonl" > "$RES/checkfile.score.json"
  wc -l < "$f" | tr -d ' ' > "$RES/checkfile.n"
}

for s in $STEPS; do
  t0=$(date +%s)
  load0=$(cut -d' ' -f1 /proc/loadavg)
  SKIPPED=0
  "step_$s"
  [ "$SKIPPED" = 1 ] && continue
  printf '%s %s %s %s\n' "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$REPO" status --porcelain -- factcheck 2>/dev/null | wc -l | tr -d ' ')" "$(date -u +%Y-%m-%dT%H:%MZ)" "$load0/$(cut -d' ' -f1 /proc/loadavg)" > "$RES/$s.stamp"
  log "$s done in $(( $(date +%s) - t0 )) s"
done
"$PY" "$HERE/report.py" "$RES"
