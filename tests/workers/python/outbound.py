# Outbound fetch, service bindings, wait_until and the subrequest limit.
import asyncio

from workers import Request, Response, WorkerEntrypoint, fetch


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        path = request.path
        if path == "/fetch":
            resp = await fetch("https://example.com/data?x=1", method="POST", headers={"X-A": "1"}, body="payload")
            return Response(
                "%d %s %s" % (resp.status, resp.headers.get("x-outbound"), await resp.text())
            )
        if path == "/service":
            a = await self.env.OTHER.fetch("https://other/hello", method="PUT", body="svc-body")
            b = await self.env.OTHER.fetch(Request("https://other/forwarded"))
            return Response("%s || %s" % (await a.text(), await b.text()))
        if path == "/gather":
            rs = await asyncio.gather(*[fetch("https://example.com/%d" % i) for i in range(3)])
            return Response(",".join([str(r.status) for r in rs]))
        if path == "/limit":
            done = 0
            try:
                for i in range(10):
                    await fetch("https://example.com/n%d" % i)
                    done += 1
            except Exception as e:
                return Response("after %d: %s: %s" % (done, type(e).__name__, e))
            return Response("no limit hit")
        if path == "/private":
            try:
                await fetch("http://127.0.0.1:8080/")
            except Exception as e:
                return Response("%s: %s" % (type(e).__name__, e))
            return Response("reached")
        if path == "/wait-until":
            async def later():
                await asyncio.sleep(0.05)
                await fetch("https://example.com/after-response")
                print("wait_until finished")

            self.ctx.wait_until(later())
            return Response("responded")
        return Response("?", status=404)
