# A hostile Worker: each path tries something the sandbox must refuse.
import os
import socket
import subprocess
import time

from workers import Response


def attempt(fn):
    try:
        result = fn()
        return Response("ALLOWED %r" % (result,))
    except Exception as e:
        return Response("denied %s: %s" % (type(e).__name__, e))


def write_file():
    with open("/tmp/hearth-python-escape.txt", "w") as f:
        f.write("escaped")


def read_secret():
    return open("/etc/shadow").read()[:10]


def connect():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("1.1.1.1", 80))


def on_fetch(request, env):
    path = request.path
    if path == "/write":
        return attempt(write_file)
    if path == "/read":
        return attempt(read_secret)
    if path == "/socket":
        return attempt(connect)
    if path == "/unix-socket":
        return attempt(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    if path == "/subprocess":
        return attempt(lambda: subprocess.run(["/bin/echo", "hi"], capture_output=True))
    if path == "/system":
        return attempt(lambda: os.system("echo hi"))
    if path == "/fork":
        return attempt(os.fork)
    if path == "/kill-parent":
        return attempt(lambda: os.kill(os.getppid(), 9))
    if path == "/memory":
        blocks = []
        while True:
            blocks.append(bytearray(16 << 20))
    if path == "/memory-small":
        items = []
        while True:
            items.append("x" * 1000 + str(len(items)))
    if path == "/busy":
        while True:
            pass
    if path == "/crash":
        import ctypes

        ctypes.string_at(0)  # segfault: the process dies
    if path == "/pid":
        return Response(str(os.getpid()))
    if path == "/sleep":
        time.sleep(0.01)
        return Response("slept")
    return Response("ok")
