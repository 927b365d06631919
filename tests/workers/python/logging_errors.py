# print(), logging and exceptions.
import logging

from workers import Response

print("imported logging_errors")
log = logging.getLogger("worker")


def helper_that_fails():
    raise ValueError("boom from the worker")


def on_fetch(request, env):
    path = request.path
    if path == "/print":
        print("hello from print", 42)
        log.warning("a warning via logging")
        log.error("an error via logging")
        return Response("printed")
    if path == "/raise":
        helper_that_fails()
    if path == "/exit":
        raise SystemExit(3)
    return Response("ok")
