#!/usr/bin/env bash
# bench/contend.sh SUBSET_A SUBSET_B CORPUS - bench/writer_replay.py of CORPUS twice: once while two
# bench/worker_cpu.py loops (over SUBSET_A and SUBSET_B, ~10 MB each) run beside it, as the index
# workers do during a build, and once alone.  PYTHON chooses the build (default: the project venv).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-$(dirname "$HERE")/.venv/bin/python}"
a="$1"; b="$2"; corpus="$3"
cd /
"$PY" "$HERE/writer_replay.py" "$corpus" /dev/shm/factcheck-replay.db > /dev/null  # fill the cache
"$PY" "$HERE/worker_cpu.py" "$a" 8 > /dev/null & wa=$!
"$PY" "$HERE/worker_cpu.py" "$b" 8 > /dev/null & wb=$!
sleep 2
echo "beside two workers: $("$PY" "$HERE/writer_replay.py" "$corpus" /dev/shm/factcheck-replay.db)"
wait $wa $wb
echo "alone:              $("$PY" "$HERE/writer_replay.py" "$corpus" /dev/shm/factcheck-replay.db)"
rm -f /dev/shm/factcheck-replay.db
