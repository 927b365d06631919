// URL and URLSearchParams checks beyond the WPT data: the search-params link, the
// URLSearchParams API and argument handling.

export function constructor_and_getters() {
  const u = new URL("https://user:pw@example.com:8080/a/b?x=1#frag");
  assertEquals(u.href, "https://user:pw@example.com:8080/a/b?x=1#frag");
  assertEquals(u.origin, "https://example.com:8080");
  assertEquals([u.protocol, u.username, u.password, u.host, u.hostname, u.port], ["https:", "user", "pw", "example.com:8080", "example.com", "8080"]);
  assertEquals([u.pathname, u.search, u.hash], ["/a/b", "?x=1", "#frag"]);
  assertEquals(String(u), u.href);
  assertEquals(JSON.stringify({ u }), `{"u":"${u.href}"}`);
  assertEquals(new URL("../c", "https://example.com/a/b").href, "https://example.com/c");
  assertEquals(new URL("/p", new URL("https://example.com/q")).href, "https://example.com/p");
}

export function invalid_urls_throw_type_error() {
  assertThrows(() => new URL("nope"), TypeError);
  assertThrows(() => new URL("/relative"), TypeError);
  assertThrows(() => new URL("/x", "not a base"), TypeError);
  assertThrows(() => new URL(), TypeError);
  assertThrows(() => URL.prototype.href, TypeError);
  const u = new URL("https://example.com/");
  assertThrows(() => (u.href = "nope"), TypeError);
  assertEquals(u.href, "https://example.com/");
}

export function statics() {
  assertEquals(URL.canParse("https://a.example"), true);
  assertEquals(URL.canParse("/x"), false);
  assertEquals(URL.canParse("/x", "https://a.example"), true);
  assertEquals(URL.parse("nope"), null);
  const u = URL.parse("/x", "https://a.example/y");
  assert(u instanceof URL);
  assertEquals(u.href, "https://a.example/x");
}

export function setters() {
  const u = new URL("http://example.com/");
  u.protocol = "https";
  u.hostname = "example.org";
  u.port = "8443";
  u.pathname = "/a b";
  u.search = "q=1";
  u.hash = "top";
  u.username = "me";
  assertEquals(u.href, "https://me@example.org:8443/a%20b?q=1#top");
  u.port = "443";
  assertEquals(u.port, "");
  u.protocol = "mailto";
  assertEquals(u.protocol, "https:", "special to non-special is refused");
}

export function search_params_follow_the_url() {
  const u = new URL("https://example.com/?a=1&b=2");
  const p = u.searchParams;
  assertEquals(p, u.searchParams, "the same object every time");
  assertEquals(p.get("a"), "1");
  u.search = "?c=3";
  assertEquals([...p], [["c", "3"]]);
  u.href = "https://example.com/?d=4";
  assertEquals(p.get("d"), "4");
  u.search = "";
  assertEquals(p.size, 0);
}

export function url_follows_search_params() {
  const u = new URL("https://example.com/path?y=two%20words");
  u.searchParams.append("x", "1");
  assertEquals(u.search, "?y=two+words&x=1", "append re-serialises the whole query");
  u.searchParams.delete("y");
  assertEquals(u.href, "https://example.com/path?x=1");
  u.searchParams.delete("x");
  assertEquals(u.href, "https://example.com/path", "an empty list removes the query");
  u.searchParams.set("k", "a&b=c");
  assertEquals(u.search, "?k=a%26b%3Dc");
  u.hash = "h";
  u.searchParams.sort();
  assertEquals(u.href, "https://example.com/path?k=a%26b%3Dc#h");
}

export function params_constructors() {
  assertEquals(new URLSearchParams("?a=1&b=2&a=3").getAll("a"), ["1", "3"]);
  assertEquals(new URLSearchParams("a=b+c&d=%41%zz").get("a"), "b c");
  assertEquals(new URLSearchParams("a=b+c&d=%41%zz").get("d"), "A%zz");
  assertEquals([...new URLSearchParams({ x: "1", y: 2 })], [["x", "1"], ["y", "2"]]);
  assertEquals([...new URLSearchParams([["x", "1"], ["x", "2"]])], [["x", "1"], ["x", "2"]]);
  assertEquals([...new URLSearchParams(new Map([["m", "n"]]))], [["m", "n"]]);
  const original = new URLSearchParams("a=1");
  const copy = new URLSearchParams(original);
  copy.append("b", "2");
  assertEquals(original.toString(), "a=1");
  assertThrows(() => new URLSearchParams([["only one"]]), TypeError);
  assertThrows(() => new URLSearchParams([1]), TypeError);
  assertEquals(new URLSearchParams(null).size, 0);
  assertEquals(new URLSearchParams(undefined).size, 0);
  assertEquals(new URLSearchParams("\uD800=x").toString(), "%EF%BF%BD=x", "lone surrogates become U+FFFD");
}

