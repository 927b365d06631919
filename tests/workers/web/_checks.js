// Shared by every Web-API family Worker in tests/workers/web/: a family Worker exports
// `default checks({ name: async () => {...}, ... })`; a GET runs each check in order and answers
// JSON {passed: [names], failed: [{name, error}]}. `GET /?only=name` runs one check.
// tests/web_apis.rs (and the family test files) deploy these Workers through the API and assert
// that every check passed and that at least one ran.

// Value formatting and deep equality come from the crate's JS test harness (uploaded beside
// this file by common::run_web_checks), so both kinds of checks compare values the same way.
import "./_harness.js";
const fmt = globalThis.__fmt;
const deepEqual = (a, b) => {
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) return globalThis.__deepEqual(new Uint8Array(a), new Uint8Array(b));
  return globalThis.__deepEqual(a, b);
};

/** Throws unless `cond` is truthy. */
export function assert(cond, msg = "") {
  if (!cond) throw new Error(`assertion failed ${msg}`);
}

/** Throws unless `actual` deep-equals `expected` (typed arrays and ArrayBuffers by content). */
export function assertEquals(actual, expected, msg = "") {
  if (!deepEqual(actual, expected)) throw new Error(`expected ${fmt(expected)}, got ${fmt(actual)} ${msg}`);
}

/** Throws unless `fn()` throws (an instance of `ErrorType`, or a DOMException named `ErrorType` when a string). */
export function assertThrows(fn, ErrorType, msg = "") {
  try {
    fn();
  } catch (e) {
    checkError(e, ErrorType, msg);
    return e;
  }
  throw new Error(`expected ${nameOf(ErrorType)}, nothing thrown ${msg}`);
}

/** Awaits `promise` (or `promise()`) and throws unless it rejects like `assertThrows` expects. */
export async function assertRejects(promise, ErrorType, msg = "") {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (e) {
    checkError(e, ErrorType, msg);
    return e;
  }
  throw new Error(`expected ${nameOf(ErrorType)} rejection, it resolved ${msg}`);
}

function nameOf(t) {
  return typeof t === "string" ? t : t ? t.name : "an exception";
}

function checkError(e, ErrorType, msg) {
  if (!ErrorType) return;
  const ok = typeof ErrorType === "string" ? e && e.name === ErrorType : e instanceof ErrorType;
  if (!ok) throw new Error(`expected ${nameOf(ErrorType)}, got ${e && e.name}: ${e && e.message} ${msg}`);
}

/** Hex of an ArrayBuffer or byte view. */
export function hex(buf) {
  const b = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Bytes of a hex string. */
export function unhex(s) {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/** A module Worker whose fetch handler runs `table`'s checks (see the file comment). */
export function checks(table) {
  return {
    async fetch(request, env, ctx) {
      const only = new URL(request.url).searchParams.get("only");
      const passed = [];
      const failed = [];
      for (const [name, check] of Object.entries(table)) {
        if (only && only !== name) continue;
        try {
          await check({ request, env, ctx });
          passed.push(name);
        } catch (e) {
          failed.push({ name, error: `${e && e.name}: ${e && e.message}` });
        }
      }
      return Response.json({ passed, failed });
    },
  };
}
