# Echoes what the Worker sees of its request.
import json

from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        path = request.path
        if path == "/json":
            data = await request.json()
            return Response.json({"got": data, "method": request.method})
        if path == "/bytes":
            raw = await request.bytes()
            return Response(raw[::-1], headers={"content-type": "application/octet-stream"})
        text = await request.text()
        return Response(
            json.dumps(
                {
                    "url": request.url,
                    "method": request.method,
                    "x_test": request.headers.get("X-Test"),
                    "has_x_test": "x-test" in request.headers,
                    "query": request.query,
                    "body": text,
                }
            ),
            headers={"content-type": "application/json"},
        )
