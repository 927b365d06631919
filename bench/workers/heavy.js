// CPU-heavy: a ~10 KB JSON document stringified and parsed back 50 times per request.
const doc = { items: [] };
for (let i = 0; i < 140; i++) {
  doc.items.push({ id: i, name: "item-" + i, tags: ["a", "b", "c"], price: i * 1.25, ok: i % 2 === 0 });
}
export default {
  async fetch(request, env) {
    let n = 0;
    for (let i = 0; i < 50; i++) {
      const s = JSON.stringify(doc);
      n += JSON.parse(s).items.length + s.length;
    }
    return new Response(String(n));
  }
};
