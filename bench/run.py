#!/usr/bin/env python3
"""Hearth vs workerd benchmark harness (issue #5). Run by hand: `bench/run.sh` (builds, then runs this).

Every comparison runs both servers in the same run on the same Worker scripts (bench/workers/).
Throughput (req/s) comes from wrk; latency percentiles from bench/aclient (closed loop), because
wrk's tail latencies are not trustworthy on this VM (see bench/README.md).

    python3 bench/run.py [--quick] [--sections hello,api,heavy,jwt,unpinned,stream,pipe,htmlrewriter,cold,deploy,density,control]
                         [--reps 3] [--max-workers 10000] [--out bench/results]
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from pipe import pipe_report, pipe_section  # section `pipe`: stream-piping throughput

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORKERS = os.path.join(BENCH, "workers")
HZ = os.sysconf("SC_CLK_TCK")
COMPAT_DATE = "2025-08-06"
SERVER_CPU = "0"  # pinned layout: servers on CPU 0 ...
CLIENT_CPU = "1"  # ... load generator on CPU 1
API_PATH = "/api/users/42/orders"

ARGS = None
LOG = []


def log(*a):
    msg = " ".join(str(x) for x in a)
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ----------------------------------------------------------------------------------------------
# /proc helpers


def proc_tree(pid):
    """pid plus all its descendants."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    s = f.read()
                ppid = int(s[s.rindex(")") + 2:].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_jiffies(pid):
    total = 0
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
            fields = s[s.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            pass
    return total


def mem_kb(pid):
    """Sum over the process tree of VmRSS, VmHWM (peak), RssAnon in KiB."""
    out = {"rss_kb": 0, "hwm_kb": 0, "anon_kb": 0}
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k == "VmRSS":
                        out["rss_kb"] += int(v.split()[0])
                    elif k == "VmHWM":
                        out["hwm_kb"] += int(v.split()[0])
                    elif k == "RssAnon":
                        out["anon_kb"] += int(v.split()[0])
        except OSError:
            pass
    return out


def sys_busy_jiffies():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    v = [int(x) for x in parts]
    # user nice system idle iowait irq softirq steal
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


class LoadProbe:
    """CPU used by processes other than ours during a measurement, in cores."""

    def __init__(self, server_pids):
        self.server_pids = [p for p in server_pids if p]

    def __enter__(self):
        self.t0 = time.monotonic()
        self.b0 = sys_busy_jiffies()
        self.s0 = sum(cpu_jiffies(p) for p in self.server_pids)
        self.c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.m0 = resource.getrusage(resource.RUSAGE_SELF)
        return self

    def __exit__(self, *exc):
        dt = time.monotonic() - self.t0
        busy = (sys_busy_jiffies() - self.b0) / HZ
        servers = (sum(cpu_jiffies(p) for p in self.server_pids) - self.s0) / HZ
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        m1 = resource.getrusage(resource.RUSAGE_SELF)
        ours = (c1.ru_utime + c1.ru_stime - self.c0.ru_utime - self.c0.ru_stime) + (
            m1.ru_utime + m1.ru_stime - self.m0.ru_utime - self.m0.ru_stime)
        self.outside_cores = max(0.0, (busy - servers - ours) / dt) if dt > 0 else 0.0
        return False


def wait_quiet(server_pids, max_wait):
    """Waits (at most max_wait s) until other processes use < 0.10 cores for 2 windows of 0.4 s in a row."""
    if max_wait <= 0:
        return None
    deadline = time.monotonic() + max_wait
    quiet = 0
    last = None
    while time.monotonic() < deadline:
        with LoadProbe(server_pids) as p:
            time.sleep(0.4)
        last = p.outside_cores
        quiet = quiet + 1 if last < 0.10 else 0
        if quiet >= 2:
            return last
    return last


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def alloc_ports(n):
    """n distinct free ports below the ephemeral range (so client sockets cannot take them meanwhile)."""
    import random
    held, ports = [], []
    port = random.randrange(12000, 30000 - n - 1000)
    while len(ports) < n:
        port += 1
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            s.close()
            continue
        held.append(s)
        ports.append(port)
    for s in held:
        s.close()
    return ports


def pin(cpu):
    return ["taskset", "-c", cpu, "nice", "-n", "-10"] if cpu is not None else []


def http_get(addr, host, path="/", timeout=30):
    """One GET on a fresh connection: (status, body, seconds)."""
    h, p = addr.rsplit(":", 1)
    c = http.client.HTTPConnection(h, int(p), timeout=timeout)
    t0 = time.perf_counter()
    c.request("GET", path, headers={"Host": host})
    r = c.getresponse()
    body = r.read()
    dt = time.perf_counter() - t0
    c.close()
    return r.status, body, dt


# ----------------------------------------------------------------------------------------------
# servers


def find_hearth():
    if ARGS.hearth:
        return ARGS.hearth
    tdir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    return os.path.join(tdir, "release", "hearth")


def find_workerd():
    if ARGS.workerd:
        return ARGS.workerd
    return os.path.join(BENCH, "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd")


def find_aclient():
    return os.path.join(BENCH, "aclient", "target", "release", "aclient")


def read_worker(name):
    with open(os.path.join(WORKERS, name)) as f:
        return f.read()


# The Workers every throughput section uses, in both servers: (name, file, text bindings).
SCRIPTS = [
    ("hello", "hello.js", {"MESSAGE": "Hello World!"}),
    ("api", "api.js", {"TAX_RATE": "0.2", "API_VERSION": "2026-11"}),
    ("heavy", "heavy.js", {}),
    ("jwt", "jwt.js", {}),
    ("stream", "stream.js", {}),
    ("htmlrewriter", "htmlrewriter.js", {}),
]


class Hearth:
    name = "hearth"

    def __init__(self, workdir, cpu=None, threads=None, extra=()):
        self.dir = tempfile.mkdtemp(prefix="hearth-", dir=workdir)
        self.account = uuid.uuid4().hex
        self.token = "bench-" + uuid.uuid4().hex
        self.sub = "bench"
        ready = os.path.join(self.dir, "ready.json")
        args = pin(cpu) + [find_hearth(), "serve", "--data-dir", os.path.join(self.dir, "data"),
                           "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0", "--ready-file", ready]
        if threads:
            args += ["--threads", str(threads)]
        args += list(extra)
        env = dict(os.environ, HEARTH_BOOTSTRAP_ACCOUNT_ID=self.account, HEARTH_BOOTSTRAP_TOKEN=self.token,
                   HEARTH_BOOTSTRAP_SUBDOMAIN=self.sub, HEARTH_LOG=os.environ.get("HEARTH_LOG", "warn"))
        self.logf = open(os.path.join(self.dir, "hearth.log"), "ab")
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=self.logf,
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with open(ready) as f:
                    v = json.load(f)
                break
            except (OSError, ValueError):
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"hearth exited early: {self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("hearth not ready after 60 s")
            time.sleep(0.001)
        self.t_ready = time.perf_counter()
        self.api = v["api"].replace("http://", "")
        self.edge = v["edge"].replace("http://", "")
        h, p = self.api.rsplit(":", 1)
        self.api_conn = http.client.HTTPConnection(h, int(p), timeout=120)

    @property
    def pid(self):
        return self.proc.pid

    def log(self):
        with open(os.path.join(self.dir, "hearth.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def host(self, script):
        return f"{script}.{self.sub}.workers.localhost"

    def target(self, script):
        """(addr, host header) for a script."""
        return self.edge, self.host(script)

    def _call(self, method, path, body=None, ctype=None, conn=None):
        conn = conn or self.api_conn
        headers = {"Authorization": f"Bearer {self.token}"}
        if ctype:
            headers["Content-Type"] = ctype
        for attempt in range(2):
            try:
                conn.request(method, f"/client/v4/accounts/{self.account}{path}", body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                if attempt:
                    raise
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:500]!r}")
        return json.loads(data)

    def upload(self, name, source, text_bindings, conn=None):
        boundary = "----hearthbench" + uuid.uuid4().hex
        meta = {"main_module": "index.js", "compatibility_date": COMPAT_DATE,
                "bindings": [{"type": "plain_text", "name": k, "text": v} for k, v in text_bindings.items()]}
        parts = [
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
            f"Content-Type: application/json\r\n\r\n{json.dumps(meta)}\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n"
            f"Content-Type: application/javascript+module\r\n\r\n".encode() + source.encode() + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self._call("PUT", f"/workers/scripts/{name}", b"".join(parts),
                          f"multipart/form-data; boundary={boundary}", conn)

    def enable_subdomain(self, name, conn=None):
        return self._call("POST", f"/workers/scripts/{name}/subdomain", json.dumps({"enabled": True}).encode(),
                          "application/json", conn)

    def deploy(self, name, source, text_bindings, conn=None):
        r = self.upload(name, source, text_bindings, conn)
        self.enable_subdomain(name, conn)
        return r

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.logf.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def capnp_str(s):
    return json.dumps(s)  # capnp text literals accept JSON-style escapes for our ASCII content


def workerd_config(path, services):
    """services: list of (service name, module file abs path, text bindings, port)."""
    svc, socks = [], []
    for name, module, binds, port in services:
        b = ", ".join(f"(name = {capnp_str(k)}, text = {capnp_str(v)})" for k, v in binds.items())
        svc.append(f"  (name = {capnp_str(name)}, worker = (modules = [(name = \"index.js\", esModule = embed "
                   f"{capnp_str(module)})], compatibilityDate = \"{COMPAT_DATE}\", bindings = [{b}]))")
        socks.append(f"  (name = {capnp_str('s-' + name)}, address = \"127.0.0.1:{port}\", http = (), "
                     f"service = {capnp_str(name)})")
    text = ("using Workerd = import \"/workerd/workerd.capnp\";\n\n"
            "const config :Workerd.Config = (\n services = [\n" + ",\n".join(svc) + "\n ],\n"
            " sockets = [\n" + ",\n".join(socks) + "\n ],\n);\n")
    with open(path, "w") as f:
        f.write(text)


class Workerd:
    name = "workerd"

    def __init__(self, workdir, services, cpu=None, wait_all=True):
        """services: list of (name, file in bench/workers or abs path, text bindings)."""
        self.dir = tempfile.mkdtemp(prefix="workerd-", dir=workdir)
        self.ports = {}
        full = []
        ports = alloc_ports(len(services))
        for (name, module, binds), port in zip(services, ports):
            self.ports[name] = port
            src = module if os.path.isabs(module) else os.path.join(WORKERS, module)
            local = os.path.basename(src)  # embed paths are relative to the config file
            if not os.path.exists(os.path.join(self.dir, local)):
                shutil.copy(src, os.path.join(self.dir, local))
            full.append((name, local, binds, port))
        cfg = os.path.join(self.dir, "config.capnp")
        workerd_config(cfg, full)
        self.logf = open(os.path.join(self.dir, "workerd.log"), "ab")
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(pin(cpu) + [find_workerd(), "serve", cfg], stdout=self.logf, stderr=self.logf,
                                     start_new_session=True, cwd=self.dir)
        names = list(self.ports) if wait_all else list(self.ports)[:1]
        deadline = time.monotonic() + 300
        self.t_first = None
        pending = list(names)
        while pending:
            name = pending[0]
            try:
                http_get(f"127.0.0.1:{self.ports[name]}", "localhost", "/", timeout=30)
                if self.t_first is None:
                    self.t_first = time.perf_counter()
                pending.pop(0)
                continue
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("workerd exited early: " + open(os.path.join(self.dir, "workerd.log")).read()[-3000:])
            if time.monotonic() > deadline:
                raise RuntimeError("workerd not ready")
            time.sleep(0.001)
        self.t_ready = time.perf_counter()

    @property
    def pid(self):
        return self.proc.pid

    def target(self, script):
        return f"127.0.0.1:{self.ports[script]}", "localhost"

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.logf.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# ----------------------------------------------------------------------------------------------
# load generators


def wrk_lua(workdir, method, body_file, ctype):
    if method == "GET" and not body_file:
        return None
    path = os.path.join(workdir, f"wrk-{uuid.uuid4().hex[:8]}.lua")
    with open(body_file) as f:
        body = f.read()
    with open(path, "w") as f:
        f.write(f'wrk.method = "{method}"\nwrk.body = [==[{body}]==]\nwrk.headers["Content-Type"] = "{ctype}"\n')
    return path


def parse_ms(s):
    m = re.match(r"([\d.]+)(us|ms|s|m)", s)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v if u == "ms" else v * 1000 if u == "s" else v * 60000


def run_wrk(addr, host, path, conns, secs, cpu, threads=1, lua=None):
    args = pin(cpu) + ["wrk", f"-t{threads}", f"-c{conns}", f"-d{secs}s", "--latency", "--timeout", "10s",
                       "-H", f"Host: {host}"]
    if lua:
        args += ["-s", lua]
    args.append(f"http://{addr}{path}")
    out = subprocess.run(args, capture_output=True, text=True, timeout=secs + 60).stdout
    r = {"tool": "wrk", "conns": conns}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    r["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    r["requests"] = int(m.group(1)) if m else 0
    for q in ("50", "99"):
        m = re.search(rf"^\s+{q}%\s+(\S+)", out, re.M)
        r[f"wrk_p{q}_ms"] = parse_ms(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    r["socket_errors"] = m.group(1).strip() if m else ""
    m = re.search(r"Transfer/sec:\s+(\S+)", out)
    r["transfer_per_sec"] = m.group(1) if m else None
    return r


def run_aclient(addr, host, path, conns, secs, cpu, method="GET", body_file=None, ctype=None, warmup=0.3):
    args = pin(cpu) + [find_aclient(), "--addr", addr, "--host", host, "--path", path, "--conns", str(conns),
                       "--secs", str(secs), "--warmup", str(warmup), "--method", method]
    if body_file:
        args += ["--body-file", body_file, "--content-type", ctype]
    out = subprocess.run(args, capture_output=True, text=True, timeout=secs + 120)
    try:
        r = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise RuntimeError(f"aclient failed: {out.stdout} {out.stderr}")
    r["tool"] = "aclient"
    return r


def measured(server, fn, quiet_first=True):
    """Runs fn() with the server's CPU and outside load recorded; redoes it once when busy."""
    for attempt in range(2):
        quiet = wait_quiet([server.pid], ARGS.quiet_wait) if (quiet_first or attempt) else None
        c0 = cpu_jiffies(server.pid)
        with LoadProbe([server.pid]) as lp:
            t0 = time.monotonic()
            r = fn()
            dt = time.monotonic() - t0
        cpu = (cpu_jiffies(server.pid) - c0) / HZ
        r["server_cores"] = round(cpu / dt, 3)
        n = r.get("requests") or 0
        r["server_cpu_us_per_req"] = round(cpu / n * 1e6, 1) if n else None
        r["outside_cores"] = round(lp.outside_cores, 3)
        r["quiet_before"] = None if quiet is None else round(quiet, 3)
        r["loadavg"] = loadavg()
        if lp.outside_cores <= ARGS.max_outside or attempt == 1:
            r["redone"] = attempt
            return r
        log(f"    outside load {lp.outside_cores:.2f} cores, redoing")


# ----------------------------------------------------------------------------------------------
# stats


def summary(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


def deploy_all(h, names=("hello", "api", "heavy", "jwt", "stream", "htmlrewriter")):
    for name, f, binds in SCRIPTS:
        if name in names:
            h.deploy(name, read_worker(f), binds)
            st, body, _ = http_get(h.edge, h.host(name), "/api/health" if name == "api" else "/")
            if name not in ("stream", "htmlrewriter") and st != 200:
                raise RuntimeError(f"hearth {name}: {st} {body[:300]!r}")


# ----------------------------------------------------------------------------------------------
# sections


def throughput_section(results, workdir, pinned):
    """hello (+ api, heavy, jwt when pinned) on both servers, same run, measured in turn."""
    cpu = SERVER_CPU if pinned else None
    ccpu = CLIENT_CPU if pinned else None
    label = "pinned" if pinned else "unpinned"
    h = Hearth(workdir, cpu=cpu, threads=1 if pinned else None)
    w = None
    try:
        deploy_all(h, ("hello", "api", "heavy", "jwt"))
        w = Workerd(workdir, [s[:3] for s in SCRIPTS if s[0] in ("hello", "api", "heavy", "jwt")], cpu=cpu)
        body = os.path.join(WORKERS, "api-body.json")
        lua = wrk_lua(workdir, "POST", body, "application/json")
        servers = [h, w]
        rss_idle = {s.name: mem_kb(s.pid) for s in servers}
        workloads = [("hello", "/", None, [1, 10, 64])]
        if pinned:
            if "api" in ARGS.sections:
                workloads.append(("api", API_PATH, lua, [1, 10, 64]))
            if "heavy" in ARGS.sections:
                workloads.append(("heavy", "/", None, [1, 10]))
            if "jwt" in ARGS.sections:
                workloads.append(("jwt", "/", None, [1, 10]))
        if ARGS.quick:
            workloads = [(a, b, c, d[:2] if len(d) > 2 else d) for a, b, c, d in workloads]
        # warm-up
        for s in servers:
            for wl, path, wlua, _ in workloads:
                addr, host = s.target(wl)
                run_wrk(addr, host, path, 10, 2 if not ARGS.quick else 1, ccpu, lua=wlua)
        out = results.setdefault("throughput", {}).setdefault(label, {})
        for wl, path, wlua, conc in workloads:
            wsecs = ARGS.wrk_secs if wl != "heavy" else ARGS.wrk_secs
            for rep in range(ARGS.reps):
                for c in conc:
                    for s in servers:
                        addr, host = s.target(wl)
                        threads = 1 if (pinned or c < 10) else 2
                        r = measured(s, lambda: run_wrk(addr, host, path, c, wsecs, ccpu, threads, wlua))
                        a = measured(s, lambda: run_aclient(addr, host, path, c, ARGS.aclient_secs, ccpu,
                                                            "POST" if wlua else "GET", body if wlua else None,
                                                            "application/json"), quiet_first=False)
                        out.setdefault(wl, {}).setdefault(str(c), {}).setdefault(s.name, []).append(
                            {"wrk": r, "aclient": a, "rep": rep})
                        log(f"  {label} {wl} c={c} {s.name}: {r['rps']:.0f} req/s, p50/p99/p99.9 "
                            f"{a['p50_ms']:.3f}/{a['p99_ms']:.3f}/{a['p999_ms']:.3f} ms, "
                            f"cpu {r['server_cpu_us_per_req']} us/req, outside {r['outside_cores']}"
                            + (f" non2xx={r['non2xx']}/{a['non2xx']} err={r['socket_errors']}/{a['errors']}"
                               if r['non2xx'] or a['non2xx'] or a['errors'] or r['socket_errors'] else ""))
        rss_after = {s.name: mem_kb(s.pid) for s in servers}
        results.setdefault("memory_after_throughput", {})[label] = {"idle": rss_idle, "after": rss_after}
    finally:
        h.stop()
        if w:
            w.stop()


def stream_section(results, workdir):
    """10 MiB streamed response: MB/s (closed loop, c=1 and c=4) and peak RSS, fresh processes."""
    out = results.setdefault("stream", {"hearth": [], "workerd": []})
    for rep in range(ARGS.reps):
        for kind in ("hearth", "workerd"):
            if kind == "hearth":
                s = Hearth(workdir, cpu=SERVER_CPU, threads=1)
                deploy_all(s, ("stream",))
            else:
                s = Workerd(workdir, [s[:3] for s in SCRIPTS if s[0] == "stream"], cpu=SERVER_CPU)
            try:
                addr, host = s.target("stream")
                st, body, t1 = http_get(addr, host)
                ok = st == 200 and len(body) == 10 * 1024 * 1024
                before = mem_kb(s.pid)
                r1 = measured(s, lambda: run_aclient(addr, host, "/", 1, ARGS.stream_secs, CLIENT_CPU, warmup=0))
                r4 = measured(s, lambda: run_aclient(addr, host, "/", 4, ARGS.stream_secs, CLIENT_CPU, warmup=0))
                after = mem_kb(s.pid)
                rec = {"rep": rep, "first_ok": ok, "first_len": len(body), "first_s": t1,
                       "c1_MBps": r1["bytes"] / r1["secs"] / 1e6, "c4_MBps": r4["bytes"] / r4["secs"] / 1e6,
                       "c1": r1, "c4": r4, "rss_before_kb": before["rss_kb"], "rss_after_kb": after["rss_kb"],
                       "peak_rss_kb": after["hwm_kb"]}
                out[kind].append(rec)
                log(f"  stream {kind}: ok={ok} c1 {rec['c1_MBps']:.0f} MB/s, c4 {rec['c4_MBps']:.0f} MB/s, "
                    f"rss {before['rss_kb']//1024}->{after['rss_kb']//1024} MB, peak {after['hwm_kb']//1024} MB"
                    + (f" errors={r1['errors']}/{r4['errors']}" if r1['errors'] or r4['errors'] else ""))
            finally:
                s.stop()


def html_section(results, workdir):
    """HTMLRewriter over a ~1 MB page: output MB/s (closed loop, c=1 and c=2), fresh processes."""
    out = results.setdefault("htmlrewriter", {"hearth": [], "workerd": []})
    script = [s[:3] for s in SCRIPTS if s[0] == "htmlrewriter"]
    for rep in range(ARGS.reps):
        bodies = {}
        for kind in ("hearth", "workerd"):
            if kind == "hearth":
                s = Hearth(workdir, cpu=SERVER_CPU, threads=1)
                deploy_all(s, ("htmlrewriter",))
            else:
                s = Workerd(workdir, script, cpu=SERVER_CPU)
            try:
                addr, host = s.target("htmlrewriter")
                st, body, t1 = http_get(addr, host)
                bodies[kind] = body
                r1 = measured(s, lambda: run_aclient(addr, host, "/", 1, ARGS.stream_secs, CLIENT_CPU, warmup=0.5))
                r2 = measured(s, lambda: run_aclient(addr, host, "/", 2, ARGS.stream_secs, CLIENT_CPU, warmup=0))
                rec = {"rep": rep, "status": st, "first_len": len(body), "first_s": t1,
                       "c1_MBps": r1["bytes"] / r1["secs"] / 1e6, "c2_MBps": r2["bytes"] / r2["secs"] / 1e6,
                       "c1": r1, "c2": r2}
                out[kind].append(rec)
                log(f"  htmlrewriter {kind}: status {st}, {len(body)} B, c1 {rec['c1_MBps']:.1f} MB/s, "
                    f"c2 {rec['c2_MBps']:.1f} MB/s" + (f" errors={r1['errors']}/{r2['errors']}" if r1['errors'] or r2['errors'] else ""))
            finally:
                s.stop()
        same = bodies.get("hearth") == bodies.get("workerd")
        out.setdefault("same_bytes", []).append(same)
        if not same:
            log("  htmlrewriter: Hearth and workerd served different bytes")


def unique_hello(i, tag):
    return ("export default {\n  async fetch(request, env) {\n    return new Response(env.MESSAGE + "
            + json.dumps(f" {tag}-{i}") + ");\n  }\n};\n")


def cold_and_deploy_section(results, workdir):
    """Cold start and deploy-to-serve (Hearth through its API; workerd = process (re)start)."""
    n = ARGS.cold_samples
    h = Hearth(workdir, cpu=SERVER_CPU, threads=1)
    try:
        deploy_all(h, ("hello",))
        edge_h, edge_p = h.edge.rsplit(":", 1)
        cold_new, warm_new, cold_ver, warm_ver, startup_reported = [], [], [], [], []
        d2s_update, d2s_new, api_update, api_new, first_hit_update, first_hit_new = [], [], [], [], [], []

        def timed_get(host, expect):
            c = http.client.HTTPConnection(edge_h, int(edge_p), timeout=30)
            c.connect()  # connection setup outside the timed part
            t0 = time.perf_counter()
            c.request("GET", "/", headers={"Host": host})
            r = c.getresponse()
            b = r.read()
            dt = time.perf_counter() - t0
            c.close()
            return r.status == 200 and b.decode().endswith(expect), dt

        # (a) first request to a brand-new Worker (never-run version) after its deploy returned
        for i in range(n):
            name = f"cold{i}"
            up = h.deploy(name, unique_hello(i, "cold"), {"MESSAGE": "Hello"})
            startup_reported.append(up["result"].get("startup_time_ms"))
            ok, dt = timed_get(h.host(name), f"cold-{i}")
            ok2, dt2 = timed_get(h.host(name), f"cold-{i}")
            if not (ok and ok2):
                raise RuntimeError(f"cold start: wrong answer for {name}")
            cold_new.append(dt * 1e3)
            warm_new.append(dt2 * 1e3)
        # (b) first request to a new version of an already-running Worker
        for i in range(n):
            h.upload("hello", unique_hello(i, "ver"), {"MESSAGE": "Hello"})
            ok, dt = timed_get(h.host("hello"), f"ver-{i}")
            ok2, dt2 = timed_get(h.host("hello"), f"ver-{i}")
            if not (ok and ok2):
                raise RuntimeError("new version not served after deploy returned")
            cold_ver.append(dt * 1e3)
            warm_ver.append(dt2 * 1e3)
        # deploy-to-serve: API call start -> first request answered by the new version
        conn = http.client.HTTPConnection(edge_h, int(edge_p), timeout=30)

        def poll_until(host, expect, t0):
            hits = 0
            while True:
                hits += 1
                conn.request("GET", "/", headers={"Host": host})
                r = conn.getresponse()
                b = r.read()
                if r.status == 200 and b.decode().endswith(expect):
                    return (time.perf_counter() - t0) * 1e3, hits
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError("deploy-to-serve: new version never served")

        for i in range(n):
            t0 = time.perf_counter()
            h.upload("hello", unique_hello(i, "d2s"), {"MESSAGE": "Hello"})
            api_update.append((time.perf_counter() - t0) * 1e3)
            ms, hits = poll_until(h.host("hello"), f"d2s-{i}", t0)
            d2s_update.append(ms)
            first_hit_update.append(hits == 1)
        for i in range(n):
            name = f"fresh{i}"
            t0 = time.perf_counter()
            h.upload(name, unique_hello(i, "fresh"), {"MESSAGE": "Hello"})
            h.enable_subdomain(name)
            api_new.append((time.perf_counter() - t0) * 1e3)
            ms, hits = poll_until(h.host(name), f"fresh-{i}", t0)
            d2s_new.append(ms)
            first_hit_new.append(hits == 1)
        conn.close()
        results["cold_start"] = {"hearth": {
            "first_request_new_worker_ms": cold_new, "second_request_new_worker_ms": warm_new,
            "first_request_new_version_ms": cold_ver, "second_request_new_version_ms": warm_ver,
            "upload_reported_startup_time_ms": startup_reported}}
        results["deploy_to_serve"] = {"hearth": {
            "update_existing_ms": d2s_update, "update_api_call_ms": api_update,
            "update_first_poll_served": first_hit_update,
            "new_worker_ms": d2s_new, "new_worker_api_calls_ms": api_new, "new_worker_first_poll_served": first_hit_new}}
        log(f"  hearth cold first request (new worker) median {statistics.median(cold_new):.3f} ms "
            f"(2nd {statistics.median(warm_new):.3f}); new version {statistics.median(cold_ver):.3f} ms "
            f"(2nd {statistics.median(warm_ver):.3f})")
        log(f"  hearth deploy-to-serve update {statistics.median(d2s_update):.2f} ms "
            f"(API {statistics.median(api_update):.2f}), new worker {statistics.median(d2s_new):.2f} ms")
    finally:
        h.stop()
    # workerd: a version change means writing a config and (re)starting the process.
    starts, hearth_starts = [], []
    for i in range(max(3, n // 3)):
        w = Workerd(workdir, [SCRIPTS[0][:3]], cpu=SERVER_CPU)
        starts.append((w.t_ready - w.t_spawn) * 1e3)
        w.stop()
        hh = Hearth(workdir, cpu=SERVER_CPU, threads=1)
        hearth_starts.append((hh.t_ready - hh.t_spawn) * 1e3)
        hh.stop()
    results["cold_start"]["workerd"] = {"process_start_to_first_response_ms": starts}
    results["cold_start"]["hearth"]["process_start_to_ready_ms"] = hearth_starts
    results["deploy_to_serve"]["workerd"] = {"restart_to_first_response_ms": starts}
    log(f"  workerd process start -> first 200: median {statistics.median(starts):.1f} ms; "
        f"hearth start -> ready {statistics.median(hearth_starts):.1f} ms")


def density_section(results, workdir):
    all_levels = [n for n in (1, 100, 1000, 10000) if n <= ARGS.max_workers]
    out = results.setdefault("density", {"hearth": [], "workerd": []})
    # Hearth: one server, Workers deployed level by level; each touched once after its deploy.
    # The isolate cache budget is raised so that no isolate is evicted (we measure resident isolates).
    # Deploying 10,000 Workers through the API takes minutes, so only the last `--big-reps` reps go
    # on from 1,000 to 10,000.
    for rep in range(ARGS.density_reps):
        big = rep >= ARGS.density_reps - ARGS.big_reps
        levels = [n for n in all_levels if n <= 1000 or big]
        h = Hearth(workdir, threads=None, extra=["--isolate-memory-mb", "60000"])
        try:
            time.sleep(0.5)
            base = mem_kb(h.pid)
            rec = {"rep": rep, "base_kb": base["rss_kb"], "levels": {}}
            src_tpl = read_worker("hello.js")
            deployed = 0
            conns = []
            for lvl in levels:
                t0 = time.perf_counter()
                # deploy with 2 API connections in parallel (threads), then touch each new one once
                import concurrent.futures as cf
                todo = list(range(deployed, lvl))

                level_conns = {}

                def dep(i, _conns=level_conns):
                    import threading
                    tid = threading.get_ident()
                    if tid not in _conns:
                        hh, pp = h.api.rsplit(":", 1)
                        _conns[tid] = http.client.HTTPConnection(hh, int(pp), timeout=120)
                    h.deploy(f"d{i}", src_tpl, {"MESSAGE": f"Hello World {i}!"}, _conns[tid])

                with cf.ThreadPoolExecutor(2) as ex:
                    list(ex.map(dep, todo))
                t1 = time.perf_counter()
                eh, ep = h.edge.rsplit(":", 1)

                def touch(chunk):
                    ec = http.client.HTTPConnection(eh, int(ep), timeout=60)
                    nbad = 0
                    for i in chunk:
                        ec.request("GET", "/", headers={"Host": h.host(f"d{i}")})
                        r = ec.getresponse()
                        b = r.read()
                        if r.status != 200 or b != f"Hello World {i}!".encode():
                            nbad += 1
                    ec.close()
                    return nbad

                # two clients, one per isolate thread
                with cf.ThreadPoolExecutor(2) as ex:
                    bad = sum(ex.map(touch, [todo[0::2], todo[1::2]]))
                t2 = time.perf_counter()
                deployed = lvl
                time.sleep(1.0)
                m = mem_kb(h.pid)
                rec["levels"][str(lvl)] = {"rss_kb": m["rss_kb"], "anon_kb": m["anon_kb"], "bad": bad,
                                           "deploy_s": t1 - t0, "touch_s": t2 - t1,
                                           "kb_per_worker": (m["rss_kb"] - base["rss_kb"]) / lvl}
                log(f"  hearth density {lvl}: rss {m['rss_kb']/1024:.1f} MB (base {base['rss_kb']/1024:.1f}), "
                    f"{(m['rss_kb'] - base['rss_kb']) / lvl:.0f} KB/worker, deploy {t1 - t0:.1f}s, "
                    f"touch {t2 - t1:.2f}s, bad {bad}")
            out["hearth"].append(rec)
        finally:
            h.stop()
    # workerd: one config with N services, each with its own socket (one isolate each).
    wlevels = [n for n in all_levels if n <= ARGS.max_workerd_workers]
    for rep in range(ARGS.density_reps):
        rec = {"rep": rep, "levels": {}}
        for lvl in wlevels:
            svcs = [(f"w{i}", "hello.js", {"MESSAGE": f"Hello World {i}!"}) for i in range(lvl)]
            w = Workerd(workdir, svcs, cpu=None)
            try:
                startup = w.t_ready - w.t_spawn
                bad = 0
                for i in range(lvl):
                    st, b, _ = http_get(f"127.0.0.1:{w.ports[f'w{i}']}", "localhost")
                    if st != 200 or b != f"Hello World {i}!".encode():
                        bad += 1
                time.sleep(1.0)
                m = mem_kb(w.pid)
                rec["levels"][str(lvl)] = {"rss_kb": m["rss_kb"], "anon_kb": m["anon_kb"], "bad": bad,
                                           "startup_s": startup}
                log(f"  workerd density {lvl}: rss {m['rss_kb']/1024:.1f} MB, startup {startup:.2f}s, bad {bad}")
            finally:
                w.stop()
        out["workerd"].append(rec)


def control_section(results, workdir):
    """Multipart version uploads per second (10 KB script), sequential and 4 in parallel."""
    out = results.setdefault("control_plane", {"c1": [], "c4": []})
    h = Hearth(workdir)
    try:
        deploy_all(h, ("hello",))
        pad = "// " + "x" * 96 + "\n"
        base = read_worker("hello.js")
        body_pad = pad * ((10 * 1024 - len(base)) // len(pad))
        counter = [0]

        def script():
            counter[0] += 1
            return base + body_pad + f"// {counter[0]} {uuid.uuid4().hex}\n"

        size = len(script())
        import concurrent.futures as cf
        import threading
        for rep in range(ARGS.reps):
            for conc in (1, 4):
                stop = time.perf_counter() + ARGS.control_secs
                conns = {}
                lat = []

                def worker(_):
                    tid = threading.get_ident()
                    hh, pp = h.api.rsplit(":", 1)
                    conn = conns.setdefault(tid, http.client.HTTPConnection(hh, int(pp), timeout=60))
                    n = 0
                    while time.perf_counter() < stop:
                        t0 = time.perf_counter()
                        h.upload(f"up{_}", script(), {"MESSAGE": "hi"}, conn)
                        lat.append((time.perf_counter() - t0) * 1e3)
                        n += 1
                    return n

                with LoadProbe([h.pid]) as lp:
                    t0 = time.perf_counter()
                    with cf.ThreadPoolExecutor(conc) as ex:
                        total = sum(ex.map(worker, range(conc)))
                    dt = time.perf_counter() - t0
                rec = {"rep": rep, "uploads": total, "secs": dt, "per_sec": total / dt,
                       "p50_ms": statistics.median(lat), "script_bytes": size,
                       "outside_cores": round(lp.outside_cores, 3)}
                out[f"c{conc}"].append(rec)
                log(f"  control plane c={conc}: {rec['per_sec']:.0f} uploads/s (p50 {rec['p50_ms']:.1f} ms)")
    finally:
        h.stop()


# ----------------------------------------------------------------------------------------------
# report


def med(v, key=None):
    if v is None:
        return None
    if isinstance(v, dict):
        return v["median"]
    return v


def fmt(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return f"{x:,.{digits}f}"


def fsum(s, digits=None):
    """median (min–max)"""
    if not s:
        return "–"
    return f"{fmt(s['median'], digits)} ({fmt(s['min'], digits)}–{fmt(s['max'], digits)})"


def ratio(a, b):
    if not a or not b or b["median"] == 0:
        return "–"
    return f"{a['median'] / b['median']:.2f}×"


def build_report(results):
    L = []
    meta = results["meta"]
    L.append(f"# Hearth vs workerd — {meta['date']}\n")
    L.append(f"Machine: {meta['machine']}. Hearth `{meta['hearth_commit']}`, {meta['workerd_version']}, "
             f"{meta['wrk_version']}. Reps: {meta['reps']} (every figure: median (min–max)).\n")
    L.append(f"Load during the run: load average at start {meta['loadavg_start']}, at end {meta.get('loadavg_end')}; "
             f"CPU used by other processes during measured runs: median {fmt(meta.get('outside_median'), 2)} cores, "
             f"max {fmt(meta.get('outside_max'), 2)} cores (runs over {ARGS.max_outside} cores were redone once).\n")
    L.append("Layout: *pinned* = each server `taskset -c 0 nice -n -10` (Hearth `--threads 1`), load generator "
             "`taskset -c 1`; *unpinned* = no affinity (Hearth default threads, wrk `-t2` at c≥10). req/s from "
             "wrk; p50/p99/p99.9 from the closed-loop `aclient`.\n")
    tp = results.get("throughput", {})
    ll = [r["aclient"]["littles_law_inflight"] / r["aclient"]["conns"]
          for lab in tp.values() for byc in lab.values() for bys in byc.values() for runs in bys.values()
          for r in runs if r["aclient"].get("littles_law_inflight") and r["aclient"]["conns"]]
    if ll:
        L.append(f"aclient sanity check (Little's law, mean latency × rate ÷ connections, should be ≈ 1): "
                 f"median {statistics.median(ll):.3f}, range {min(ll):.3f}–{max(ll):.3f} over {len(ll)} runs.\n")
    summ = {}
    for label in ("pinned", "unpinned"):
        for wl, byc in tp.get(label, {}).items():
            L.append(f"\n## {wl} ({label})\n")
            L.append("| conns | Hearth req/s | workerd req/s | Hearth/workerd | Hearth p50 / p99 / p99.9 ms | "
                     "workerd p50 / p99 / p99.9 ms | p99 Hearth/workerd | CPU µs/req H / W |")
            L.append("|---|---|---|---|---|---|---|---|")
            for c, bys in byc.items():
                row = {}
                for s in ("hearth", "workerd"):
                    runs = bys.get(s, [])
                    row[s] = {
                        "rps": summary([r["wrk"]["rps"] for r in runs]),
                        "p50": summary([r["aclient"]["p50_ms"] for r in runs]),
                        "p99": summary([r["aclient"]["p99_ms"] for r in runs]),
                        "p999": summary([r["aclient"]["p999_ms"] for r in runs]),
                        "cpu": summary([r["wrk"]["server_cpu_us_per_req"] for r in runs]),
                        "errors": sum((r["wrk"]["non2xx"] or 0) + (r["aclient"]["non2xx"] or 0)
                                      + (r["aclient"]["errors"] or 0) for r in runs),
                    }
                summ[(label, wl, c)] = row
                hh, ww = row["hearth"], row["workerd"]

                def lat(x):
                    if not x["p50"]:
                        return "–"
                    return (f"{fmt(x['p50']['median'])} / {fmt(x['p99']['median'])} / {fmt(x['p999']['median'])}"
                            f" (p99 {fmt(x['p99']['min'])}–{fmt(x['p99']['max'])})")

                err = ""
                if hh["errors"] or ww["errors"]:
                    err = f" ⚠ errors/non-2xx H {hh['errors']} W {ww['errors']}"
                L.append(f"| {c} | {fsum(hh['rps'])} | {fsum(ww['rps'])} | **{ratio(hh['rps'], ww['rps'])}** | "
                         f"{lat(hh)} | {lat(ww)} | {ratio(hh['p99'], ww['p99'])} | "
                         f"{fmt(med(hh['cpu']))} / {fmt(med(ww['cpu']))}{err} |")
    mem = results.get("memory_after_throughput", {})
    if mem:
        L.append("\nRSS of the throughput servers (idle after deploy → after all runs): " + "; ".join(
            f"{label} Hearth {v['idle']['hearth']['rss_kb']/1024:.1f} → {v['after']['hearth']['rss_kb']/1024:.1f} MB, "
            f"workerd {v['idle']['workerd']['rss_kb']/1024:.1f} → {v['after']['workerd']['rss_kb']/1024:.1f} MB"
            for label, v in mem.items()) + "\n")
    st = results.get("stream")
    if st:
        L.append("\n## 10 MiB streamed response (64 KiB chunks, pinned, fresh process per rep)\n")
        L.append("| | Hearth | workerd | Hearth/workerd |")
        L.append("|---|---|---|---|")
        for key, lab, div in (("c1_MBps", "throughput c=1, MB/s", 1), ("c4_MBps", "throughput c=4, MB/s", 1),
                              ("peak_rss_kb", "peak RSS (VmHWM), MB", 1024), ("rss_before_kb", "RSS before, MB", 1024)):
            a = summary([r[key] / div for r in st["hearth"]])
            b = summary([r[key] / div for r in st["workerd"]])
            L.append(f"| {lab} | {fsum(a)} | {fsum(b)} | {ratio(a, b)} |")
        okh = all(r["first_ok"] for r in st["hearth"])
        okw = all(r["first_ok"] for r in st["workerd"])
        if not (okh and okw):
            L.append(f"\n⚠ body check (exactly 10 MiB): Hearth {'ok' if okh else 'FAILED'}, workerd {'ok' if okw else 'FAILED'}\n")
    hr = results.get("htmlrewriter")
    if hr:
        L.append("\n## HTMLRewriter, ~1 MB page in 64 KiB chunks, 4 handlers (pinned, fresh process per rep)\n")
        L.append("| | Hearth | workerd | Hearth/workerd |")
        L.append("|---|---|---|---|")
        for key, lab in (("c1_MBps", "rewritten output c=1, MB/s"), ("c2_MBps", "rewritten output c=2, MB/s")):
            a = summary([r[key] for r in hr["hearth"]])
            b = summary([r[key] for r in hr["workerd"]])
            L.append(f"| {lab} | {fsum(a)} | {fsum(b)} | {ratio(a, b)} |")

        def cpu_ms(r):  # server CPU per rewritten page during the c=1 run
            return 1000 * r["c1"]["server_cores"] * r["c1"]["secs"] / r["c1"]["requests"] if r["c1"].get("requests") else None
        a = summary([cpu_ms(r) for r in hr["hearth"]])
        b = summary([cpu_ms(r) for r in hr["workerd"]])
        L.append(f"| server CPU per page (c=1), ms | {fsum(a)} | {fsum(b)} | {ratio(a, b)} |")
        if not all(hr.get("same_bytes", [])):
            L.append("\n⚠ Hearth and workerd served different bytes\n")
    cs = results.get("cold_start")
    if cs:
        ch = cs["hearth"]
        L.append("\n## Cold start and deploy-to-serve (pinned; client on the other core)\n")
        L.append("| metric | Hearth | workerd | target |")
        L.append("|---|---|---|---|")
        L.append(f"| first request to a just-deployed, never-run Worker (ms, over HTTP, connection already open) | "
                 f"{fsum(summary(ch['first_request_new_worker_ms']))} | – (no deploy without restart; see process start) | < 1 ms |")
        L.append(f"| … its second request (warm) | {fsum(summary(ch['second_request_new_worker_ms']))} | – | |")
        L.append(f"| first request to a new version of a running Worker (ms) | "
                 f"{fsum(summary(ch['first_request_new_version_ms']))} | – | |")
        L.append(f"| … its second request (warm) | {fsum(summary(ch['second_request_new_version_ms']))} | – | |")
        diffs = summary([a - b for a, b in zip(ch["first_request_new_worker_ms"], ch["second_request_new_worker_ms"])])
        wmarg = None
        den0 = results.get("density", {}).get("workerd") or []
        big = [r for r in den0 if "1" in r["levels"] and any(k != "1" for k in r["levels"])]
        if big:
            top = max((k for k in big[0]["levels"] if k != "1"), key=int)
            wmarg = summary([(r["levels"][top]["startup_s"] - r["levels"]["1"]["startup_s"]) * 1e3 / (int(top) - 1)
                             for r in big if top in r["levels"]])
        L.append(f"| isolate start estimate: first − second request, per sample (ms) | {fsum(diffs)} | "
                 f"{fsum(wmarg) + ' (marginal startup per extra Worker in one config, from density)' if wmarg else '–'} | < 1 ms |")
        sr = [x for x in ch.get("upload_reported_startup_time_ms", []) if x is not None]
        if sr:
            L.append(f"| `startup_time_ms` Hearth reports for the upload's validation isolate (integer ms) | "
                     f"{fsum(summary(sr))} | – | |")
        wcs = cs.get("workerd", {}).get("process_start_to_first_response_ms")
        L.append(f"| process start → ready/first response (ms) | "
                 f"{fsum(summary(ch.get('process_start_to_ready_ms')))} (to ready file) | {fsum(summary(wcs))} (to first 200) | |")
        d = results.get("deploy_to_serve", {}).get("hearth")
        if d:
            L.append(f"| deploy-to-serve, new version of an existing Worker: PUT start → first request served by it (ms) | "
                     f"{fsum(summary(d['update_existing_ms']))} (PUT alone {fmt(statistics.median(d['update_api_call_ms']))}; "
                     f"first poll hit {sum(d['update_first_poll_served'])}/{len(d['update_first_poll_served'])}) | "
                     f"{fsum(summary(wcs))} (config rewrite + restart) | < 20 ms |")
            L.append(f"| deploy-to-serve, brand-new Worker: PUT + POST subdomain → first request (ms) | "
                     f"{fsum(summary(d['new_worker_ms']))} (API calls {fmt(statistics.median(d['new_worker_api_calls_ms']))}) | – | < 20 ms |")
    den = results.get("density")
    if den and (den["hearth"] or den["workerd"]):
        L.append("\n## Density: RSS with N distinct Workers, each touched once\n")
        L.append("Hearth: one process, Workers deployed through the API, `--isolate-memory-mb 60000` so none is evicted. "
                 "workerd: one config with N services + N sockets (one isolate each).\n")
        L.append("| N | Hearth RSS MB | Hearth KB/Worker (over empty server) | workerd RSS MB | workerd KB/Worker (over N=1) | per-Worker Hearth/workerd |")
        L.append("|---|---|---|---|---|---|")
        levels = sorted({int(k) for r in den["hearth"] + den["workerd"] for k in r["levels"]})
        w1 = summary([r["levels"]["1"]["rss_kb"] for r in den["workerd"] if "1" in r["levels"]])
        for n in levels:
            k = str(n)
            hr = summary([r["levels"][k]["rss_kb"] / 1024 for r in den["hearth"] if k in r["levels"]])
            hk = summary([r["levels"][k]["kb_per_worker"] for r in den["hearth"] if k in r["levels"]])
            wr = summary([r["levels"][k]["rss_kb"] / 1024 for r in den["workerd"] if k in r["levels"]])
            wk = None
            if n > 1 and w1:
                wk = summary([(r["levels"][k]["rss_kb"] - w1["median"]) / (n - 1) for r in den["workerd"] if k in r["levels"]])
            nn = f" (n={hr['n']})" if hr and hr["n"] < ARGS.density_reps else ""
            L.append(f"| {n:,}{nn} | {fsum(hr)} | {fsum(hk)} | {fsum(wr) if wr else 'not run'} | {fsum(wk)} | {ratio(hk, wk)} |")
        hb = summary([r["base_kb"] / 1024 for r in den["hearth"]])
        L.append(f"\nHearth empty server RSS: {fsum(hb)} MB. Hearth deploy time per level (s): " + "; ".join(
            f"N={n:,} {fsum(summary([r['levels'][str(n)]['deploy_s'] for r in den['hearth'] if str(n) in r['levels']]))}"
            for n in levels if any(str(n) in r["levels"] for r in den["hearth"])) + ". workerd startup with N Workers (s): " + "; ".join(
            f"N={n:,} {fsum(summary([r['levels'][str(n)]['startup_s'] for r in den['workerd'] if str(n) in r['levels']]))}"
            for n in levels if any(str(n) in r["levels"] for r in den["workerd"])) + ".\n")
        bad = sum(l["bad"] for r in den["hearth"] + den["workerd"] for l in r["levels"].values())
        if bad:
            L.append(f"⚠ {bad} wrong answers while touching Workers.\n")
    cp = results.get("control_plane")
    if cp:
        L.append("\n## Control plane: multipart version uploads (10 KB script), Hearth only\n")
        L.append("| clients | uploads/s | p50 upload ms |")
        L.append("|---|---|---|")
        for k in ("c1", "c4"):
            L.append(f"| {k[1:]} | {fsum(summary([r['per_sec'] for r in cp[k]]))} | "
                     f"{fsum(summary([r['p50_ms'] for r in cp[k]]))} |")
        L.append("\nworkerd has no control plane (a change is a config rewrite plus restart: see process start above).\n")
    # targets
    L.append("\n## Against the issue's targets\n")
    L.append("| target | measured | met? |")
    L.append("|---|---|---|")
    row = summ.get(("pinned", "hello", "64"))
    if row and row["hearth"]["rps"] and row["workerd"]["rps"]:
        r = row["hearth"]["rps"]["median"] / row["workerd"]["rps"]["median"]
        p = row["hearth"]["p99"]["median"] < row["workerd"]["p99"]["median"]
        L.append(f"| hello c=64, one core: ≥3× workerd req/s and lower p99 | {r:.2f}× req/s; p99 "
                 f"{fmt(row['hearth']['p99']['median'])} vs {fmt(row['workerd']['p99']['median'])} ms | "
                 f"{'yes' if r >= 3 and p else 'no'} |")
    if cs:
        m = statistics.median(cs["hearth"]["first_request_new_worker_ms"])
        L.append(f"| cold start < 1 ms median | first request of a never-run Worker {m:.2f} ms end to end over HTTP "
                 f"(warm request {statistics.median(cs['hearth']['second_request_new_worker_ms']):.2f} ms) | "
                 f"{'yes' if m < 1 else 'no'} |")
    d = results.get("deploy_to_serve", {}).get("hearth")
    if d:
        m = statistics.median(d["update_existing_ms"])
        m2 = statistics.median(d["new_worker_ms"])
        L.append(f"| deploy-to-serve < 20 ms median | {m:.1f} ms (new version), {m2:.1f} ms (new Worker) | "
                 f"{'yes' if m < 20 and m2 < 20 else 'partly' if m < 20 or m2 < 20 else 'no'} |")
    if den and den["hearth"]:
        levels = sorted({int(k) for r in den["hearth"] for k in r["levels"]})
        top = str(levels[-1])
        kb = statistics.median([r["levels"][top]["kb_per_worker"] for r in den["hearth"] if top in r["levels"]])
        bad = sum(r["levels"][top]["bad"] for r in den["hearth"] if top in r["levels"])
        L.append(f"| < 1 MB per idle isolate | {kb:.0f} KB per Worker at N={int(top):,} | {'yes' if kb < 1024 else 'no'} |")
        L.append(f"| 10,000 Workers on one machine | largest N run: {int(top):,} ({bad} bad answers) | "
                 f"{'yes' if int(top) >= 10000 and bad == 0 else 'not shown'} |")
    L += pipe_report(sys.modules[__name__], results)  # section `pipe` (bench/pipe.py)
    for e in results.get("errors", []):
        L.append(f"\n⚠ section **{e['section']}** failed: `{e['error'][:300]}` (trace in the JSON)\n")
    if results["meta"].get("section_s"):
        L.append("\nSection times (s): " + ", ".join(f"{k} {v:.0f}" for k, v in results["meta"]["section_s"].items()) + "\n")
    return "\n".join(L) + "\n"


def git_commit():
    try:
        # the newest commit that touched anything outside bench/ (what the Hearth binary is built from)
        c = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--", ".", ":(exclude)bench"],
                           capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", ".", ":(exclude)bench"],
                               capture_output=True, text=True).stdout.strip()
        return c + ("+dirty" if dirty else "")
    except OSError:
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} vCPU {cpu}, {mem} GiB RAM, {platform.system()} {platform.release()}"


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="short runs for debugging the harness")
    ap.add_argument("--sections", default="hello,api,heavy,jwt,unpinned,stream,pipe,htmlrewriter,cold,deploy,density,control")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--wrk-secs", type=int, default=3)
    ap.add_argument("--aclient-secs", type=float, default=2)
    ap.add_argument("--stream-secs", type=float, default=3)
    ap.add_argument("--control-secs", type=float, default=3)
    ap.add_argument("--cold-samples", type=int, default=15)
    ap.add_argument("--density-reps", type=int, default=3)
    ap.add_argument("--max-workers", type=int, default=1000,
                    help="density levels up to this N (1, 100, 1000, 10000); 10000 adds 5-10 min")
    ap.add_argument("--big-reps", type=int, default=1, help="density reps that go on to 10,000 Workers")
    ap.add_argument("--max-workerd-workers", type=int, default=1000)
    ap.add_argument("--quiet-wait", type=float, default=2, help="max seconds to wait for a quiet machine before each run")
    ap.add_argument("--max-outside", type=float, default=0.15, help="redo a run once when others used more cores")
    ap.add_argument("--hearth")
    ap.add_argument("--workerd")
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--no-results-md", action="store_true", help="do not overwrite bench/RESULTS.md")
    ARGS = ap.parse_args()
    # SIGTERM/SIGHUP unwind like Ctrl-C, so every started server is killed and partial results are written
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    ARGS.sections = set(ARGS.sections.split(","))
    if ARGS.quick:
        ARGS.reps, ARGS.wrk_secs, ARGS.aclient_secs, ARGS.stream_secs = 1, 1, 1, 1
        ARGS.control_secs, ARGS.cold_samples, ARGS.density_reps = 1, 3, 1
        ARGS.max_workers = min(ARGS.max_workers, 100)
        ARGS.max_workerd_workers = min(ARGS.max_workerd_workers, 100)
        ARGS.quiet_wait = 0
    for p, what in ((find_hearth(), "hearth (cargo build --release)"), (find_workerd(), "workerd (npm install in bench/)"),
                    (find_aclient(), "aclient (cargo build --release in bench/aclient)")):
        if not os.path.exists(p):
            sys.exit(f"missing {what}: {p}")
    if not shutil.which("wrk"):
        sys.exit("missing wrk (apt-get install -y wrk)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000)) if resource.getrlimit(resource.RLIMIT_NOFILE)[1] >= 20000 else None

    workerd_version = subprocess.run([find_workerd(), "--version"], capture_output=True, text=True).stdout.strip()
    wrk_version = (subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines() or ["wrk ?"])[0]
    now = datetime.datetime.now(datetime.timezone.utc)
    results = {"meta": {"date": now.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
                        "hearth_commit": git_commit(), "hearth_binary": find_hearth(),
                        "workerd_version": workerd_version, "wrk_version": wrk_version.split(" [")[0],
                        "reps": ARGS.reps, "loadavg_start": loadavg(), "args": {k: (sorted(v) if isinstance(v, set) else v)
                                                                              for k, v in vars(ARGS).items()}}}
    workdir = tempfile.mkdtemp(prefix="hearth-bench-")
    t_start = time.monotonic()
    plan = [
        (ARGS.sections & {"hello", "api", "heavy", "jwt"}, "throughput, pinned", lambda: throughput_section(results, workdir, True)),
        ("unpinned" in ARGS.sections, "throughput, unpinned", lambda: throughput_section(results, workdir, False)),
        ("stream" in ARGS.sections, "streaming", lambda: stream_section(results, workdir)),
        ("pipe" in ARGS.sections, "stream piping", lambda: pipe_section(sys.modules[__name__], results, workdir)),
        ("htmlrewriter" in ARGS.sections, "HTMLRewriter", lambda: html_section(results, workdir)),
        (ARGS.sections & {"cold", "deploy"}, "cold start / deploy-to-serve", lambda: cold_and_deploy_section(results, workdir)),
        ("control" in ARGS.sections, "control plane", lambda: control_section(results, workdir)),
        ("density" in ARGS.sections, "density", lambda: density_section(results, workdir)),
    ]
    try:
        for wanted, title, fn in plan:
            if not wanted:
                continue
            log(title)
            t0 = time.monotonic()
            try:
                fn()
            except KeyboardInterrupt:
                raise
            except Exception as e:  # one broken section must not lose the others
                import traceback
                log(f"  section failed: {e!r}")
                results.setdefault("errors", []).append({"section": title, "error": repr(e),
                                                         "trace": traceback.format_exc()[-4000:]})
            results["meta"].setdefault("section_s", {})[title] = round(time.monotonic() - t0, 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        outside = []

        def walk(x):
            if isinstance(x, dict):
                if "outside_cores" in x and isinstance(x["outside_cores"], (int, float)):
                    outside.append(x["outside_cores"])
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)

        walk(results)
        results["meta"]["outside_median"] = statistics.median(outside) if outside else None
        results["meta"]["outside_max"] = max(outside) if outside else None
        results["meta"]["loadavg_end"] = loadavg()
        results["meta"]["duration_s"] = round(time.monotonic() - t_start, 1)
        os.makedirs(ARGS.out, exist_ok=True)
        stamp = now.strftime("%Y-%m-%dT%H%M")
        jpath = os.path.join(ARGS.out, f"{stamp}.json")
        with open(jpath, "w") as f:
            json.dump(results, f, indent=1)
        try:
            md = build_report(results)
        except Exception as e:  # keep the raw JSON even if the report fails
            md = f"report failed: {e!r}\n"
        md += f"\nRun took {results['meta']['duration_s']:.0f} s. Raw data: `bench/results/{stamp}.json`.\n"
        with open(os.path.join(ARGS.out, f"{stamp}.md"), "w") as f:
            f.write(md)
        if not ARGS.no_results_md and not ARGS.quick:
            with open(os.path.join(BENCH, "RESULTS.md"), "w") as f:
                f.write(md)
        print(md)
        log(f"wrote {jpath}")


if __name__ == "__main__":
    main()
