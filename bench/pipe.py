"""Section `pipe` of bench/run.py: stream-piping throughput, Hearth and workerd side by side.

Two Workers (`pipe.js`, deployed twice) generate 16 MiB in 64 KiB chunks from a pull-based
ReadableStream and pipe it into the response: `pipe` through an identity TransformStream,
`pipe-gzip` (text binding MODE=gzip) through CompressionStream("gzip"). Each server is pinned to one core (Hearth with --threads 1), the client
(aclient, c=1, closed loop) to the other; both servers run at the same time and are measured in
turn. MB/s = 16 MiB generated per response / mean response time (for gzip the bytes on the wire
are fewer); the count of whole responses per window is kept too (`MBps_window`).
The first response of each is checked: exactly 16 MiB, or a gzip stream that inflates to 16 MiB.

Kept in its own module so that run.py needs only three hook lines (the section name, the plan
entry and the report call).
"""

import zlib

GENERATED = 16 * 1024 * 1024
SCRIPTS = [
    ("pipe", "pipe.js", {}),
    ("pipe-gzip", "pipe.js", {"MODE": "gzip"}),
]


def _body_ok(name, status, body):
    if status != 200:
        return False
    if name == "pipe":
        return len(body) == GENERATED
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return len(d.decompress(body) + d.flush()) == GENERATED and d.eof and not d.unused_data
    except zlib.error:
        return False


def pipe_section(run, results, workdir):
    """Measures both Workers on both servers; `run` is bench/run.py's module (its helpers)."""
    out = results.setdefault("pipe", {})
    args = run.ARGS
    h = run.Hearth(workdir, cpu=run.SERVER_CPU, threads=1)
    w = None
    try:
        for name, f, binds in SCRIPTS:
            h.deploy(name, run.read_worker(f), binds)
        w = run.Workerd(workdir, SCRIPTS, cpu=run.SERVER_CPU)
        servers = [h, w]
        for name, _, _ in SCRIPTS:
            for s in servers:
                addr, host = s.target(name)
                st, body, t1 = run.http_get(addr, host, timeout=120)
                rec = out.setdefault(name, {}).setdefault(s.name, {"runs": []})
                rec["first_ok"] = _body_ok(name, st, body)
                rec["first_wire_bytes"] = len(body)
                rec["first_s"] = t1
                run.log(f"  pipe {name} {s.name}: first response ok={rec['first_ok']}, {len(body)} bytes, {t1:.2f} s")
        for rep in range(args.reps):
            for name, _, _ in SCRIPTS:
                for s in servers:
                    addr, host = s.target(name)
                    r = run.measured(s, lambda: run.run_aclient(addr, host, "/", 1, args.stream_secs,
                                                                run.CLIENT_CPU, warmup=0))
                    # Per response (16 MiB / mean latency): with a few responses per run, counting
                    # whole responses in the window would be off by up to one response.
                    r["MBps"] = GENERATED / (r["mean_ms"] / 1000) / 1e6 if r.get("requests") else 0.0
                    r["MBps_window"] = r["requests"] * GENERATED / r["secs"] / 1e6
                    r["rep"] = rep
                    out[name][s.name]["runs"].append(r)
                    run.log(f"  pipe {name} {s.name}: {r['MBps']:.0f} MB/s ({r['requests']} responses in "
                            f"{r['secs']:.1f} s), server {r['server_cores']} cores"
                            + (f" errors={r['errors']}" if r.get("errors") else ""))
    finally:
        h.stop()
        if w:
            w.stop()


def pipe_report(run, results):
    """The section's markdown table (empty when the section did not run)."""
    p = results.get("pipe")
    if not p:
        return []
    L = ["\n## Stream piping: 16 MiB generated in 64 KiB chunks, piped into the response (pinned, c=1)\n",
         "MB/s = 16 MiB generated per response / mean response time (closed loop, one connection); "
         "median of reps (min–max).\n",
         "| pipeline | Hearth MB/s | workerd MB/s | Hearth/workerd | first response ok (H / W) |",
         "|---|---|---|---|---|"]
    labels = {"pipe": "ReadableStream → TransformStream (identity) → Response",
              "pipe-gzip": "ReadableStream → CompressionStream(\"gzip\") → Response"}
    for name, _, _ in SCRIPTS:
        rec = p.get(name, {})
        hh = run.summary([r["MBps"] for r in rec.get("hearth", {}).get("runs", [])])
        ww = run.summary([r["MBps"] for r in rec.get("workerd", {}).get("runs", [])])
        okh = rec.get("hearth", {}).get("first_ok")
        okw = rec.get("workerd", {}).get("first_ok")
        L.append(f"| {labels[name]} | {run.fsum(hh)} | {run.fsum(ww)} | {run.ratio(hh, ww)} | {okh} / {okw} |")
    return L
