#!/usr/bin/env python3
"""Summarizes one bench/run.sh run: python3 bench/summarize.py target/bench/<run>.

Merges the latency quantiles wrk wrote (bench/notifications.lua's done()) over the measured
rounds of each endpoint, checks the notification rows against the answers, and prints every target
with PASS or FAIL. Exits 0 when all pass, 2 when one fails.
"""

import json
import re
import statistics
import sys
from pathlib import Path

MIB = 1024 * 1024


def load_runs(out, kind):
    runs = []
    for path in sorted(out.glob(f"wrk-round*-{kind}.json"), key=lambda p: int(re.search(r"round(\d+)", p.name)[1])):
        runs.append(json.loads(path.read_text()))
    return runs


def weighted_latencies(run):
    """A run's latencies as (microseconds, requests) pairs: each quantile step's share of the
    requests at the step's upper value, the rest at the maximum (a bound, never flattering)."""
    pairs = []
    previous = 0.0
    for p, us in run["latency_quantiles_us"]:
        pairs.append((us, (p - previous) / 100 * run["requests"]))
        previous = p
    pairs.append((run["latency_max_us"], (100 - previous) / 100 * run["requests"]))
    return pairs


def percentile(pairs, p):
    total = sum(w for _, w in pairs)
    seen = 0.0
    for us, weight in sorted(pairs):
        seen += weight
        if seen >= p / 100 * total - 1e-9:
            return us
    return 0


def endpoint(runs):
    pairs = [pair for run in runs for pair in weighted_latencies(run)]
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["duration_us"] for r in runs) / 1e6
    status = sum(r["errors"]["status"] for r in runs)
    socket = sum(r["errors"][k] for r in runs for k in ("connect", "read", "write", "timeout"))
    return {
        "rps": requests / seconds if seconds else 0.0,
        "rounds_rps": [r["requests"] / (r["duration_us"] / 1e6) for r in runs],
        "rounds_p99": [percentile(weighted_latencies(r), 99) / 1000 for r in runs],
        "requests": requests,
        "p50": percentile(pairs, 50) / 1000,
        "p99": percentile(pairs, 99) / 1000,
        "p999": percentile(pairs, 99.9) / 1000,
        "max": max((r["latency_max_us"] for r in runs), default=0) / 1000,
        "non2xx": status,
        "socket_errors": socket,
    }


def cpu(out, kind, requests):
    """Where the CPU went during the measured runs of one endpoint, in microseconds per request.

    Each cpu-*.txt holds three snapshots (machine ticks, machine idle, service, PostgreSQL, wrk):
    before the run, when wrk stopped, when the fold had caught up; then the clock rate. The service's
    and PostgreSQL's CPU run to the third (the fold's work for this run's notifications), the rest
    to the second (a run written before the third snapshot existed has only two)."""
    total = {"service": 0, "postgres": 0, "wrk": 0, "other": 0, "idle": 0}
    ticks = 0
    hz = 100
    for path in out.glob(f"cpu-round*-{kind}.txt"):
        b = [int(x) for x in path.read_text().split()]
        machine, idle, service, postgres, wrk = (b[5 + i] - b[i] for i in range(5))
        hz = b[10]
        busy = machine - idle
        total["other"] += busy - service - postgres - wrk
        if len(b) >= 16:
            service, postgres = b[13] - b[2], b[14] - b[3]
        total["service"] += service
        total["postgres"] += postgres
        total["wrk"] += wrk
        total["idle"] += idle
        ticks += machine
    per_request = {k: v / hz / requests * 1e6 for k, v in total.items()} if requests else total
    per_request["other_share"] = total["other"] / ticks if ticks else 0.0
    return per_request


def prometheus(text):
    metrics = {}
    for line in text.splitlines():
        match = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not match or line.startswith("#"):
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        metrics.setdefault(match[1], []).append((labels, float(match[3])))
    return metrics


def metric(metrics, name, **labels):
    return sum(v for l, v in metrics.get(name, []) if all(l.get(k) == x for k, x in labels.items()))


def load(out, label):
    path = out / f"load-{label}.json"
    return json.loads(path.read_text()) if path.exists() else None


