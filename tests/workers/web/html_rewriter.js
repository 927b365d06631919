// HTMLRewriter checks (tests/web_html_rewriter.rs): every handler type and mutation, async
// handlers, bodies streamed in chunks that split tokens, onEndTag, removed flags, error cases.
import { checks, assert, assertEquals, assertThrows, assertRejects } from "./_checks.js";

const enc = new TextEncoder();

// A Response whose body arrives in the given string chunks (each its own read()).
function chunked(parts, headers = { "content-type": "text/html" }) {
  let i = 0;
  const body = new ReadableStream({
    pull(c) {
      if (i < parts.length) c.enqueue(enc.encode(parts[i++]));
      else c.close();
    },
  });
  return new Response(body, { headers });
}

// Every way to split `html` in two pieces, and byte-by-byte.
function splits(html) {
  const out = [[html], html.split("")];
  for (let i = 1; i < html.length; i++) out.push([html.slice(0, i), html.slice(i)]);
  return out;
}

async function rewrite(rw, html, headers) {
  const res = rw.transform(typeof html === "string" ? new Response(html, { headers: headers ?? { "content-type": "text/html" } }) : html);
  return res.text();
}

export default checks({
  "element: attributes and tag name": async () => {
    const seen = [];
    const out = await rewrite(
      new HTMLRewriter().on("a[href]", {
        element(el) {
          seen.push([el.tagName, [...el.attributes], el.getAttribute("href"), el.getAttribute("nope"), el.hasAttribute("id"), el.hasAttribute("x"), el.namespaceURI, el.removed]);
          el.setAttribute("href", el.getAttribute("href").replace("http:", "https:"));
          el.setAttribute("data-new", 'a"b<');
          el.removeAttribute("id");
          el.tagName = "span";
        },
      }),
      '<p><a id="x" href="http://a.test/">link</a><a>no href</a></p>',
    );
    assertEquals(seen, [["a", [["id", "x"], ["href", "http://a.test/"]], "http://a.test/", null, true, false, "http://www.w3.org/1999/xhtml", false]]);
    assertEquals(out, '<p><span href="https://a.test/" data-new="a&quot;b<">link</span><a>no href</a></p>');
  },
  "element: before/after/prepend/append, text vs {html:true}": async () => {
    const out = await rewrite(
      new HTMLRewriter().on("div", {
        element(el) {
          el.before("<b>1</b>", { html: true });
          el.after("<b>2</b>");
          el.prepend("<i>3</i>", { html: true });
          el.append("a&b", { html: false });
        },
      }),
      "<div>x</div>",
    );
    assertEquals(out, "<b>1</b><div><i>3</i>xa&amp;b</div>&lt;b&gt;2&lt;/b&gt;");
  },
  "element: replace, setInnerContent, remove, removeAndKeepContent, removed": async () => {
    const removed = [];
    const out = await rewrite(
      new HTMLRewriter()
        .on("#r", { element(el) { el.replace("<hr>", { html: true }); removed.push(el.removed); } })
        .on("#s", { element(el) { el.setInnerContent("<new>"); removed.push(el.removed); } })
        .on("#h", { element(el) { el.setInnerContent("<em>h</em>", { html: true }); } })
        .on("#d", { element(el) { el.remove(); removed.push(el.removed); } })
        .on("#k", { element(el) { el.removeAndKeepContent(); removed.push(el.removed); } }),
      '<p id="r">a<b>b</b></p><p id="s">old<i>x</i></p><p id="h">x</p><p id="d">gone</p><p id="k">kept <b>b</b></p>',
    );
    assertEquals(out, '<hr><p id="s">&lt;new&gt;</p><p id="h"><em>h</em></p>kept <b>b</b>');
    assertEquals(removed, [true, false, true, true]);
  },
  "element: methods chain and return the element": async () => {
    let same = false;
    await rewrite(new HTMLRewriter().on("p", { element(el) { same = el.setAttribute("a", "1").removeAttribute("a").before("x") === el; } }), "<p></p>");
    assert(same);
  },
  "element: multiple selectors and handlers run in order": async () => {
    const order = [];
    const out = await rewrite(
      new HTMLRewriter()
        .on("p", { element(el) { order.push("p1:" + el.getAttribute("class")); el.setAttribute("a", "1"); } })
        .on(".c", { element(el) { order.push("c:" + el.getAttribute("a")); } })
        .on("p", { element(el) { order.push("p2"); } })
        .on("div > p.c", { element(el) { order.push("child"); } }),
      '<div><p class="c">x</p></div><p>y</p>',
    );
    assertEquals(order, ["p1:c", "c:1", "p2", "child", "p1:null", "p2"]);
    assertEquals(out, '<div><p class="c" a="1">x</p></div><p a="1">y</p>');
  },
  "text chunks: text, lastInTextNode, replace/before/after/remove": async () => {
    const chunks = [];
    const out = await rewrite(
      new HTMLRewriter().on("p", {
        text(t) {
          chunks.push([t.text, t.lastInTextNode, t.removed]);
          if (t.text === "hello") t.replace("<b>HI</b>", { html: true });
          if (t.text === "bye") { t.before("["); t.after("]", { html: true }); }
          if (t.text === "x") { t.remove(); chunks.push(t.removed); }
        },
      }),
      "<p>hello</p><p>bye</p><p>x</p>",
    );
    assertEquals(chunks, [["hello", false, false], ["", true, false], ["bye", false, false], ["", true, false], ["x", false, false], true, ["", true, false]]);
    assertEquals(out, "<p><b>HI</b></p><p>[bye]</p><p></p>");
  },
  "text chunks follow input chunks; their concatenation is the text node": async () => {
    const html = "<p>alpha beta gamma</p><p>x &amp; y</p>";
    for (const parts of splits(html)) {
      const nodes = [];
      let cur = "";
      const out = await rewrite(
        new HTMLRewriter().on("p", {
          text(t) {
            cur += t.text;
            if (t.lastInTextNode) { nodes.push(cur); cur = ""; }
          },
        }),
        chunked(parts),
      );
      assertEquals(nodes, ["alpha beta gamma", "x &amp; y"], JSON.stringify(parts));
      assertEquals(out, html);
    }
  },
  "comments: text get/set, before/after/replace/remove, removed": async () => {
    const seen = [];
    const out = await rewrite(
      new HTMLRewriter()
        .on("div", {
          comments(c) {
            seen.push([c.text, c.removed]);
            if (c.text === " a ") c.text = "A";
            if (c.text === "b") { c.before("<i>", { html: true }); c.after("</i>", { html: true }); }
            if (c.text === "c") c.replace("<c>");
            if (c.text === "d") { c.remove(); seen.push(c.removed); }
          },
        }),
      "<div><!-- a --><!--b--><!--c--><!--d--></div><!--outside-->",
    );
    assertEquals(seen, [[" a ", false], ["b", false], ["c", false], ["d", false], true]);
    assertEquals(out, "<div><!--A--><i><!--b--></i>&lt;c&gt;</div><!--outside-->");
  },
  "onDocument: doctype, comments, text, end": async () => {
    const seen = [];
    const out = await rewrite(
      new HTMLRewriter().onDocument({
        doctype(d) { seen.push(["doctype", d.name, d.publicId, d.systemId]); },
        comments(c) { seen.push(["comment", c.text]); },
        text(t) { if (t.text) seen.push(["text", t.text]); },
        end(e) { seen.push(["end"]); e.append("<!--end-->", { html: true }); e.append("<&>"); },
      }),
      '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><!--c--><p>t</p>',
    );
    assertEquals(seen, [["doctype", "html", "-//W3C//DTD HTML 4.01//EN", "http://www.w3.org/TR/html4/strict.dtd"], ["comment", "c"], ["text", "t"], ["end"]]);
    assertEquals(out, '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><!--c--><p>t</p><!--end-->&lt;&amp;&gt;');
    let doctype;
    await rewrite(new HTMLRewriter().onDocument({ doctype(d) { doctype = [d.name, d.publicId, d.systemId]; } }), "<!doctype html>");
    assertEquals(doctype, ["html", null, null]);
  },
  "onEndTag: name get/set, before/after/remove, order": async () => {
    const order = [];
    const out = await rewrite(
      new HTMLRewriter()
        .on("div", {
          element(el) {
            order.push("start:" + el.tagName);
            el.onEndTag((end) => {
              order.push("end:" + end.name);
              end.before("<!--b-->", { html: true });
              end.after("<a>");
              end.name = "section";
            });
          },
        })
        .on("span", {
          element(el) {
            el.onEndTag(() => order.push("replaced"));
            el.onEndTag((end) => { order.push("span end"); end.remove(); });
          },
        }),
      "<div><span>s</span></div>",
    );
    assertEquals(order, ["start:div", "span end", "end:div"]);
    assertEquals(out, "<div><span>s<!--b--></section>&lt;a&gt;");
  },
  "onEndTag on a void element throws a TypeError": async () => {
    let error;
    await rewrite(new HTMLRewriter().on("br", { element(el) { try { el.onEndTag(() => {}); } catch (e) { error = e; } } }), "<p><br></p>");
    assert(error instanceof TypeError, String(error));
    await rewrite(new HTMLRewriter().on("p", { element(el) { assertThrows(() => el.onEndTag("x"), TypeError); } }), "<p></p>");
  },
  "async handlers: rewriting waits for the promise": async () => {
    const order = [];
    const out = await rewrite(
      new HTMLRewriter()
        .on("p", {
          async element(el) {
            order.push("start " + el.getAttribute("id"));
            await new Promise((r) => setTimeout(r, 5));
            await null;
            el.setAttribute("done", el.getAttribute("id"));
            order.push("end " + el.getAttribute("id"));
          },
          text(t) { if (t.text) order.push("text " + t.text); },
        })
        .onDocument({ end: async (e) => { await new Promise((r) => setTimeout(r, 1)); e.append("!"); } }),
      '<p id="1">a</p><p id="2">b</p>',
    );
    assertEquals(order, ["start 1", "end 1", "text a", "start 2", "end 2", "text b"]);
    assertEquals(out, '<p id="1" done="1">a</p><p id="2" done="2">b</p>!');
  },
  "async handler that rejects errors the body": async () => {
    const rw = new HTMLRewriter().on("p", { async element() { await null; throw new RangeError("async boom"); } });
    await assertRejects(rewrite(rw, "<p>x</p>"), RangeError);
  },
  "nested: a handler may run another rewriter (and the same one twice at once)": async () => {
    const inner = new HTMLRewriter().on("b", { element(el) { el.tagName = "strong"; } });
    const out = await rewrite(
      new HTMLRewriter().on("p", {
        async element(el) {
          const [a, b] = await Promise.all([rewrite(inner, "<b>1</b>"), rewrite(inner, "<b>2</b>")]);
          el.setInnerContent(a + b, { html: true });
        },
      }),
      "<p>x</p><p>y</p>",
    );
    assertEquals(out, "<p><strong>1</strong><strong>2</strong></p><p><strong>1</strong><strong>2</strong></p>");
  },
  "handlers are called with the handler object as this; class instances work": async () => {
    class Collector {
      constructor() { this.tags = []; }
      element(el) { this.tags.push(el.tagName); }
      text(t) { if (t.text) this.tags.push(t.text); }
    }
    const c = new Collector();
    const doc = { n: 0, comments() { this.n++; } };
    await rewrite(new HTMLRewriter().on("*", c).onDocument(doc), "<div><b>x</b></div><!--1--><!--2-->");
    assertEquals(c.tags, ["div", "b", "x"]);
    assertEquals(doc.n, 2);
  },
  "input split mid-token in every place gives the same output": async () => {
    const html = '<!DOCTYPE html><html><head><!-- note --><title>T</title></head><body><a href="/x" class="k">link &amp; text</a><img src="/i.png"><p>para</p></body></html>';
    const make = () =>
      new HTMLRewriter()
        .on("a[href]", { element(el) { el.setAttribute("href", "https://h" + el.getAttribute("href")); } })
        .on("img", { element(el) { el.setAttribute("src", "https://h" + el.getAttribute("src")); } })
        .on("p", { text(t) { if (t.text) t.replace(t.text.toUpperCase()); } })
        .onDocument({ comments(c) { c.text = "C"; } })
        .on("body", { element(el) { el.onEndTag((e) => e.before("<script>s()</script>", { html: true })); } });
    const expected = '<!DOCTYPE html><html><head><!--C--><title>T</title></head><body><a href="https://h/x" class="k">link &amp; text</a><img src="https://h/i.png"><p>PARA</p><script>s()</script></body></html>';
    for (const parts of splits(html)) {
      assertEquals(await rewrite(make(), chunked(parts)), expected, JSON.stringify(parts));
    }
  },
  "output streams before the input ends": async () => {
    let release;
    const gate = new Promise((r) => (release = r));
    let sent = 0;
    const body = new ReadableStream({
      async pull(c) {
        if (sent === 0) c.enqueue(enc.encode("<p>first</p>"));
        else if (sent === 1) { await gate; c.enqueue(enc.encode("<p>second</p>")); }
        else c.close();
        sent++;
      },
    });
    const res = new HTMLRewriter().on("p", { element(el) { el.setAttribute("x", "1"); } }).transform(new Response(body));
    const reader = res.body.getReader();
    let first = "";
    while (!first.includes("first</p>")) {
      const { value, done } = await reader.read();
      assert(!done, "ended early");
      first += new TextDecoder().decode(value);
    }
    assertEquals(first, '<p x="1">first</p>');
    release();
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    assertEquals(rest, '<p x="1">second</p>');
  },
  "transform keeps status and headers, drops content-length": async () => {
    const res = new HTMLRewriter().on("p", { element() {} }).transform(
      new Response("<p>x</p>", { status: 404, statusText: "Nope", headers: { "content-type": "text/html", "x-a": "b", "content-length": "8" } }),
    );
    assertEquals([res.status, res.statusText, res.headers.get("x-a"), res.headers.get("content-type"), res.headers.get("content-length")], [404, "Nope", "b", "text/html", null]);
    assertEquals(await res.text(), "<p>x</p>");
  },
  "a response without a body is returned as it is": async () => {
    const input = new Response(null, { status: 204 });
    assert(new HTMLRewriter().on("p", {}).transform(input) === input);
  },
  "non-UTF-8 documents use the charset from Content-Type": async () => {
    // "é" in windows-1252 is 0xE9; lol_html decodes it for handlers and re-encodes output.
    const bytes = new Uint8Array([...enc.encode("<p title=\"caf"), 0xe9, ...enc.encode("\">caf"), 0xe9, ...enc.encode("</p>")]);
    let seen;
    const res = new HTMLRewriter()
      .on("p", {
        element(el) { seen = el.getAttribute("title"); el.setAttribute("data-x", "\u00e8"); },
        text(t) { if (t.text) seen += "|" + t.text; },
      })
      .transform(new Response(bytes, { headers: { "content-type": 'text/html; charset="windows-1252"' } }));
    const out = new Uint8Array(await res.arrayBuffer());
    assertEquals(seen, "caf\u00e9|caf\u00e9");
    assertEquals(out, new Uint8Array([...enc.encode('<p title="caf'), 0xe9, ...enc.encode('" data-x="'), 0xe8, ...enc.encode('">caf'), 0xe9, ...enc.encode("</p>")]));
    assertThrows(() => new HTMLRewriter().transform(new Response("x", { headers: { "content-type": "text/html; charset=utf-16" } })), TypeError);
    assertThrows(() => new HTMLRewriter().transform(new Response("x", { headers: { "content-type": "text/html; charset=bogus" } })), TypeError);
  },
  "errors: invalid selector throws a TypeError at on()": async () => {
    for (const bad of ["", "p[", "a:hover", "::before", "p >", "#"]) {
      assertThrows(() => new HTMLRewriter().on(bad, {}), TypeError, bad);
    }
    assertThrows(() => new HTMLRewriter().on("p"), TypeError);
    assertThrows(() => new HTMLRewriter().on("p", { element: 5 }), TypeError);
    assertThrows(() => new HTMLRewriter().onDocument({ end: "x" }), TypeError);
    assertThrows(() => new HTMLRewriter().on("p", 7), TypeError);
  },
  "errors: transform of a non-Response throws a TypeError": async () => {
    for (const bad of [undefined, null, "<p>", new Request("http://x/"), { body: null }]) {
      assertThrows(() => new HTMLRewriter().transform(bad), TypeError);
    }
    const used = new Response("<p>");
    await used.text();
    assertThrows(() => new HTMLRewriter().transform(used), TypeError);
  },
  "errors: a throwing handler errors the output body with its error": async () => {
    const boom = new SyntaxError("boom");
    const rw = new HTMLRewriter().on("b", { element() { throw boom; } });
    const e = await assertRejects(rewrite(rw, "<p>a</p><b>x</b>"), SyntaxError);
    assert(e === boom);
    const rw2 = new HTMLRewriter().onDocument({ end() { throw new TypeError("end failed"); } });
    await assertRejects(rewrite(rw2, "<p>a</p>"), TypeError);
  },
  "errors: using a token after its handler throws a TypeError": async () => {
    let el, text, comment, end, doc;
    await rewrite(
      new HTMLRewriter()
        .on("p", { element(e) { el = e; e.onEndTag((x) => { end = x; }); }, text(t) { text = t; }, comments(c) { comment = c; } })
        .onDocument({ end(d) { doc = d; } }),
      "<p>x<!--c--></p>",
    );
    const stale = [
      () => el.tagName, () => el.getAttribute("a"), () => el.setAttribute("a", "b"), () => el.before("x"),
      () => el.remove(), () => el.removed, () => el.onEndTag(() => {}), () => text.text, () => text.remove(),
      () => comment.text, () => (comment.text = "x"), () => end.name, () => end.before("x"), () => doc.append("x"),
    ];
    for (const f of stale) assertThrows(f, TypeError, String(f));
    // Kept across an await inside the handler it is still valid; after it resolves it is not.
    let iter;
    await rewrite(new HTMLRewriter().on("p", { async element(e) { await null; iter = e.attributes; e.setAttribute("late", "1"); } }), '<p a="1"></p>');
    assertThrows(() => iter.next(), TypeError);
  },
  "errors: token classes cannot be constructed; wrong content types": async () => {
    await rewrite(
      new HTMLRewriter().on("p", {
        element(el) {
          assertThrows(() => new el.constructor(), TypeError);
          assertThrows(() => el.getAttribute(), TypeError);
          assertThrows(() => el.before(new Response("x")), TypeError);
          assertThrows(() => el.before(new ReadableStream()), TypeError);
          assertThrows(() => el.setAttribute("bad name", "x"), TypeError);
          assertThrows(() => (el.tagName = "a b"), TypeError);
          assertEquals(Object.prototype.toString.call(el), "[object Element]");
        },
        comments(c) { assertThrows(() => (c.text = "a-->b"), TypeError); },
      }),
      "<p><!--c--></p>",
    );
  },
  "errors: a tag larger than lol_html's 3 MiB memory limit errors the body with a TypeError": async () => {
    const huge = "<p data-x=\"" + "x".repeat(4 * 1024 * 1024);
    const rw = new HTMLRewriter().on("p", { element() {} });
    await assertRejects(rewrite(rw, chunked([huge.slice(0, 2e6), huge.slice(2e6), "\">"])), TypeError);
  },
  "limits: at most 128 rewriters in progress per isolate; unread ones cost nothing": async () => {
    const idle = [];
    for (let i = 0; i < 300; i++) idle.push(new HTMLRewriter().on("p", {}).transform(new Response("<p>")));
    let release;
    const gate = new Promise((r) => (release = r));
    let started = 0;
    const rw = new HTMLRewriter().on("p", { async element(el) { started++; await gate; el.setAttribute("ok", ""); } });
    const busy = [];
    for (let i = 0; i < 128; i++) busy.push(rewrite(rw, "<p>x</p>"));
    while (started < 128) await new Promise((r) => setTimeout(r, 1));
    await assertRejects(rewrite(rw, "<p>one too many</p>"), RangeError);
    release();
    for (const out of await Promise.all(busy)) assertEquals(out, '<p ok="">x</p>');
    // Finished rewriters gave their slots back, and the idle ones still work.
    assertEquals(await rewrite(rw, "<p>y</p>"), '<p ok="">y</p>');
    assertEquals(await idle[299].text(), "<p>");
  },
  "errors: cancelling the output cancels the input": async () => {
    let reason;
    const body = new ReadableStream({ pull(c) { c.enqueue(enc.encode("<p>x</p>")); }, cancel(r) { reason = r; } });
    const res = new HTMLRewriter().on("p", { element() {} }).transform(new Response(body));
    const reader = res.body.getReader();
    await reader.read();
    await reader.cancel("stop");
    assertEquals(reason, "stop");
  },
  "HTMLRewriter is a global class": async () => {
    assertEquals(typeof HTMLRewriter, "function");
    assertEquals(Object.prototype.toString.call(new HTMLRewriter()), "[object HTMLRewriter]");
    const rw = new HTMLRewriter();
    assert(rw.on("p", {}) === rw && rw.onDocument({}) === rw);
  },
});
