# Hearth's Python host: the template process and, after fork, one isolate.
#
# Started by hearth-python as `python3 -I -S -B -X utf8 -c <this> <workers.py> <seccomp hex>
# <config json>` with the control socket (AF_UNIX SOCK_SEQPACKET) on fd 3. The template imports
# everything an isolate needs, builds the Landlock ruleset once, then waits for "fork" messages,
# each carrying (SCM_RIGHTS) the isolate's end of a fresh stream socket to Hearth. The child
# confines itself (rlimits, capabilities, no_new_privs, Landlock, seccomp) before it reads the
# Worker's code from that socket. Protocol: see the crate's README.

import asyncio
import contextvars
import ctypes
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import io
import json
import linecache
import logging
import os
import resource
import signal
import socket
import stat
import struct
import sys
import traceback
import types

CTRL_FD = 3
MAX_HEADER = 16 << 20
MAX_BODY = 256 << 20
PID_SENTINEL = 0xFFFFFFFE

_WORKERS_SRC = sys.argv[1]
_FILTER = bytes.fromhex(sys.argv[2])
_CONFIG = json.loads(sys.argv[3])
sys.argv = ["worker"]

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.prctl.restype = ctypes.c_int


def _load_workers_module():
    mod = types.ModuleType("workers")
    mod.__file__ = "workers.py"
    linecache.cache["workers.py"] = (
        len(_WORKERS_SRC),
        None,
        _WORKERS_SRC.splitlines(True),
        "workers.py",
    )
    exec(compile(_WORKERS_SRC, "workers.py", "exec"), mod.__dict__)
    sys.modules["workers"] = mod
    return mod


workers = _load_workers_module()

# Modules Workers commonly import, loaded once here so an isolate's start does not pay for them.
for _name in (
    "base64", "collections", "copy", "dataclasses", "datetime", "decimal", "enum", "functools",
    "hashlib", "hmac", "itertools", "math", "random", "re", "secrets", "string", "textwrap",
    "time", "typing", "urllib.parse", "uuid", "zlib",
):
    try:
        importlib.import_module(_name)
    except ImportError:
        pass


# ---------------------------------------------------------------------------------------------
# Landlock (built once in the template; each child calls landlock_restrict_self on it)

SYS_landlock_create_ruleset = 444
SYS_landlock_add_rule = 445
SYS_landlock_restrict_self = 446
LL_EXECUTE = 1 << 0
LL_READ_FILE = 1 << 2
LL_READ_DIR = 1 << 3


def _syscall(nr, *args):
    res = libc.syscall(ctypes.c_long(nr), *args)
    if res < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return res


def _read_paths():
    """What an isolate may read: the standard library (not site-packages) and shared libraries."""
    paths = []
    stdlib = os.path.dirname(os.__file__)
    for entry in sorted(os.listdir(stdlib)):
        if entry in ("site-packages", "dist-packages", "__pycache__", "test", "idlelib"):
            continue
        paths.append(os.path.join(stdlib, entry))
    for p in _CONFIG.get("extra_read_paths", []):
        paths.append(p)
    return [p for p in paths if os.path.exists(p)]


