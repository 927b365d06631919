// Assertion helpers and the runner shared by every tests/js/<family>.js file. Each test file is
// an ES module whose exported functions are the checks; __runTests awaits them one by one and
// leaves one "PASS name" / "FAIL name: reason" line per check in globalThis.__results.
"use strict";

function fmt(v) {
  try {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "bigint") return `${v}n`;
    if (Object.is(v, -0)) return "-0";
    if (v instanceof Uint8Array || Array.isArray(v)) return `[${Array.from(v, fmt).join(", ")}]`;
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual(a[k], b[k]));
}

// Shared with tests/workers/web/_checks.js (the deployed-Worker checks), which imports this file.
globalThis.__fmt = fmt;
globalThis.__deepEqual = deepEqual;

globalThis.assert = (cond, msg = "") => {
  if (!cond) throw new Error(`assertion failed ${msg}`);
};
globalThis.assertEquals = (actual, expected, msg = "") => {
  if (!deepEqual(actual, expected)) throw new Error(`expected ${fmt(expected)}, got ${fmt(actual)} ${msg}`);
};
globalThis.assertThrows = (fn, ErrorType, msg = "") => {
  try {
    fn();
  } catch (e) {
    if (ErrorType && !(e instanceof ErrorType)) throw new Error(`expected ${ErrorType.name}, got ${e} ${msg}`);
    return e;
  }
  throw new Error(`expected ${ErrorType ? ErrorType.name : "an exception"}, nothing thrown ${msg}`);
};
globalThis.assertRejects = async (promise, ErrorType, msg = "") => {
  if (typeof promise === "function") promise = promise();
  if (!(promise instanceof Promise)) throw new Error(`expected a promise ${msg}`);
  try {
    await promise;
  } catch (e) {
    if (ErrorType && !(e instanceof ErrorType)) throw new Error(`expected rejection with ${ErrorType.name}, got ${e} ${msg}`);
    return e;
  }
  throw new Error(`expected a rejection ${msg}`);
};
// Lets queued promise jobs run: resolves after `n` microtask turns.
globalThis.flush = async (n = 20) => {
  for (let i = 0; i < n; i++) await null;
};

globalThis.__runTests = async (ns, evaluated) => {
  await evaluated;
  const out = (globalThis.__partial = []);
  for (const name of Object.keys(ns)) {
    if (typeof ns[name] !== "function" || name.startsWith("_")) continue;
    globalThis.__current = name;
    try {
      await ns[name]();
      out.push(`PASS ${name}`);
    } catch (e) {
      const detail = e && e.stack ? `${e}\n${e.stack}` : String(e);
      out.push(`FAIL ${name}: ${detail}`.replace(/\n/g, "\n    "));
    }
  }
  globalThis.__results = out.join("\n");
};
