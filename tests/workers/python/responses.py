# Response forms: JSON, redirect, status and headers, bytes, sync and async on_fetch.
from workers import Response


async def on_fetch(request, env, ctx):
    path = request.path
    if path == "/json":
        return Response.json({"ok": True, "n": [1, 2, 3]}, status=201)
    if path == "/redirect":
        return Response.redirect("https://example.com/elsewhere", status=301)
    if path == "/redirect-default":
        return Response.redirect("/next")
    if path == "/teapot":
        return Response("short and stout", status=418, headers={"X-Kind": "teapot"})
    if path == "/multi":
        return Response(
            b"\x00\x01binary",
            headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Content-Type", "application/octet-stream")],
        )
    if path == "/wrong-length":
        return Response("four", headers={"Content-Length": "1000"})
    if path == "/empty":
        return Response(None, status=204)
    if path == "/not-a-response":
        return "just a string"
    return Response("not found", status=404)