def _build_landlock():
    try:
        abi = _syscall(SYS_landlock_create_ruleset, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except OSError as e:
        return -1, 0, "unavailable (%s)" % e.strerror
    fs = (1 << 13) - 1
    if abi >= 2:
        fs |= 1 << 13  # REFER
    if abi >= 3:
        fs |= 1 << 14  # TRUNCATE
    if abi >= 5:
        fs |= 1 << 15  # IOCTL_DEV
    net = 0b11 if abi >= 4 else 0  # BIND_TCP | CONNECT_TCP
    scoped = 0b11 if abi >= 6 else 0  # ABSTRACT_UNIX_SOCKET | SIGNAL
    attr = struct.pack("=QQQ", fs, net, scoped)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    buf = ctypes.create_string_buffer(attr[:size], size)
    fd = _syscall(SYS_landlock_create_ruleset, buf, ctypes.c_size_t(size), ctypes.c_uint32(0))
    paths = _read_paths()
    for path in paths:
        pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            is_dir = stat.S_ISDIR(os.fstat(pfd).st_mode)
            access = LL_EXECUTE | LL_READ_FILE | (LL_READ_DIR if is_dir else 0)
            rule = ctypes.create_string_buffer(struct.pack("=Qi", access, pfd), 12)
            _syscall(SYS_landlock_add_rule, ctypes.c_int(fd), ctypes.c_int(1), rule, ctypes.c_uint32(0))
        finally:
            os.close(pfd)
    what = "ABI %d: no writes, reads of %d paths (stdlib, shared libraries)" % (abi, len(paths))
    if net:
        what += ", TCP bind/connect denied"
    if scoped:
        what += ", signals and abstract unix sockets scoped"
    return fd, abi, what


LANDLOCK_FD, LANDLOCK_ABI, LANDLOCK_DESC = _build_landlock()


# ---------------------------------------------------------------------------------------------
# Confinement of one child (after fork, before any tenant code)

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _confine(memory_budget):
    """Applies every layer it can; returns a report. Raises if a mandatory layer fails."""
    report = {}
    page = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm") as f:
        vm = int(f.read().split()[0]) * page
    limit = vm + memory_budget
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    report["rlimits"] = "AS=%d MiB (base %d MiB + %d MiB), NOFILE=64, FSIZE=0, CORE=0" % (
        limit >> 20,
        vm >> 20,
        memory_budget >> 20,
    )
    # Drop every capability (matters when Hearth runs as root).
    hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    try:
        _syscall(_CONFIG["sys_capset"], hdr, data)
        report["capabilities"] = "dropped"
    except OSError as e:
        report["capabilities"] = "not dropped (%s)" % e.strerror
    if libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
    report["no_new_privs"] = True
    if LANDLOCK_FD >= 0:
        _syscall(SYS_landlock_restrict_self, ctypes.c_int(LANDLOCK_FD), ctypes.c_uint32(0))
        os.close(LANDLOCK_FD)
        report["landlock"] = LANDLOCK_DESC
    else:
        report["landlock"] = LANDLOCK_DESC
    prog = bytearray(_FILTER)
    pid = os.getpid()
    for off in range(0, len(prog), 8):
        code, jt, jf, k = struct.unpack_from("=HBBI", prog, off)
        if k == PID_SENTINEL:
            struct.pack_into("=HBBI", prog, off, code, jt, jf, pid)
    buf = ctypes.create_string_buffer(bytes(prog), len(prog))
    fprog = _SockFprog(len(prog) // 8, ctypes.cast(buf, ctypes.c_void_p))
    if libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        err = ctypes.get_errno()
        if not _CONFIG.get("allow_unconfined"):
            raise OSError(err, "seccomp filter refused: %s" % os.strerror(err))
        report["seccomp"] = "not enforced (%s)" % os.strerror(err)
    else:
        report["seccomp"] = "%d instructions: %s" % (len(prog) // 8, _CONFIG.get("seccomp_desc", ""))
    return report


# ---------------------------------------------------------------------------------------------
# Frames: [u32 BE header length][u32 BE body length][header JSON][body]


def _encode(header, body=b""):
    h = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack(">II", len(h), len(body)) + h + bytes(body)


async def _read_frame(reader):
    try:
        prefix = await reader.readexactly(8)
    except asyncio.IncompleteReadError:
        return None, None
    hlen, blen = struct.unpack(">II", prefix)
    if hlen > MAX_HEADER or blen > MAX_BODY:
        raise ValueError("frame too large")
    header = json.loads(await reader.readexactly(hlen))
    body = await reader.readexactly(blen) if blen else b""
    return header, body


CURRENT_RID = contextvars.ContextVar("hearth_rid", default=None)


class _Channel:
    def __init__(self, writer):
        self.writer = writer

    def send(self, header, body=b""):
        self.writer.write(_encode(header, body))


CHANNEL = None


class _LogStream(io.TextIOBase):
    """sys.stdout / sys.stderr: each line becomes a log frame for the current request."""

    def __init__(self, level):
        self.level = level
        self.buf = ""

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        self.buf += s
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            _log(self.level, line)
        if len(self.buf) > 65536:
            self.flush()
        return len(s)

    def flush(self):
        if self.buf:
            line, self.buf = self.buf, ""
            _log(self.level, line)


def _format_exc():
    """The current exception's traceback, without the host's own frames."""
    _, e, tb = sys.exc_info()
    te = traceback.TracebackException(type(e), e, tb)
    te.stack = traceback.StackSummary.from_list(
        [f for f in te.stack if f.filename != "<string>" and not f.filename.startswith("<frozen importlib")]
    )
    return "".join(te.format())


def _log(level, msg):
    if CHANNEL is not None:
        CHANNEL.send({"t": "log", "rid": CURRENT_RID.get(), "level": level, "msg": msg[:65536]})


class _FrameLogHandler(logging.Handler):
    def emit(self, record):
        try:
            level = {
                logging.DEBUG: "debug",
                logging.INFO: "info",
                logging.WARNING: "warn",
                logging.ERROR: "error",
                logging.CRITICAL: "error",
            }.get(record.levelno, "info")
            _log(level, self.format(record))
        except Exception:
            self.handleError(record)


# ---------------------------------------------------------------------------------------------
# The Worker's modules, imported from memory


class _MemoryFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, modules, roots):
        self.modules = modules  # path -> source
        self.roots = roots

    def _locate(self, fullname):
        rel = fullname.replace(".", "/")
        for root in self.roots:
            prefix = root + "/" if root else ""
            for cand, is_pkg in ((rel + "/__init__.py", True), (rel + ".py", False)):
                if prefix + cand in self.modules:
                    return prefix + cand, is_pkg, prefix + rel
        return None

    def find_spec(self, fullname, path=None, target=None):
        found = self._locate(fullname)
        if found is None:
            return None
        path, is_pkg, pkgdir = found
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=path, is_package=is_pkg)
        if is_pkg:
            spec.submodule_search_locations = ["/worker/" + pkgdir]
        spec.has_location = True
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        path = module.__spec__.origin
        module.__file__ = path
        code = compile(self.modules[path], path, "exec", dont_inherit=True)
        exec(code, module.__dict__)

    def get_source(self, fullname):
        found = self._locate(fullname)
        return self.modules[found[0]] if found else None


HANDLER_NAMES = ("fetch", "scheduled", "queue", "email", "tail", "trace", "test")


def _load_worker(init):
    modules = init["modules"]
    main = init["main"]
    for path, src in modules.items():
        linecache.cache[path] = (len(src), None, src.splitlines(True), path)
    base = os.path.dirname(main)
    roots = []
    for r in (base, "", "python_modules", os.path.join(base, "python_modules") if base else None):
        if r is not None and r not in roots:
            roots.append(r)
    finder = _MemoryFinder(modules, roots)
    sys.meta_path.insert(0, finder)
    modname = os.path.splitext(os.path.relpath(main, base) if base else main)[0].replace("/", ".")
    if modname in sys.modules:
        # The name is taken by something preloaded (e.g. `workers`): load it standalone.
        spec = importlib.util.spec_from_loader("__worker_main__", finder, origin=main)
        module = importlib.util.module_from_spec(spec)
        module.__file__ = main
        exec(compile(modules[main], main, "exec", dont_inherit=True), module.__dict__)
        return module
    return importlib.import_module(modname)


def _handlers(module):
    found = []
    default = getattr(module, "Default", None)
    for name in HANDLER_NAMES:
        if inspect.isclass(default) and callable(getattr(default, name, None)):
            found.append(name)
        elif callable(getattr(module, "on_" + name, None)):
            found.append(name)
    return found


def _env(bindings):
    values = {}
    for b in bindings:
        kind = b["type"]
        if kind in ("plain_text", "secret_text"):
            values[b["name"]] = b["text"]
        elif kind == "json":
            values[b["name"]] = b["value"]
        elif kind == "version_metadata":
            values[b["name"]] = workers.VersionMetadata(b["id"], b["tag"], b["timestamp"])
        elif kind == "service":
            values[b["name"]] = workers.Fetcher(b["name"])
    return workers.Env(values)


class _Host:
    """What `workers.fetch` and service bindings call: a subrequest frame to Hearth."""

    def __init__(self):
        self.next_sid = 0
        self.pending = {}

    async def subrequest(self, target, method, url, headers, body):
        self.next_sid += 1
        sid = self.next_sid
        fut = asyncio.get_running_loop().create_future()
        self.pending[sid] = fut
        CHANNEL.send(
            {
                "t": "fetch",
                "rid": CURRENT_RID.get(),
                "sid": sid,
                "service": target,
                "method": method,
                "url": url,
                "headers": headers,
            },
            body,
        )
        try:
            header, body = await fut
        finally:
            self.pending.pop(sid, None)
        if header["t"] == "fetch_err":
            raise workers.FetchError(header["error"])
        return header["status"], header["headers"], body

    def resolve(self, header, body):
        fut = self.pending.get(header.get("sid"))
        if fut is not None and not fut.done():
            fut.set_result((header, body))


class _Worker:
    def __init__(self, module, env):
        self.module = module
        self.env = env
        self.default = getattr(module, "Default", None)
        if not (inspect.isclass(self.default) and callable(getattr(self.default, "fetch", None))):
            self.default = None
        self.on_fetch = getattr(module, "on_fetch", None)
        self.on_fetch_arity = 2
        if self.on_fetch is not None:
            try:
                params = inspect.signature(self.on_fetch).parameters
                self.on_fetch_arity = 3 if len(params) >= 3 else 2
            except (TypeError, ValueError):
                pass

    async def handle(self, rid, header, body):
        CURRENT_RID.set(rid)
        tasks = []

        def spawn(awaitable):
            tasks.append(asyncio.ensure_future(awaitable))

        try:
            req = workers.Request(header["url"], header["method"], header["headers"], body)
            ctx = workers.Context(spawn)
            if self.default is not None:
                result = self.default(ctx, self.env).fetch(req)
            elif self.on_fetch is not None:
                args = (req, self.env, ctx) if self.on_fetch_arity == 3 else (req, self.env)
                result = self.on_fetch(*args)
            else:
                raise RuntimeError("the Worker has no fetch handler (on_fetch or class Default)")
            if inspect.isawaitable(result):
                result = await result
            if not isinstance(result, workers.Response):
                raise TypeError(
                    "the fetch handler returned %s, not a workers.Response" % type(result).__name__
                )
            header = {"t": "res", "rid": rid, "status": result.status, "headers": result.headers._wire()}
            body = result._body
        except MemoryError:
            # Reported below, once the failed frames (and what they allocated) are released.
            header, body = None, b""
        except BaseException:
            try:
                error = _format_exc()
            except BaseException:
                error = "(the traceback could not be formatted)"
            header, body = {"t": "err", "rid": rid, "kind": "exception", "error": error}, b""
        if header is None:
            header = {"t": "err", "rid": rid, "kind": "memory", "error": "MemoryError"}
        header["done"] = not tasks
        try:
            CHANNEL.send(header, body)
        except BaseException:
            # The answer cannot be sent (e.g. no memory left): end the process, so Hearth fails
            # this request (and only this process's) instead of waiting for it.
            os._exit(70)
        sys.stdout.flush()
        sys.stderr.flush()
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=_CONFIG.get("wait_until_ms", 30000) / 1000)
        for task in pending:
            task.cancel()
            _log("warn", "wait_until work cancelled after %d ms" % _CONFIG.get("wait_until_ms", 30000))
        for task in _done:
            if not task.cancelled() and task.exception() is not None:
                try:
                    raise task.exception()
                except BaseException:
                    _log("error", "wait_until task failed:\n" + _format_exc())
        CHANNEL.send({"t": "done", "rid": rid})


