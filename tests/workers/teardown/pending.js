// Leaves a long timer, an open stream reader, an unresolved promise and a streaming response in
// flight, all reachable from global state, so dropping the isolate must clean them up.
globalThis.kept = [];
export default {
  async fetch(request) {
    const what = request.url.split("/").pop();
    if (what === "timer") {
      setTimeout(() => console.log("never"), 600000);
      setInterval(() => {}, 1000);
    }
    if (what === "reader") {
      const stream = new ReadableStream({ pull() { return new Promise(() => {}); } });
      const reader = stream.getReader();
      kept.push(stream, reader, reader.read());
      kept.push(request.body.getReader());
    }
    if (what === "promise") {
      kept.push(new Promise(() => {}));
      kept.push(fetch("http://192.0.2.1/never").catch(() => {}));
    }
    if (what === "htmlrewriter") {
      // A rewriter suspended inside lol_html (its coroutine waits on a handler that never ends).
      const res = new HTMLRewriter().on("p", { element() { return new Promise(() => {}); } }).transform(new Response("<div><p>x</p></div>"));
      const reader = res.body.getReader();
      kept.push(res, reader, reader.read(), reader.read());
    }
    if (what === "stream") {
      // A response stream that never ends: the client stops reading, the isolate is dropped.
      return new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(10)); return new Promise((r) => setTimeout(r, 5)); } }));
    }
    return new Response(what);
  },
};
