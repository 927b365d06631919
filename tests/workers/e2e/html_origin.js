// Origin for the HTMLRewriter proxy test (tests/web_html_rewriter.rs): `/` is a small page,
// `/big?rows=N` a large one streamed in pieces of 256 rows, anything else a plain-text file.
const HEAD = '<!DOCTYPE html>\n<html><head><title>Origin</title><link rel="stylesheet" href="http://origin.example/style.css"></head>\n<body>\n';
const TAIL = "</body>\n</html>\n";

function row(i) {
  return `<div class="row" id="r${i}"><a href="http://origin.example/item/${i}">Item ${i}</a> <img src="http://origin.example/img/${i}.png" alt="i${i}"> text &amp; more <!-- c${i} --></div>\n`;
}

const HTML = { "content-type": "text/html; charset=utf-8" };

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/") {
      return new Response(HEAD + '<h1>Hi</h1>\n<p><a href="http://origin.example/about">About</a> <a href="/local">Local</a> <a name="x">anchor</a></p>\n<img src="http://origin.example/logo.png">\n' + TAIL, { headers: HTML });
    }
    if (url.pathname === "/big") {
      const rows = Number(url.searchParams.get("rows"));
      const enc = new TextEncoder();
      let next = 0;
      let state = "head";
      const body = new ReadableStream({
        pull(c) {
          if (state === "head") { c.enqueue(enc.encode(HEAD)); state = "rows"; return; }
          if (state === "rows") {
            let s = "";
            const end = Math.min(rows, next + 256);
            for (; next < end; next++) s += row(next);
            c.enqueue(enc.encode(s));
            if (next >= rows) state = "tail";
            return;
          }
          if (state === "tail") { c.enqueue(enc.encode(TAIL)); state = "done"; return; }
          c.close();
        },
      });
      return new Response(body, { headers: HTML });
    }
    if (url.pathname === "/greeting") {
      await new Promise((r) => setTimeout(r, 2));
      return new Response("Hello & welcome", { headers: { "content-type": "text/plain" } });
    }
    return new Response("plain http://origin.example/ text", { headers: { "content-type": "text/plain" } });
  },
};