async def _serve(sock):
    global CHANNEL
    reader, writer = await asyncio.open_connection(sock=sock)
    CHANNEL = _Channel(writer)
    init, _ = await _read_frame(reader)
    if init is None:
        return
    mode = init.get("mode")
    if mode == "probe":
        CHANNEL.send({"t": "probe", "confinement": CONFINEMENT, "checks": _probe()})
        await writer.drain()
        return
    if mode == "validate":
        for path, src in init["modules"].items():
            try:
                compile(src, path, "exec", dont_inherit=True)
            except SyntaxError as e:
                msg = "%s: %s (%s, line %s)" % (type(e).__name__, e.msg, path, e.lineno)
                CHANNEL.send({"t": "invalid", "error": msg})
                await writer.drain()
                return
    workers._host = host = _Host()
    try:
        module = _load_worker(init)
    except MemoryError:
        CHANNEL.send({"t": "init_error", "kind": "memory", "error": "MemoryError"})
        await writer.drain()
        return
    except BaseException:
        CHANNEL.send({"t": "init_error", "kind": "exception", "error": _format_exc()})
        await writer.drain()
        return
    handlers = _handlers(module)
    if mode == "validate":
        CHANNEL.send({"t": "valid", "handlers": handlers})
        await writer.drain()
        return
    worker = _Worker(module, _env(init.get("bindings", [])))
    CHANNEL.send({"t": "ready", "handlers": handlers})
    tasks = set()
    while True:
        header, body = await _read_frame(reader)
        if header is None:
            return
        t = header.get("t")
        if t == "req":
            task = asyncio.get_running_loop().create_task(
                worker.handle(header["rid"], header, body), context=contextvars.Context()
            )
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        elif t in ("fetch_res", "fetch_err"):
            host.resolve(header, body)


