#!/usr/bin/env python3
"""report.py - the BENCHMARKS.md table from the raw results that bench/run.sh leaves in WORK/results.

  python bench/report.py WORK/results

Every target is checked here (one place).  A step whose raw results are missing shows as 'not run'.
"""

from __future__ import annotations

import json
import os
import re
import sys

R = sys.argv[1] if len(sys.argv) > 1 else "/tmp/factcheck-bench/results"
rows: list[tuple[str, str, str, str, str]] = []  # measure, figure, target, met, command


def path(name):
    return os.path.join(R, name)


def load_json(name):
    try:
        with open(path(name)) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def text(name, default=""):
    try:
        with open(path(name)) as fh:
            return fh.read().strip()
    except OSError:
        return default


def cmd(name, key=None):
    t = text(name)
    if key is None:
        return t
    for line in t.splitlines():
        k, _, v = line.partition("\t")
        if k == key:
            return v
    return ""


def gnu_time(name):
    t = text(name)
    out = {}
    if not t:
        return out
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["wall"] = secs
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    if m:
        out["maxrss_kib"] = int(m.group(1))
    cpu = 0.0
    for k in ("User time (seconds)", "System time (seconds)"):
        m = re.search(re.escape(k) + r": ([\d.]+)", t)
        cpu += float(m.group(1)) if m else 0.0
    out["cpu"] = cpu
    m = re.search(r"Exit status: (\d+)", t)
    out["exit"] = int(m.group(1)) if m else 0
    return out


def met(ok):
    return "yes" if ok else "**no**"


def mib(kib):
    return f"{kib / 1024:,.0f} MiB"


def add(measure, figure, target="-", ok=None, command=""):
    rows.append((measure, figure, target, "-" if ok is None else met(ok), f"`{command}`" if command else ""))


def not_run(measure, step):
    if (
        step in ("refresh", "search", "check", "checkfile")
        and text("index.time")
        and not os.path.exists(os.path.join(os.path.dirname(R.rstrip("/")), "index.db"))
    ):
        add(measure, "not measured: no index (the index step did not finish)", "", None, "")
    else:
        add(measure, f"not run (`bench/run.sh --only {step}`)", "", None, "")


# 1. index
idx = gnu_time("index.time")
mem = load_json("index.mem.json")
corpus = text("corpus_bytes", "0 0").split()
cbytes = int(corpus[0]) if corpus and corpus[0].isdigit() else 0
idx_secs = None
gib = cbytes / (1 << 30) if cbytes else 1.0
size_label = f"{cbytes / 1048576:,.0f} MiB" if cbytes else "corpus"
idx_target = 180 * gib  # 1 GiB <= 3 min, scaled linearly to the corpus size
idx_target_s = "<= 180 s" if abs(gib - 1) < 0.02 else f"<= {idx_target:.0f} s (180 s/GiB)"
if idx:
    c = cmd("index.cmd")
    err = text("index.err").splitlines()
    if (mem or {}).get("exit", idx.get("exit", 0)) not in (0, None):
        note = text("index.note")
        add(
            f"index {size_label} (fresh) wall time",
            note
            or f"FAILED exit {mem.get('exit')} after {idx.get('wall', 0):.1f} s: "
            f"{err[-1][:160] if err else ''}",
            idx_target_s,
            False,
            c,
        )
        add(
            "index peak memory until stopped, whole tree (sampled PSS / RSS sum)",
            f"{mib(mem['peak_tree_pss_kib'])} / {mib(mem['peak_tree_rss_kib'])} ({mem['peak_procs']} procs)",
            "-",
            None,
            "bench/treemem.py -- " + c,
        )
    else:
        idx_secs = idx["wall"]
        add(
            f"index {size_label} (fresh) wall time",
            f"{idx_secs:.1f} s ({cbytes / 1048576 / idx_secs:.1f} MiB/s; "
            f"CPU user+sys {idx.get('cpu', 0):.0f} s, all processes)",
            idx_target_s,
            idx_secs <= idx_target,
            c,
        )
        add(
            "index peak RSS, largest process (`/usr/bin/time -v`)",
            mib(idx.get("maxrss_kib", 0)),
            "-",
            None,
            c,
        )
        if mem:
            add(
                "index peak memory, whole tree (sampled, PSS / RSS sum)",
                f"{mib(mem['peak_tree_pss_kib'])} / {mib(mem['peak_tree_rss_kib'])} ({mem['peak_procs']} procs)",
                "-",
                None,
                "bench/treemem.py -- " + c,
            )
        ib = int(float(text("index_bytes", "0") or 0))  # awk prints sums past 2^31 as 3.9687e+09
        add(
            "index file size vs corpus text",
            f"{ib / 1048576:,.0f} MiB vs {cbytes / 1048576:,.0f} MiB ({ib / cbytes:.2f}x)"
            if cbytes
            else f"{ib} B",
            "-",
            None,
            "",
        )
