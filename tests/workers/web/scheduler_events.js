// scheduler.wait (with abort), ErrorEvent, MessageEvent, MessageChannel / MessagePort.
import { checks, assert, assertEquals, assertThrows, assertRejects } from "./_checks.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default checks({
  "scheduler is a global Scheduler": () => {
    assertEquals(typeof scheduler, "object");
    assertEquals(Object.prototype.toString.call(scheduler), "[object Scheduler]");
    assertEquals(typeof scheduler.wait, "function");
    assertThrows(() => new scheduler.constructor(), TypeError);
  },
  "scheduler.wait resolves after the delay": async () => {
    const t0 = Date.now();
    const order = [];
    const waited = scheduler.wait(30).then((v) => order.push(["wait", v]));
    setTimeout(() => order.push(["timeout"]), 5);
    await waited;
    assert(Date.now() - t0 >= 25, `waited ${Date.now() - t0} ms`);
    assertEquals(order, [["timeout"], ["wait", undefined]]);
    await scheduler.wait(0);
    await scheduler.wait(-5);
    await scheduler.wait("1");
    await scheduler.wait(NaN);
    await scheduler.wait(1, {});
    await scheduler.wait(1, { signal: new AbortController().signal });
  },
  "scheduler.wait rejects with the signal's reason": async () => {
    const c = new AbortController();
    const reason = new RangeError("stop");
    const t0 = Date.now();
    const p = scheduler.wait(10000, { signal: c.signal });
    setTimeout(() => c.abort(reason), 5);
    const e = await assertRejects(p, RangeError);
    assert(e === reason, "the reason itself");
    assert(Date.now() - t0 < 5000, "rejected at the abort, not after the delay");
    const c2 = new AbortController();
    const p2 = scheduler.wait(10000, { signal: c2.signal });
    c2.abort();
    await assertRejects(p2, "AbortError");
    await assertRejects(scheduler.wait(10, { signal: AbortSignal.abort() }), "AbortError", "already aborted");
    await assertRejects(scheduler.wait(10000, { signal: AbortSignal.timeout(5) }), "TimeoutError");
    // After a wait resolved, aborting its signal changes nothing.
    const c3 = new AbortController();
    await scheduler.wait(1, { signal: c3.signal });
    c3.abort();
  },
  "scheduler.wait argument errors are TypeErrors": async () => {
    await assertRejects(scheduler.wait(), TypeError);
    await assertRejects(scheduler.wait(1, 5), TypeError);
    await assertRejects(scheduler.wait(1, { signal: 5 }), TypeError);
    await assertRejects(scheduler.wait(1, { signal: {} }), TypeError);
  },
  "ErrorEvent": () => {
    const error = new Error("boom");
    const e = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error, cancelable: true });
    assertEquals([e.type, e.message, e.filename, e.lineno, e.colno, e.cancelable], ["error", "m", "f.js", 3, 4, true]);
    assert(e.error === error);
    assert(e instanceof Event);
    const d = new ErrorEvent("x");
    assertEquals([d.message, d.filename, d.lineno, d.colno, d.error], ["", "", 0, 0, null]);
    assertEquals(new ErrorEvent("x", { lineno: -1 }).lineno, 4294967295, "unsigned long");
    assertThrows(() => new ErrorEvent(), TypeError);
    assertThrows(() => new ErrorEvent("x", 5), TypeError);
    assertThrows(() => Object.getOwnPropertyDescriptor(ErrorEvent.prototype, "message").get.call(new Event("x")), TypeError);
    assertEquals(Object.prototype.toString.call(e), "[object ErrorEvent]");
  },
  "ErrorEvent dispatch on an EventTarget": () => {
    const t = new EventTarget();
    let got;
    t.addEventListener("error", (ev) => (got = [ev.message, ev.lineno, ev.target === t]));
    t.dispatchEvent(new ErrorEvent("error", { message: "oops", lineno: 7 }));
    assertEquals(got, ["oops", 7, true]);
  },
  "MessageChannel delivers clones asynchronously as MessageEvents": async () => {
    const { port1, port2 } = new MessageChannel();
    assert(port1 instanceof MessagePort && port1 instanceof EventTarget);
    const got = [];
    const sent = { a: [1, 2], when: new Date(5) };
    port2.onmessage = (e) => got.push(e);
    port1.postMessage(sent);
    port1.postMessage("second");
    assertEquals(got.length, 0, "not delivered synchronously");
    await sleep(5);
    assertEquals(got.length, 2);
    const [e] = got;
    assert(e instanceof MessageEvent);
    assertEquals([e.type, e.origin, e.lastEventId, e.source, e.ports], ["message", "", "", null, []]);
    assertEquals(e.data.a, [1, 2]);
    assert(e.data !== sent && e.data.a !== sent.a, "a structured clone");
    assert(e.data.when instanceof Date && e.data.when.getTime() === 5);
    assertEquals(got[1].data, "second");
    assert(e.target === port2);
  },
  "MessagePort both directions, start() and addEventListener": async () => {
    const { port1, port2 } = new MessageChannel();
    const got = [];
    port1.onmessage = (e) => got.push(["p1", e.data]);
    port2.postMessage("to p1");
    // A port that is not started keeps its messages until start().
    const queued = new MessageChannel();
    queued.port1.postMessage("queued");
    const late = [];
    await sleep(5);
    assertEquals(got, [["p1", "to p1"]]);
    queued.port2.start();
    queued.port2.onmessage = null;
    queued.port2.addEventListener("message", (e) => late.push(e.data));
    await sleep(5);
    assertEquals(late, ["queued"]);
    // A port does not receive its own messages.
    port1.postMessage("to p2, nobody listens");
    await sleep(5);
    assertEquals(got.length, 1);
    assertEquals(typeof port1.onmessage, "function");
    port1.onmessage = null;
    assertEquals(port1.onmessage, null);
  },
  "MessagePort close": async () => {
    const a = new MessageChannel();
    const got = [];
    a.port2.onmessage = (e) => got.push(e.data);
    a.port1.postMessage("before close");
    a.port1.close();
    a.port1.postMessage("after close");
    await sleep(5);
    assertEquals(got, ["before close"], "posted before close is still delivered");
    const b = new MessageChannel();
    const got2 = [];
    b.port1.onmessage = (e) => got2.push(e.data);
    b.port1.close();
    b.port2.postMessage("to a closed port");
    await sleep(5);
    assertEquals(got2, []);
    a.port1.close();
  },
  "MessagePort errors": () => {
    const { port1 } = new MessageChannel();
    assertThrows(() => port1.postMessage(() => 1), "DataCloneError");
    assertThrows(() => port1.postMessage(Symbol("s")), "DataCloneError");
    assertThrows(() => new MessagePort(), TypeError);
    assertThrows(() => MessagePort.prototype.postMessage.call({}, 1), TypeError);
    assertThrows(() => MessageChannel(), TypeError);
    assertThrows(() => structuredClone(port1), "DataCloneError");
    assertThrows(() => port1.postMessage({ port: port1 }), "DataCloneError");
    assertThrows(() => structuredClone(new FormData()), "DataCloneError");
    port1.postMessage();
  },
  "MessageEvent constructor": () => {
    const e = new MessageEvent("message", { data: { x: 1 }, origin: "o", lastEventId: "7" });
    assertEquals([e.data, e.origin, e.lastEventId, e.source, e.ports], [{ x: 1 }, "o", "7", null, []]);
    assertEquals(new MessageEvent("m").data, null);
    assertThrows(() => new MessageEvent("m", { ports: [1] }), TypeError);
    assertThrows(() => new MessageEvent(), TypeError);
  },
  "an error in a message listener is reported, delivery goes on": async () => {
    const { port1, port2 } = new MessageChannel();
    const got = [];
    port2.addEventListener("message", () => {
      throw new Error("listener failed");
    });
    port2.addEventListener("message", (e) => got.push(e.data));
    port1.postMessage(1);
    port1.postMessage(2);
    await sleep(5);
    assertEquals(got, [1, 2]);
  },
});