export function params_methods() {
  const p = new URLSearchParams("a=1&b=2&a=3");
  assertEquals(p.size, 3);
  assertEquals(p.has("a"), true);
  assertEquals(p.has("a", "3"), true);
  assertEquals(p.has("a", "4"), false);
  p.delete("a", "1");
  assertEquals(p.toString(), "b=2&a=3");
  p.set("a", "x");
  p.append("a", "y");
  p.set("a", "z");
  assertEquals(p.toString(), "b=2&a=z");
  assertEquals(p.get("missing"), null);
  assertEquals(p.getAll("missing"), []);
  const s = new URLSearchParams("z=1&a=2&z=0&\uFFFD=3&\u{1F600}=4");
  s.sort();
  assertEquals([...s.keys()], ["a", "z", "z", "\u{1F600}", "\uFFFD"], "sorted by UTF-16 code units, stable");
  assertEquals([...s.values()].slice(0, 3), ["2", "1", "0"]);
  assertThrows(() => p.append("only"), TypeError);
  assertThrows(() => p.get(), TypeError);
  assertThrows(() => URLSearchParams.prototype.get.call({}, "a"), TypeError);
}

export function params_serialisation() {
  const p = new URLSearchParams();
  p.append("a b", "c+d");
  p.append("é", "*-._~!'()");
  assertEquals(p.toString(), "a+b=c%2Bd&%C3%A9=*-._%7E%21%27%28%29");
}

export function params_iteration() {
  const p = new URLSearchParams("a=1&b=2");
  const seen = [];
  p.forEach(function (value, name, obj) {
    seen.push([name, value, obj === p, this.tag]);
  }, { tag: "t" });
  assertEquals(seen, [["a", "1", true, "t"], ["b", "2", true, "t"]]);
  const it = p.entries();
  assertEquals(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  assertEquals(it.next(), { value: ["a", "1"], done: false });
  p.append("c", "3");
  assertEquals(it.next().value, ["b", "2"]);
  assertEquals(it.next().value, ["c", "3"], "iterators see later appends");
  assertEquals(it.next().done, true);
  assertEquals(p[Symbol.iterator], p.entries);
  assertThrows(() => p.forEach(5), TypeError);
}

export function url_shape() {
  const d = Object.getOwnPropertyDescriptor(URL.prototype, "href");
  assert(d.enumerable && typeof d.get === "function" && typeof d.set === "function");
  assertEquals(Object.prototype.toString.call(new URL("https://a.example")), "[object URL]");
}

export function url_pattern_basics() {
  const p = new URLPattern({ pathname: "/books/:id" });
  assertEquals(p.pathname, "/books/:id");
  assertEquals(p.protocol, "*");
  assert(p.test("https://example.com/books/123"));
  assert(!p.test("https://example.com/films/1"));
  const m = p.exec("https://example.com/books/123?x=1");
  assertEquals(m.pathname, { input: "/books/123", groups: { id: "123" } });
  assertEquals(m.inputs, ["https://example.com/books/123?x=1"]);
  assertEquals(p.exec("not a url"), null);
  const withBase = new URLPattern("/a/*", "https://example.com");
  assertEquals(withBase.hostname, "example.com");
  assert(withBase.test("/a/b/c", "https://example.com"));
  assertEquals(withBase.exec("/a/b", "https://example.com").inputs, ["/a/b", "https://example.com"]);
  const ci = new URLPattern({ pathname: "/CaSe" }, { ignoreCase: true });
  assert(ci.test({ pathname: "/case" }));
  assertEquals(new URLPattern({ pathname: "/(\\d+)" }).hasRegExpGroups, true);
  assertEquals(p.hasRegExpGroups, false);
}

export function url_pattern_errors() {
  assertThrows(() => new URLPattern("/relative"), TypeError);
  assertThrows(() => new URLPattern({ pathname: "/(" }), TypeError);
  assertThrows(() => new URLPattern({ pathname: "/x" }, "https://example.com"), TypeError);
  assertThrows(() => new URLPattern({}).exec({}, "https://example.com"), TypeError);
  assertThrows(() => URLPattern.prototype.test.call({}, "https://a.example"), TypeError);
  assert(Object.getOwnPropertyDescriptor(URLPattern.prototype, "pathname").enumerable);
}
