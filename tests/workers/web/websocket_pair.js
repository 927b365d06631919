// WebSocketPair / WebSocket inside one isolate: pair shape, event delivery between the ends,
// accept rules, send after close, close-code validation (workerd's messages).
import { checks, assert, assertEquals, assertThrows, assertRejects } from "./_checks.js";

const tick = () => new Promise((r) => setTimeout(r, 0));
const next = (ws, type) => new Promise((r) => ws.addEventListener(type, r, { once: true }));
function accepted() {
  const [a, b] = Object.values(new WebSocketPair());
  a.accept();
  b.accept();
  return [a, b];
}

export default checks({
  "pair shape": async () => {
    const pair = new WebSocketPair();
    assertEquals(Object.keys(pair), ["0", "1"]);
    const [client, server] = Object.values(pair);
    assert(client instanceof WebSocket && server instanceof WebSocket);
    assert(client instanceof EventTarget);
    assert(client !== server);
    assertEquals(pair[0], client);
    assertEquals(Object.prototype.toString.call(client), "[object WebSocket]");
    assertEquals([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED], [0, 1, 2, 3]);
    assertEquals([WebSocket.READY_STATE_OPEN, WebSocket.READY_STATE_CLOSED], [1, 3]);
    assertEquals(client.readyState, WebSocket.OPEN);
    assertEquals(client.url, null);
    assertEquals(client.protocol, "");
    assertEquals(client.binaryType, "arraybuffer");
    assertEquals(client.bufferedAmount, 0);
    assertEquals(client.extensions, "");
    assert(!("onmessage" in client), "workerd has no on<event> attributes");
    client.binaryType = "blob";
    assertEquals(client.binaryType, "blob");
    client.binaryType = "nonsense";
    assertEquals(client.binaryType, "blob");
  },
  "new WebSocket(url): argument errors as workerd's, then refused (no outbound WebSockets)": async () => {
    assertThrows(() => new WebSocket(), TypeError);
    assertThrows(() => new WebSocket("not a url"), "SyntaxError");
    assertThrows(() => new WebSocket("http://example.com/"), "SyntaxError");
    // workerd would connect; Hearth has no outbound WebSockets (COMPATIBILITY.md).
    assertThrows(() => new WebSocket("wss://example.com/"), TypeError);
  },
  "text message from one end to the other, asynchronously": async () => {
    const [a, b] = accepted();
    const got = [];
    b.addEventListener("message", (e) => got.push(e.data));
    a.send("hello");
    assertEquals(got, [], "delivery is asynchronous");
    await tick();
    assertEquals(got, ["hello"]);
  },
  "binary messages arrive as ArrayBuffer copies": async () => {
    const [a, b] = accepted();
    const p = next(b, "message");
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    a.send(bytes.subarray(1, 4));
    bytes[2] = 99;
    const e = await p;
    assert(e instanceof MessageEvent, "a MessageEvent");
    assert(e.data instanceof ArrayBuffer, "an ArrayBuffer");
    assertEquals(new Uint8Array(e.data), new Uint8Array([2, 3, 4]));
    const p2 = next(a, "message");
    b.send(new Uint16Array([0x0102]).buffer);
    assertEquals((await p2).data.byteLength, 2);
  },
  "binaryType blob gives Blobs": async () => {
    const [a, b] = accepted();
    b.binaryType = "blob";
    const p = next(b, "message");
    a.send(new Uint8Array([104, 105]));
    const e = await p;
    assert(e.data instanceof Blob, "a Blob");
    assertEquals(await e.data.text(), "hi");
  },
  "non-buffer data is sent as a string": async () => {
    const [a, b] = accepted();
    const p = next(b, "message");
    a.send(42);
    assertEquals((await p).data, "42");
  },
  "messages before accept() are queued, in order": async () => {
    const [a, b] = Object.values(new WebSocketPair());
    a.accept();
    a.send("one");
    a.send("two");
    await tick();
    const got = [];
    b.addEventListener("message", (e) => got.push(e.data));
    await tick();
    assertEquals(got, [], "nothing before accept()");
    b.accept();
    b.accept(); // idempotent
    await tick();
    assertEquals(got, ["one", "two"]);
  },
  "send() and close() before accept() throw TypeError": async () => {
    const [a] = Object.values(new WebSocketPair());
    const e = assertThrows(() => a.send("x"), TypeError);
    assert(e.message.startsWith("You must call one of accept()"), e.message);
    assertThrows(() => a.close(1000), TypeError);
    assertThrows(() => a.send(), TypeError);
  },
  "close handshake between the ends (the receiver replies itself; half-closed meanwhile)": async () => {
    const [a, b] = accepted();
    const bClosed = next(b, "close");
    a.close(4000, "bye");
    assertEquals([a.readyState, b.readyState], [WebSocket.CLOSING, WebSocket.OPEN]);
    const e = await bClosed;
    assert(e instanceof CloseEvent, "a CloseEvent");
    assertEquals([e.code, e.reason, e.wasClean], [4000, "bye", true]);
    assertEquals(b.readyState, WebSocket.CLOSING, "no automatic reply");
    const aMessage = next(a, "message");
    b.send("one more"); // allowed: only b's incoming side is closed
    assertEquals((await aMessage).data, "one more");
    const aClosed = next(a, "close");
    b.close(4001, "back");
    const back = await aClosed;
    assertEquals([back.code, back.reason, back.wasClean], [4001, "back", true]);
    assertEquals([a.readyState, b.readyState], [WebSocket.CLOSED, WebSocket.CLOSED]);
  },
  "close() without a code gives 1005": async () => {
    const [a, b] = accepted();
    const p = next(b, "close");
    a.close();
    assertEquals((await p).code, 1005);
  },
  "messages before close() arrive before the close event": async () => {
    const [a, b] = Object.values(new WebSocketPair());
    a.accept();
    a.send("m1");
    a.send("m2");
    a.close(1000, "done");
    const events = [];
    b.addEventListener("message", (e) => events.push(e.data));
    b.addEventListener("close", (e) => events.push(e.code));
    b.accept();
    await tick();
    assertEquals(events, ["m1", "m2", 1000]);
  },
  "send() after close() throws; a second close() is ignored": async () => {
    const [a] = accepted();
    a.close(1000, "x");
    const e = assertThrows(() => a.send("late"), TypeError);
    assertEquals(e.message, "Can't call WebSocket send() after close().");
    a.close(1000, "again");
  },
  "invalid close codes are InvalidAccessErrors": async () => {
    const [a] = accepted();
    for (const code of [0, 999, 1004, 1005, 1006, 1015, 5000, NaN, null]) {
      const e = assertThrows(() => a.close(code), "InvalidAccessError", `code ${code}`);
      assert(e instanceof DOMException, "a DOMException");
      assert(e.message.startsWith("Invalid WebSocket close code"), e.message);
    }
    assertEquals(assertThrows(() => a.close(NaN), "InvalidAccessError").message, "Invalid WebSocket close code: 0.");
    assertThrows(() => a.close(undefined, "reason without code"), "InvalidAccessError");
    assertEquals(a.readyState, WebSocket.OPEN, "nothing was closed");
    a.close(3000.7, "fine"); // truncated to 3000
    assertEquals(a.readyState, WebSocket.CLOSING);
  },
  "removeEventListener stops delivery": async () => {
    const [a, b] = accepted();
    const got = [];
    const l = (e) => got.push(e.data);
    b.addEventListener("message", l);
    a.send("1");
    await tick();
    b.removeEventListener("message", l);
    a.send("2");
    await tick();
    assertEquals(got, ["1"]);
  },
  "handleEvent listener objects": async () => {
    const [a, b] = accepted();
    const obj = { got: null, handleEvent(e) { this.got = e.data; } };
    b.addEventListener("message", obj);
    a.send("obj");
    await tick();
    assertEquals(obj.got, "obj");
  },
  "a throwing listener breaks the socket, as in workerd": async () => {
    const [a, b] = accepted();
    const got = [];
    a.addEventListener("close", (e) => got.push(["a close", e.code, e.reason, e.wasClean]));
    b.addEventListener("error", (e) => got.push(["b error", e.message]));
    b.addEventListener("message", (e) => { got.push("first " + e.data); throw new Error("listener failure (expected in the log)"); });
    b.addEventListener("message", (e) => got.push("second " + e.data));
    a.send("x");
    a.send("y");
    for (let i = 0; i < 3; i++) await tick();
    assertEquals(got, [
      "first x",
      ["b error", "Uncaught Error: listener failure (expected in the log)"],
      ["a close", 1006, "WebSocket disconnected without sending Close frame.", false],
    ]);
    assertEquals(b.readyState, WebSocket.CLOSED);
    a.send("ignored"); // no longer delivered, and no error
    b.send("ignored");
    b.close(1000);
  },
  "a Response keeps its webSocket and cannot be cloned": async () => {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    const r = new Response(null, { status: 101, webSocket: client });
    assertEquals(r.status, 101);
    assertEquals(r.webSocket, client);
    assertThrows(() => r.clone(), TypeError);
    assertThrows(() => new Response(null, { status: 200, webSocket: server }), RangeError);
    assertThrows(() => new Response(null, { status: 101, webSocket: {} }), TypeError);
  },
  "MessageEvent and CloseEvent constructors": async () => {
    const m = new MessageEvent("message", { data: "d" });
    assertEquals([m.type, m.data], ["message", "d"]);
    const c = new CloseEvent("close", { code: 1000, reason: "r", wasClean: true });
    assertEquals([c.code, c.reason, c.wasClean], [1000, "r", true]);
    const d = new CloseEvent("close");
    assertEquals([d.code, d.reason, d.wasClean], [0, "", false]);
    assertThrows(() => new MessageEvent(), TypeError);
  },
  "outbound WebSocket fetch errors are TypeErrors, never hangs": async () => {
    const upgrade = { headers: { upgrade: "websocket" } };
    // `.invalid` never resolves (RFC 6761): a TypeError, not a hang, for ws:// and wss:// alike.
    for (const scheme of ["ws", "wss"]) {
      const e = await assertRejects(fetch(`${scheme}://nowhere.invalid/`, upgrade), TypeError);
      assert(e.message.includes("Network connection lost"), e.message);
    }
    const private_ = await assertRejects(fetch("ws://127.0.0.1:1/", upgrade), TypeError);
    assert(private_.message.includes("refused"), private_.message);
  },

});