def main(out):
    run = json.loads((out / "run.json").read_text())
    trivial = endpoint(load_runs(out, "trivial"))
    full = endpoint(load_runs(out, "full"))
    ratio = full["rps"] / trivial["rps"] if trivial["rps"] else 0.0
    measured_ratio = bool(load_runs(out, "full")) and bool(load_runs(out, "trivial"))
    fixed = load(out, "fixed-rate")
    burst = load(out, "burst")

    # Every answer wrk received from the full endpoint, warm-up included, the hand-made posts and
    # BenchLoad's (which waits for every answer, so none is in flight when it stops).
    full_runs = [json.loads(p.read_text()) for p in out.glob("wrk-*full.json")]
    client_200 = (sum(r["requests"] - r["errors"]["status"] for r in full_runs) + run["sanity_posts"]
                  + sum(x["ok"] for x in (fixed, burst) if x))
    in_flight_bound = run["connections"] * len(full_runs)
    rows, suppressed, host_suppressed, recoveries, distinct_urls = (
        int(x) for x in (out / "rows.txt").read_text().split())
    metrics = prometheus((out / "prometheus.txt").read_text())
    server_200 = int(metric(metrics, "receiver_notifications_total", outcome="ok")
                     + metric(metrics, "receiver_notifications_total", outcome="suppressed"))
    committed = int(metric(metrics, "receiver_notifications_stored_total", result="committed"))
    spooled = int(metric(metrics, "receiver_notifications_stored_total", result="spooled"))
    dropped = int(metric(metrics, "receiver_notifications_dropped_total"))
    batches = metric(metrics, "receiver_notifications_batch_size_count")
    rows_ok = (rows == server_200 == committed and spooled == 0 and dropped == 0
               and client_200 <= rows <= client_200 + in_flight_bound)

    rss = [int(x) * 1024 for x in (out / "rss-kb.txt").read_text().split()]
    rss_max = max(rss) if rss else 0

    jmh = {}
    if (out / "jmh.json").exists():
        for result in json.loads((out / "jmh.json").read_text()):
            raw = [x for fork in result["primaryMetric"]["rawData"] for x in fork]
            jmh[int(result["params"]["windows"])] = (
                result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"], statistics.median(raw))

    print()
    print(f"downtime-receiver benchmark: {out.name}")
    print(f"  PostgreSQL {run['postgres_version']} ({run['database']}), synchronous_commit={run['synchronous_commit']},"
          f" fsync={run['fsync']}")
    print(f"  service JVM options: {run['java_opts']}; {run['windows']:,} windows; wrk {run['threads']} threads,"
          f" {run['connections']} connections; {run['rounds']} rounds x (trivial {run['duration_s']} s,"
          f" full {run['duration_s']} s) after {run['warmup_s']} s warm-up of each")
    print(f"  machine load average at the end (1, 5, 15 min): {run.get('load', '?')};"
          f" alerts received by the fake Slack: {run.get('alerts_received', 0):,}")
    print()
    print(f"  {'endpoint':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'p99.9 ms':>10}{'max ms':>9}"
          f"{'non-2xx':>9}{'sock err':>10}   by round: req/s (p99 ms)")
    for name, e in (("trivial (/bench/trivial)", trivial), ("full (/webhooks/monitor)", full)):
        rounds = ", ".join(f"{x:,.0f} ({p:.1f})" for x, p in zip(e["rounds_rps"], e["rounds_p99"]))
        print(f"  {name:<28}{e['rps']:>10,.0f}{e['p50']:>9.2f}{e['p99']:>9.2f}{e['p999']:>10.2f}{e['max']:>9.2f}"
              f"{e['non2xx']:>9}{e['socket_errors']:>10}   {rounds}")
    print(f"  full / trivial throughput: {ratio:.2f}")
    noisy = False
    cpus = {}
    for name, kind, e in (("trivial", "trivial", trivial), ("full", "full", full)):
        c = cpu(out, kind, e["requests"])
        cpus[kind] = c
        noisy = noisy or c["other_share"] > 0.10
        print(f"  CPU per {name} request: service {c['service']:.0f} us, PostgreSQL {c['postgres']:.0f} us,"
              f" wrk {c['wrk']:.0f} us, other processes {c['other']:.0f} us ({c['other_share']:.0%} of the machine),"
              f" idle {c['idle']:.0f} us")
    if run["warmup_s"] < 30 or run["duration_s"] < 15:
        print("  WARNING: shorter than the defaults (30 s warm-up, 15 s runs): the JIT is not warm, the trivial"
              " endpoint is underrated and the ratio is not comparable")
    if noisy:
        print("  WARNING: other processes took over 10% of the machine during the measured runs")
    print()
    print(f"  notification rows {rows:,}; 200 answers sent by the webhook {server_200:,}, of which committed"
          f" {committed:,}, spooled {spooled}, dropped {dropped}; 200 answers received by wrk and curl {client_200:,}"
          f" (rows - received = {rows - client_200}: requests in flight when wrk stopped, at most {in_flight_bound})")
    if rows:
        print(f"  replies with a time {suppressed / rows:.1%} (host-wide {host_suppressed / rows:.1%}),"
              f" 2xx recoveries {recoveries / rows:.1%}, distinct URLs {distinct_urls / rows:.1%};"
              f" {rows / batches if batches else 0:.1f} notifications per commit on average")
    print(f"  resident memory under load: max {rss_max / MIB:.0f} MiB ({len(rss)} samples);"
          f" after load {run['rss_idle_kb'] / 1024:.0f} MiB")
    for label, x in (("fixed rate", fixed), ("burst", burst)):
        if x:
            print(f"  {label}: {x['requests']:,} requests ({x['rate']:,.0f}/s offered)" if x["rate"] else
                  f"  {label}: {x['requests']:,} requests as fast as answered", end="")
            print(f" in {x['elapsed_s']:.1f} s: {x['ok']:,} answered 200, {x['other_status']} other, {x['errors']} errors;"
                  f" latency p50 {x['p50_us'] / 1000:.2f} ms, p99 {x['p99_us'] / 1000:.2f} ms,"
                  f" p99.9 {x['p999_us'] / 1000:.2f} ms, max {x['max_us'] / 1000:.1f} ms; {x['rows']:,} rows;"
                  f" {x['incidents']:,} incidents, complete {x['incidents_complete_after_ms'] / 1000:.1f} s"
                  f" after the last answer; service RSS max {x['max_rss_kb'] / 1024:.0f} MiB")
    if jmh:
        print("  decision lookup (JMH, ns/op, mean ± 99.9% error, median of iterations): " + "; ".join(
            f"{n:,} windows {s:.0f} ± {e:.0f} (median {m:.0f})" for n, (s, e, m) in sorted(jmh.items())))
    print()

    targets = [("every 200 committed before its reply", f"rows {'=' if rows_ok else '!='} 200 answers", rows_ok)]
    if measured_ratio:
        c, t = cpus["full"], cpus["trivial"]
        service_ratio = c["service"] / t["service"] if t["service"] else 0.0
        targets += [
            ("PostgreSQL CPU per notification <= 35 us", f"{c['postgres']:.0f} us", c["postgres"] <= 35),
            ("service CPU per notification <= 1.6 x trivial's", f"{service_ratio:.2f} x", service_ratio <= 1.6),
            ("idle per request <= 10 us", f"{c['idle']:.0f} us", c["idle"] <= 10),
            ("full >= 0.55 x trivial throughput at 64 connections (0.70 the stretch)", f"{ratio:.2f}",
             ratio >= 0.55),
        ]
    if fixed:
        complete = fixed["incidents"] >= fixed["ok"] and 0 <= fixed["incidents_complete_after_ms"] <= 10_000
        targets += [
            (f"fixed rate ({fixed['rate']:,.0f}/s): p99 <= 10 ms, all answered 200",
             f"{fixed['p99_us'] / 1000:.2f} ms, {fixed['ok']:,}/{fixed['requests']:,}",
             fixed["p99_us"] <= 10_000 and fixed["ok"] == fixed["requests"]),
            ("fixed rate: every incident opened <= 10 s after the last notification",
             f"{fixed['incidents_complete_after_ms'] / 1000:.1f} s" if complete else
             f"{fixed['incidents']:,}/{fixed['ok']:,}", complete),
        ]
    if burst:
        stored = burst["ok"] == burst["requests"] == burst["rows"]
        targets += [
            (f"burst of {burst['requests']:,}: all answered 200 and stored, incidents complete",
             f"{burst['ok']:,} ok, {burst['rows']:,} rows, {burst['incidents']:,} incidents",
             stored and burst["incidents"] >= burst["ok"] and burst["incidents_complete_after_ms"] >= 0),
            ("burst: resident memory <= 512 MiB", f"{burst['max_rss_kb'] / 1024:.0f} MiB",
             0 < burst["max_rss_kb"] <= 512 * 1024),
        ]
    if 1_000_000 in jmh:
        targets.append(("decision lookup at 1M windows <= 1 us", f"{jmh[1_000_000][0]:.0f} ns",
                        jmh[1_000_000][0] <= 1000))
    targets.append(("resident memory under load <= 512 MiB", f"{rss_max / MIB:.0f} MiB", 0 < rss_max <= 512 * MIB))
    limit = run.get("memory_limit_bytes", 0)
    if limit:
        # The service ran in a memory cgroup of that size: the kernel would have killed it had it
        # outgrown the limit (then the run fails earlier, its requests unanswered).
        targets.append((f"in a {limit / MIB:.0f} MiB memory cgroup: never killed (peak of the cgroup)",
                        f"{run['oom_kills']} kills, peak {run['memory_peak_bytes'] / MIB:.0f} MiB",
                        run["oom_kills"] == 0))
    print(f"  {'target':<76}{'measured':>24}  result")
    for name, measured, passed in targets:
        print(f"  {name:<76}{measured:>24}  {'PASS' if passed else 'FAIL'}")
    return 0 if all(p for _, _, p in targets) else 2


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
