// FormData and multipart/form-data bodies: every FormData method, request.formData() on
// hand-built multipart and urlencoded bodies, FormData request/response bodies, bad bodies.
import { checks, assert, assertEquals, assertThrows, assertRejects } from "./_checks.js";

const CRLF = "\r\n";

function multipartRequest(body, contentType = "multipart/form-data; boundary=XyZ") {
  return new Request("https://example.com/upload", { method: "POST", body, headers: { "content-type": contentType } });
}

export default checks({
  "append, get, getAll, has, delete, set": () => {
    const fd = new FormData();
    fd.append("a", "1");
    fd.append("b", "2");
    fd.append("a", "3");
    assertEquals(fd.get("a"), "1");
    assertEquals(fd.getAll("a"), ["1", "3"]);
    assertEquals(fd.getAll("zz"), []);
    assertEquals(fd.get("zz"), null);
    assert(fd.has("b") && !fd.has("c"));
    fd.set("a", "4");
    assertEquals([...fd], [["a", "4"], ["b", "2"]], "set replaces the first and removes the rest");
    fd.set("c", "5");
    fd.delete("b");
    assertEquals([...fd], [["a", "4"], ["c", "5"]]);
    fd.delete("nothing");
    assertEquals([...fd].length, 2);
  },
  "values are USVStrings": () => {
    const fd = new FormData();
    fd.append(1, 2);
    fd.append("lone", "\ud800x");
    fd.append("obj", { toString: () => "str" });
    assertEquals(fd.get("1"), "2");
    assertEquals(fd.get("lone"), "\ufffdx");
    assertEquals(fd.get("obj"), "str");
    assertEquals(fd.get(1), "2");
  },
  "Blob values become Files": async () => {
    const fd = new FormData();
    fd.append("blob", new Blob(["x"], { type: "text/x" }));
    fd.append("named", new Blob(["yy"]), "n.txt");
    const file = new File(["z"], "orig.txt", { type: "a/b", lastModified: 42 });
    fd.append("file", file);
    fd.append("renamed", file, "renamed.txt");
    fd.set("setblob", new Blob(["s"]), "s.bin");
    const b = fd.get("blob");
    assert(b instanceof File, "a Blob becomes a File");
    assertEquals([b.name, b.type, await b.text()], ["blob", "text/x", "x"]);
    assertEquals([fd.get("named").name, await fd.get("named").text()], ["n.txt", "yy"]);
    assert(fd.get("file") === file, "a File without a filename is kept as it is");
    const r = fd.get("renamed");
    assert(r !== file && r instanceof File);
    assertEquals([r.name, r.type, await r.text()], ["renamed.txt", "a/b", "z"]);
    assertEquals(fd.get("setblob").name, "s.bin");
  },
  "iteration: entries, keys, values, forEach, @@iterator": () => {
    const fd = new FormData();
    fd.append("a", "1");
    fd.append("b", "2");
    assertEquals([...fd.keys()], ["a", "b"]);
    assertEquals([...fd.values()], ["1", "2"]);
    assertEquals([...fd.entries()], [["a", "1"], ["b", "2"]]);
    assertEquals(Array.from(fd), [["a", "1"], ["b", "2"]]);
    const seen = [];
    const self = {};
    fd.forEach(function (value, key, object) {
      seen.push([key, value, object === fd, this === self]);
    }, self);
    assertEquals(seen, [["a", "1", true, true], ["b", "2", true, true]]);
    // Iterators are live.
    const it = fd.keys();
    assertEquals(it.next(), { value: "a", done: false });
    fd.append("c", "3");
    assertEquals([...it], ["b", "c"]);
    assertEquals(typeof it[Symbol.iterator], "function");
    assertEquals(Object.prototype.toString.call(fd), "[object FormData]");
  },
  "argument errors are TypeErrors": () => {
    const fd = new FormData();
    assertThrows(() => fd.append("a"), TypeError);
    assertThrows(() => fd.set("a"), TypeError);
    assertThrows(() => fd.get(), TypeError);
    assertThrows(() => fd.getAll(), TypeError);
    assertThrows(() => fd.has(), TypeError);
    assertThrows(() => fd.delete(), TypeError);
    assertThrows(() => fd.forEach("nope"), TypeError);
    assertThrows(() => FormData.prototype.get.call({}, "a"), TypeError);
    assertThrows(() => FormData(), TypeError);
  },
  "formData() of a hand-built multipart body with a file part": async () => {
    const body =
      "ignored preamble" + CRLF +
      "--XyZ" + CRLF +
      'Content-Disposition: form-data; name="title"' + CRLF + CRLF +
      "h\u00e9llo w\u00f6rld" + CRLF +
      "--XyZ" + CRLF +
      'content-disposition: form-data; name="upload"; filename="notes.txt"' + CRLF +
      "Content-Type: text/plain" + CRLF + CRLF +
      "line 1" + CRLF + "line 2" + CRLF +
      "--XyZ" + CRLF +
      'Content-Disposition: form-data; name="bin"; filename="b.dat"' + CRLF + CRLF +
      "\u0000\u0001" + CRLF +
      "--XyZ" + CRLF +
      'Content-Disposition: form-data; name="title"' + CRLF + CRLF +
      "second" + CRLF +
      "--XyZ--" + CRLF + "epilogue";
    const req = multipartRequest(body);
    const fd = await req.formData();
    assert(req.bodyUsed, "the body is consumed");
    assertEquals(fd.getAll("title"), ["h\u00e9llo w\u00f6rld", "second"]);
    const file = fd.get("upload");
    assert(file instanceof File);
    assertEquals([file.name, file.type, await file.text()], ["notes.txt", "text/plain", "line 1\r\nline 2"]);
    const bin = fd.get("bin");
    assertEquals([bin.name, bin.type, bin.size], ["b.dat", "", 2]);
    assertEquals([...fd.keys()], ["title", "upload", "bin", "title"]);
  },
  "formData(): quoted boundary and Response bodies": async () => {
    const body = "--a b" + CRLF + 'Content-Disposition: form-data; name="x"' + CRLF + CRLF + "1" + CRLF + "--a b--";
    const res = new Response(body, { headers: { "content-type": 'Multipart/Form-Data; charset=utf-8; boundary="a b"' } });
    assertEquals([...(await res.formData())], [["x", "1"]]);
  },
  "formData() of urlencoded bodies": async () => {
    const req = new Request("https://e.com/", { method: "POST", body: "a=1&b=x+y&a=%C3%A9" , headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" } });
    const fd = await req.formData();
    assertEquals([...fd], [["a", "1"], ["b", "x y"], ["a", "\u00e9"]]);
    const fromParams = await new Response(new URLSearchParams({ k: "v w" })).formData();
    assertEquals([...fromParams], [["k", "v w"]]);
  },
  "FormData as a Request body round trips": async () => {
    const fd = new FormData();
    fd.append("text", "caf\u00e9\nline");
    fd.append('we"ird\nname', "v");
    fd.append("file", new File(["file \u00e9 bytes"], 'a "quoted".txt', { type: "text/plain" }));
    fd.append("blob", new Blob([new Uint8Array([0, 255, 13, 10])]));
    const req = new Request("https://example.com/", { method: "POST", body: fd });
    const ct = req.headers.get("content-type");
    assert(/^multipart\/form-data; boundary=[0-9a-f]{32}$/.test(ct), ct);
    fd.append("late", "not in the body");
    const back = await req.formData();
    assertEquals([...back.keys()], ["text", "we%22ird%0Aname", "file", "blob"]);
    assertEquals(back.get("text"), "caf\u00e9\nline");
    const file = back.get("file");
    assertEquals([file.name, file.type, await file.text()], ["a %22quoted%22.txt", "text/plain", "file \u00e9 bytes"]);
    const blob = back.get("blob");
    assertEquals([blob.name, blob.type], ["blob", "application/octet-stream"]);
    assertEquals(new Uint8Array(await blob.arrayBuffer()), new Uint8Array([0, 255, 13, 10]));
  },
  "FormData body: serialisation and a user Content-Type": async () => {
    const fd = new FormData();
    fd.append("a", "1");
    const res = new Response(fd);
    const boundary = res.headers.get("content-type").split("boundary=")[1];
    assertEquals(await res.text(), `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}--`);
    const empty = new Response(new FormData());
    assert((await empty.text()).endsWith("--"), "an empty FormData is the close delimiter");
    const own = new Request("https://e.com/", { method: "POST", body: fd, headers: { "content-type": "multipart/form-data; boundary=mine" } });
    assertEquals(own.headers.get("content-type"), "multipart/form-data; boundary=mine", "a user Content-Type is kept");
    const other = new Response(fd);
    assert(other.headers.get("content-type") !== res.headers.get("content-type"), "each body gets its own boundary");
  },
  "bad bodies are TypeErrors": async () => {
    const part = 'Content-Disposition: form-data; name="a"' + CRLF + CRLF + "x" + CRLF;
    await assertRejects(multipartRequest("x", "multipart/form-data").formData(), TypeError, "no boundary");
    await assertRejects(multipartRequest("x", "multipart/form-data; boundary=").formData(), TypeError, "empty boundary");
    await assertRejects(multipartRequest("garbage").formData(), TypeError, "no initial boundary");
    await assertRejects(multipartRequest("--XyZ" + CRLF + part).formData(), TypeError, "no close delimiter");
    await assertRejects(multipartRequest("--XyZ" + CRLF + "Content-Disposition: form-data" + CRLF + CRLF + "x" + CRLF + "--XyZ--").formData(), TypeError, "no name");
    await assertRejects(multipartRequest("--XyZ" + CRLF + "Content-Type: text/plain" + CRLF + CRLF + "x" + CRLF + "--XyZ--").formData(), TypeError, "no disposition");
    await assertRejects(multipartRequest("--XyZ" + CRLF + "Content-Disposition: form-dat").formData(), TypeError, "headers never end");
    await assertRejects(multipartRequest("--XyZjunk").formData(), TypeError, "bad delimiter line");
    await assertRejects(new Response("a=1", { headers: { "content-type": "text/plain" } }).formData(), TypeError, "other type");
    await assertRejects(new Response("a=1").formData(), TypeError, "text/plain default");
    await assertRejects(new Response(null).formData(), TypeError, "no content type");
    const used = multipartRequest("--XyZ--");
    await used.formData();
    await assertRejects(used.formData(), TypeError, "a used body");
  },
  "a FormData echo over fetch's body path": async ({ request }) => {
    // The incoming request is a GET: check a FormData survives a clone of a Request, too.
    const fd = new FormData();
    fd.append("k", "v");
    const req = new Request(request.url, { method: "PUT", body: fd });
    const copy = req.clone();
    assertEquals([...(await copy.formData())], [["k", "v"]]);
    assertEquals([...(await req.formData())], [["k", "v"]]);
  },
});
