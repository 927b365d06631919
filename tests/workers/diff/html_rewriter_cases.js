// Tricky HTMLRewriter cases whose answers are compared with workerd's (recorded in
// tests/expectations/html_rewriter_workerd.json) by tests/web_html_rewriter.rs: text chunk
// boundaries and lastInTextNode, removed flags, setInnerContent, onEndTag order, selectors,
// escaping, encodings, errors.
const enc = new TextEncoder();
function chunked(parts, ct = "text/html") {
  let i = 0;
  return new Response(new ReadableStream({ pull(c) { if (i < parts.length) c.enqueue(enc.encode(parts[i++])); else c.close(); } }), { headers: { "content-type": ct } });
}
async function run(rw, input) {
  try { return await rw.transform(typeof input === "string" ? new Response(input, { headers: { "content-type": "text/html" } }) : input).text(); }
  catch (e) { return `ERR ${e.name}: ${e.message}`; }
}
const cases = {
  async textChunks() {
    const log = [];
    const out = await run(new HTMLRewriter().on("*", { text(t) { log.push([t.text, t.lastInTextNode, t.removed]); } }), chunked(["<p>ab", "cd &am", "p; e</p><div>x</di", "v>tail"]));
    return { log, out };
  },
  async textRemoved() {
    const log = [];
    const out = await run(new HTMLRewriter().on("p", { text(t) { log.push(t.removed); t.remove(); log.push(t.removed); } }).on("p", { text(t) { log.push(["2nd", t.text, t.removed]); } }), "<p>abc</p>");
    return { log, out };
  },
  async elementRemoved() {
    const log = [];
    const out = await run(new HTMLRewriter().on("p", { element(e) { log.push(e.removed); e.replace("R"); log.push(e.removed); } }).on("p", { element(e) { log.push(["2nd", e.removed]); }, text(t) { log.push(["t", t.text]); } }), "<p>abc</p><p>d</p>");
    return { log, out };
  },
  async innerContent() {
    const log = [];
    const out = await run(new HTMLRewriter().on("div", { element(e) { e.setInnerContent("<x>"); } }).on("span", { element(e) { log.push("span " + e.removed); }, text(t) { log.push("text " + t.text + " " + t.removed); } }), "<div>a<span>b</span>c</div><div></div>");
    return { log, out };
  },
  async endTagOrder() {
    const log = [];
    const out = await run(new HTMLRewriter()
      .on("*", { element(e) { log.push("start " + e.tagName); try { e.onEndTag((t) => { log.push("end " + t.name); t.after("|", { html: true }); }); } catch (err) { log.push("noend " + err.name + ": " + err.message); } } }),
      "<div><p>a<br><img src=x></p><ul><li>1<li>2</ul><span>s</div>");
    return { log, out };
  },
  async endTagRemove() {
    const out = await run(new HTMLRewriter().on("b", { element(e) { e.onEndTag((t) => { t.remove(); }); e.tagName = "strong"; } }), "<b>x</b><b>y</b>");
    return { out };
  },
  async comments() {
    const log = [];
    const out = await run(new HTMLRewriter().onDocument({ comments(c) { log.push([c.text, c.removed]); } }).on("p", { comments(c) { c.remove(); log.push(c.removed); } }), "<!--a--><p><!--b--></p><!---->");
    return { log, out };
  },
  async doctype() {
    const log = [];
    await run(new HTMLRewriter().onDocument({ doctype(d) { log.push([d.name, d.publicId, d.systemId]); } }), "<!DOCTYPE html SYSTEM \"about:legacy-compat\"><!doctype><p>");
    return { log };
  },
  async attrs() {
    const log = [];
    const out = await run(new HTMLRewriter().on("p", { element(e) { log.push([...e.attributes]); e.setAttribute("B", "x"); e.setAttribute("new", ""); log.push(e.getAttribute("b"), e.getAttribute("NEW")); e.removeAttribute("C"); log.push(e.tagName); e.tagName = "SECTION"; log.push(e.tagName); } }), "<P A=1 b='2' c d=\"&amp;\">x</P>");
    return { log, out };
  },
  async svg() {
    const log = [];
    await run(new HTMLRewriter().on("*", { element(e) { log.push([e.tagName, e.namespaceURI]); } }), "<svg><circle/></svg><math><mi>x</mi></math><p>");
    return { log };
  },
  async errors() {
    const log = [];
    for (const s of ["", "p[", "a:hover", "p:nth-child(2)", "p:not(.a)", "*|p", "p ~ a", "p + a", "a[href^='x' i]", "p:first-child", "p::after"]) {
      try { new HTMLRewriter().on(s, {}); log.push([s, "ok"]); } catch (e) { log.push([s, e.name]); }
    }
    for (const v of [undefined, null, {}, "s"]) { try { new HTMLRewriter().transform(v); log.push("transform ok"); } catch (e) { log.push(e.name + ": " + e.message); } }
    try { new HTMLRewriter().on("p", { element: 1 }); log.push("ok"); } catch (e) { log.push(e.name); }
    const r = await run(new HTMLRewriter().on("p", { element(e) { e.setAttribute("a b", "x"); } }), "<p>");
    log.push(r);
    const r2 = await run(new HTMLRewriter().on("p", { element() { throw new RangeError("boom"); } }), "<p>");
    log.push(r2);
    let el;
    await run(new HTMLRewriter().on("p", { element(e) { el = e; } }), "<p>");
    try { el.tagName; } catch (e) { log.push(e.name + ": " + e.message); }
    return { log };
  },
  async escaping() {
    const out = await run(new HTMLRewriter().on("p", { element(e) { e.before("<'\"&>"); e.append("<'\"&>", { html: true }); e.setAttribute("t", "<'\"&>"); } }).onDocument({ end(d) { d.append("<&>"); } }), "<p>");
    return { out };
  },
  async encodings() {
    const bytes = new Uint8Array([60, 112, 62, 0xe9, 60, 47, 112, 62]);
    const log = [];
    const res = new HTMLRewriter().on("p", { text(t) { log.push(t.text); }, element(e) { e.append("\u00e8\u4e00"); } }).transform(new Response(bytes, { headers: { "content-type": "text/html;charset=latin1" } }));
    log.push(Array.from(new Uint8Array(await res.arrayBuffer())));
    for (const cs of ["utf-16le", "x-nope", "shift_jis", "UTF-8"]) {
      try { new HTMLRewriter().transform(new Response("<p>", { headers: { "content-type": "text/html; charset=" + cs } })); log.push(cs + " ok"); } catch (e) { log.push(cs + " " + e.name + ": " + e.message); }
    }
    return { log };
  },
  async headers() {
    const res = new HTMLRewriter().transform(new Response("<p>", { status: 201, statusText: "X", headers: { "content-type": "text/html", "content-length": "3", "x-y": "z" } }));
    const nb = new Response(null, { status: 204 });
    return { status: res.status, statusText: res.statusText, h: [...res.headers], same: new HTMLRewriter().transform(nb) === nb };
  },
  async asyncOrder() {
    const log = [];
    const out = await run(new HTMLRewriter().on("p", { async element(e) { log.push("s"); await new Promise((r) => setTimeout(r, 1)); e.setAttribute("x", "1"); log.push("e"); }, text(t) { log.push("t" + t.text); } }), "<p>a</p><p>b</p>");
    return { log, out };
  },
  async thisBinding() {
    const log = [];
    const h = { name: "H", element() { log.push(this === h); } };
    await run(new HTMLRewriter().on("p", h), "<p>");
    return { log };
  },
};
export default {
  async fetch() {
    const out = {};
    for (const [k, f] of Object.entries(cases)) {
      try { out[k] = await f(); } catch (e) { out[k] = "THREW " + e.name + ": " + e.message; }
    }
    return new Response(JSON.stringify(out, null, 1));
  },
};