else:
    not_run("index (fresh) wall time", "index")

# 2. floor
fl = load_json("floor.json")
if fl:
    ft = gnu_time("floor.time")
    add(
        f"FLOOR: plain FTS5 loop ({fl['mode']}-content, 1 process, 1 txn) wall time",
        f"{fl['seconds']:.1f} s ({fl['mib_per_s']:.1f} MiB/s, CPU user+sys {ft.get('cpu', 0):.0f} s, {fl['paragraphs']:,} paragraphs, "
        f"peak RSS {mib(ft.get('maxrss_kib', 0))})",
        "-",
        None,
        cmd("floor.cmd"),
    )
    if idx_secs:
        ratio = idx_secs / fl["seconds"]
        add(
            "index time / floor time",
            f"{ratio:.2f}x (throughput {1 / ratio:.2f}x the floor)",
            "<= 2x",
            ratio <= 2,
            "",
        )
    else:
        add("index time / floor time", "n/a (index did not complete)", "<= 2x", False, "")
else:
    not_run("FLOOR: plain FTS5 loop", "floor")

# 3. refresh
rf = load_json("refresh.json")
if rf:
    r = rf["results"][0]
    add(
        "no-change refresh (`index` again)",
        f"{r['mean']:.2f} s mean ({r['min']:.2f}-{r['max']:.2f}, {len(r['times'])} runs)",
        "<= 2 s",
        r["mean"] <= 2,
        cmd("refresh.cmd"),
    )
else:
    not_run("no-change refresh", "refresh")


# 4. search
def lat_rows(step, what, target_note):
    nr, df, rg = (load_json(f"{step}.{k}.json") for k in ("norefresh", "default", "rg"))
    if not rg:
        not_run(f"{what} latency", step)
        return
    add(
        f"{what}: rg -i -C2 baseline, p50 / p90",
        f"{rg['p50_ms']:.0f} / {rg['p90_ms']:.0f} ms (n={rg['n']})",
        "-",
        None,
        cmd(f"{step}.cmd", "rg"),
    )
    for key, res, label in (("norefresh", nr, "--no-refresh"), ("default", df, "default (refresh check)")):
        if not res:
            continue
        bad = {k: v for k, v in res["exit_codes"].items() if k not in ("0", "1")}
        ratio = res["p50_ms"] / rg["p50_ms"]
        fig = f"{res['p50_ms']:.0f} / {res['p90_ms']:.0f} ms = {ratio:.2f}x rg p50"
        if bad:
            fig += f" (errors: exit {bad})"
        add(f"{what} {label}, p50 / p90", fig, target_note, ratio <= 1 and not bad, cmd(f"{step}.cmd", key))


lat_rows("search", "search", "p50 <= 1x rg")

# 5. start-up
sh = load_json("startup.help.json")
if sh:
    base, helpr = sh["results"][0], sh["results"][1]
    ratio = helpr["mean"] / base["mean"]
    add(
        "start-up: `factcheck --help` vs `python -c pass`",
        f"{helpr['mean'] * 1000:.0f} ms vs {base['mean'] * 1000:.0f} ms = {ratio:.1f}x",
        "<= 5x",
        ratio <= 5,
        cmd("startup.cmd", "help"),
    )
