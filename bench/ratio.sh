#!/usr/bin/env bash
# bench/ratio.sh CORPUS [PAIRS] [--work DIR] - the index/floor ratio as PAIRS back-to-back pairs
# (default 3), floor first then index, each pair minutes apart at most, and their median.
#
# On a shared 2-core machine one pair is a lottery: the floor alone moved 71.9-95.1 s within an hour
# (session 6), and a CPU-bound loop of Python ran 2.1-3.5 s from one minute to the next (session 7).
# The commands are bench/run.sh's (fresh `factcheck index`, then bench/fts_floor.py --mode external),
# without the memory sampler; PYTHON / FACTCHECK choose the build as for run.sh.  Prints one line
# per pair (with the seconds a fixed CPU-bound loop took just before it: the machine's speed then)
# and the median ratio; raw /usr/bin/time output in WORK/ratio-N-{index,floor}.time.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
CORPUS="${1:?usage: bench/ratio.sh CORPUS [PAIRS] [--work DIR]}"
shift
PAIRS=3
WORK="${FACTCHECK_BENCH_WORK:-/tmp/factcheck-bench}"
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="$2"; shift 2 ;;
    *) PAIRS="$1"; shift ;;
  esac
done
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$WORK/pycache}"
PY="${PYTHON:-$REPO/.venv/bin/python}"
FC="${FACTCHECK:-$REPO/.venv/bin/factcheck}"
mkdir -p "$WORK"
DB="$WORK/ratio.db"
cd /  # the checkout's own factcheck/ must not shadow the build under test
echo "build: $("$FC" --version); python: $("$PY" -c 'import sys; print(sys.version.split()[0], sys.executable)')"
field() { grep -F "$1" "$2" | awk -F': ' '{print $2}'; }
wall() { field 'Elapsed (wall clock)' "$1" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
cpu() { echo "$(field 'User time' "$1") + $(field 'System time' "$1")" | bc; }
# the machine's own speed at the moment: a fixed CPU-bound loop of this Python (30 M additions)
calibration() { "$PY" -c 'import time
t = time.process_time(); x = 0
for i in range(30_000_000): x += i
print(f"{time.process_time() - t:.2f}")'; }
ratios=()
for i in $(seq 1 "$PAIRS"); do
  cal=$(calibration)
  rm -f "$WORK/floor.db"
  /usr/bin/time -v -o "$WORK/ratio-$i-floor.time" "$PY" "$HERE/fts_floor.py" "$CORPUS" "$WORK/floor.db" \
    --mode external --json > /dev/null
  rm -f "$WORK/floor.db" "$DB" "$DB-wal" "$DB-shm"
  /usr/bin/time -v -o "$WORK/ratio-$i-index.time" "$FC" index --sources "$CORPUS" --db "$DB" --json -q > /dev/null
  f=$(wall "$WORK/ratio-$i-floor.time"); x=$(wall "$WORK/ratio-$i-index.time")
  r=$(echo "scale=2; $x / $f" | bc)
  ratios+=("$r")
  printf '%s pair %d: floor %.1f s (%.0f CPU-s), index %.1f s (%.0f CPU-s), ratio %.2fx; calibration %s s\n' \
    "$(date -u +%H:%MZ)" "$i" "$f" "$(cpu "$WORK/ratio-$i-floor.time")" "$x" "$(cpu "$WORK/ratio-$i-index.time")" \
    "$r" "$cal"
done
rm -f "$DB" "$DB-wal" "$DB-shm"
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
echo "median ratio of $PAIRS pairs: ${median}x (target <= 2x)"