def _probe():
    """Tries what a hostile Worker would, after confinement; each should be refused."""
    checks = {}

    def attempt(name, fn):
        try:
            fn()
            checks[name] = "ALLOWED"
        except OSError as e:
            checks[name] = "denied (%s)" % (e.strerror or e)
        except Exception as e:
            checks[name] = "denied (%s)" % e

    attempt("write /tmp", lambda: open("/tmp/.hearth-python-probe", "w").close())
    attempt("read /etc/passwd", lambda: open("/etc/passwd").read())
    attempt("socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close())
    attempt("fork", lambda: os._exit(0) if os.fork() == 0 else None)
    attempt("kill parent", lambda: os.kill(os.getppid(), 0))
    attempt("read stdlib", lambda: open(os.__file__).read(1))
    return checks


CONFINEMENT = None


def _child(chan_fd, budget):
    global CONFINEMENT
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    CTRL.detach()
    keep = {0, 1, 2, chan_fd, LANDLOCK_FD}
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
    devnull = os.open("/dev/null", os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = _LogStream("log")
    sys.stderr = _LogStream("error")
    root = logging.getLogger()
    root.handlers[:] = [_FrameLogHandler()]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    sock = socket.socket(fileno=chan_fd)
    CONFINEMENT = _confine(budget)
    loop.run_until_complete(_serve(sock))


def _template():
    global CTRL
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    CTRL = socket.socket(fileno=CTRL_FD)
    CTRL.sendmsg(
        [json.dumps({"t": "template", "pid": os.getpid(), "landlock": LANDLOCK_DESC, "landlock_abi": LANDLOCK_ABI}).encode()]
    )
    gc.collect()
    gc.freeze()
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(CTRL, 4096, 2)
        except InterruptedError:
            continue
        if not msg:
            os._exit(0)
        if not fds:
            continue
        chan_fd = fds[0]
        for extra in fds[1:]:
            os.close(extra)
        budget = int(msg.split(b" ")[1]) if msg.startswith(b"fork ") else 0
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _child(chan_fd, budget or _CONFIG["memory_bytes"])
            except BaseException:
                try:
                    os.write(2, ("hearth python isolate failed: " + traceback.format_exc()).encode())
                except OSError:
                    pass
                code = 1
            finally:
                os._exit(code)
        os.close(chan_fd)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            pidfd = None
        reply = str(pid).encode()
        if pidfd is None:
            CTRL.sendmsg([reply])
        else:
            socket.send_fds(CTRL, [reply], [pidfd])
            os.close(pidfd)


_template()