else:
    not_run("start-up --help", "startup")
sc = load_json("startup.check.json")
if sc:
    base = sc["results"][0]
    for r, label in ((sc["results"][1], "--no-refresh"), (sc["results"][2], "default")):
        ratio = r["mean"] / base["mean"]
        ms = r["mean"] * 1000
        codes = set(r.get("exit_codes", []))
        fig = f"{ms:.0f} ms = {ratio:.1f}x python -c pass"
        if codes - {0, 1}:
            fig += f" (exit codes {sorted(codes)})"
        add(
            f'`check "X has 800 employees"` on bundled sources, {label}',
            fig,
            "<= 120 ms and <= 8x",
            ms <= 120 and ratio <= 8 and not (codes - {0, 1}),
            cmd("startup.cmd", "check"),
        )

# 6. check single claims
lat_rows("check", f"check 1 claim on {size_label}", "p50 <= 1x rg")

# 6b/7. check --file
cf = load_json("checkfile.mem.json")
if cf:
    n = int(text("checkfile.n", "0") or 0)
    sc = load_json("checkfile.score.json") or {}
    c = cmd("checkfile.cmd")
    done = sc.get("results", 0)
    rate = done / cf["seconds"] if cf["seconds"] else 0
    fig = f"{rate:,.0f} claims/s ({done:,} results in {cf['seconds']:.1f} s, exit {cf['exit']})"
    add(
        f"`check --file` {n:,} claims --jsonl: throughput",
        fig,
        ">= 500 claims/s",
        rate >= 500 and done == n,
        c,
    )
    if sc:
        add(
            "verdicts matching the answer key (rule in bench/claims.py)",
            f"{sc['match_share'] * 100:.1f}% ({sc['match']:,}/{sc['claims']:,}); strict {sc['strict_share'] * 100:.1f}%; "
            f"true claims {sc['verdicts_true_claims']}; false claims {sc['verdicts_false_claims']}; by attribute "
            + ", ".join(
                f"{a} {c.get('match', 0) / c['n'] * 100:.0f}%" for a, c in sc.get("per_attribute", {}).items()
            ),
            "-",
            None,
            "bench/claims.py score",
        )
    t = gnu_time("checkfile.time")
    add(
        "`check --file` peak memory",
        f"{mib(cf['peak_tree_pss_kib'])} PSS tree / {mib(t.get('maxrss_kib', 0))} max RSS",
        "-",
        None,
        c,
    )
else:
    not_run("check --file 10,000 claims", "checkfile")

env = dict(l.split("=", 1) for l in text("machine.env").splitlines() if "=" in l)
print(
    f"Machine: {env.get('cpu', '?')}, nproc {env.get('nproc', '?')}, {env.get('mem', '?')} RAM; "
    f"Python {env.get('python', '?')}, SQLite {env.get('sqlite', '?')}, {env.get('rg', '?')}, {env.get('hyperfine', '?')}.  "
)
print(
    f"Date {env.get('date', '?')}, commit {env.get('commit', '?')}"
    + (
        f" + uncommitted changes in {env.get('dirty')} files under factcheck/"
        if env.get("dirty", "0") != "0"
        else ""
    )
    + f"; corpus {text('corpus_path', '?')}."
)
stamps = []
for step in ("index", "floor", "refresh", "search", "startup", "check", "checkfile"):
    st = text(f"{step}.stamp").split()
    if len(st) >= 3:
        stamps.append(
            f"{step} {st[2]} @{st[0]}"
            + (f"+{st[1]} dirty" if st[1] != "0" else "")
            + (f" load {st[3]}" if len(st) > 3 else "")
        )
if stamps:
    print(
        "Each step ran at (UTC time, commit + uncommitted files under factcheck/, 1-min load average at start/end "
        "on 2 cores): " + "; ".join(stamps) + "."
    )
print()
print("| measure | figure | target | met? | command |")
print("| --- | --- | --- | --- | --- |")
for r in rows:
    print("| " + " | ".join(x.replace("|", "\\|") for x in r) + " |")
