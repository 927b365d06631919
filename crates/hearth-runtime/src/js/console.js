// console.* with util.inspect-like formatting; each call becomes one Rust log line.
(function (native, internal) {
  "use strict";
  function quote(s) { return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n") + "'"; }
  function keyName(k) { return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k); }
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case "string": return depth === 0 ? v : quote(v);
      case "number": return Object.is(v, -0) ? "-0" : String(v);
      case "bigint": return v + "n";
      case "boolean": case "undefined": return String(v);
      case "symbol": return v.toString();
      case "function": {
        const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v));
        return `[${isClass ? "class" : "Function"}${v.name ? (isClass ? " " : ": ") + v.name : isClass ? " (anonymous)" : " (anonymous)"}]`;
      }
    }
    if (v === null) return "null";
    if (seen.includes(v)) return "[Circular *]";
    if (v instanceof Error) {
      const s = v.stack ? `${v.name}: ${v.message}\n${v.stack}`.trimEnd() : `${v.name}: ${v.message}`;
      return depth === 0 ? s : `[${s.split("\n")[0]}]`;
    }
    if (v instanceof Date) return isNaN(v) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return "Promise { <pending> }";
    if (depth > 2) return Array.isArray(v) ? "[Array]" : "[Object]";
    seen = seen.concat([v]);
    const inner = (x) => inspect(x, depth + 1, seen);
    if (Array.isArray(v)) {
      const items = v.slice(0, 100).map(inner);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return items.length ? `[ ${items.join(", ")} ]` : "[]";
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const items = Array.from(v.slice(0, 100), String);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return `${v.constructor.name}(${v.length}) [ ${items.join(", ")} ]`;
    }
    if (v instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${v.byteLength} }`;
    if (v instanceof Map) {
      const items = [...v].map(([k, x]) => `${inner(k)} => ${inner(x)}`);
      return `Map(${v.size}) {${items.length ? " " + items.join(", ") + " " : ""}}`;
    }
    if (v instanceof Set) {
      const items = [...v].map(inner);
      return `Set(${v.size}) {${items.length ? " " + items.join(", ") + " " : ""}}`;
    }
    if (typeof Headers === "function" && v instanceof Headers) {
      return `Headers(${[...v].length}) { ${[...v].map(([k, x]) => `${quote(k)} => ${quote(x)}`).join(", ")} }`;
    }
    const proto = Object.getPrototypeOf(v);
    const name = proto === null ? "[Object: null prototype]" : proto.constructor && proto.constructor.name !== "Object" ? proto.constructor.name : "";
    const items = Object.keys(v).map((k) => `${keyName(k)}: ${inner(v[k])}`);
    if (name && !items.length) return `${name} {}`;
    return `${name ? name + " " : ""}${items.length ? `{ ${items.join(", ")} }` : "{}"}`;
  }
  function format(args) {
    let out = "";
    let i = 0;
    if (typeof args[0] === "string" && args[0].includes("%") && args.length > 1) {
      const fmt = args[0];
      i = 1;
      out = fmt.replace(/%([sdifjoOc%])/g, (m, c) => {
        if (c === "%") return "%";
        if (i >= args.length) return m;
        const a = args[i++];
        switch (c) {
          case "s": return typeof a === "string" ? a : inspect(a, 1, []);
          case "d": case "i": return typeof a === "object" ? "NaN" : String(c === "i" ? parseInt(a) : Number(a));
          case "f": return String(parseFloat(a));
          case "j": try { return JSON.stringify(a); } catch { return "[Circular]"; }
          case "c": return "";
          default: return inspect(a, 1, []);
        }
      });
      if (i < args.length) out += " ";
    }
    const rest = [];
    for (; i < args.length; i++) rest.push(inspect(args[i], 0, []));
    return out + rest.join(" ");
  }
  const levels = { debug: 0, log: 1, info: 2, warn: 3, error: 4, trace: 0 };
  const counts = new Map(), timers = new Map();
  const console = {};
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => native.log(level, format(args));
  }
  console.assert = (cond, ...args) => { if (!cond) native.log(4, "Assertion failed" + (args.length ? ": " + format(args) : "")); };
  console.dir = (v) => native.log(1, inspect(v, 1, []));
  console.table = console.log;
  console.count = (label = "default") => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); native.log(1, `${label}: ${n}`); };
  console.countReset = (label = "default") => counts.delete(label);
  console.time = (label = "default") => timers.set(label, Date.now());
  console.timeEnd = (label = "default") => { const t = timers.get(label); timers.delete(label); native.log(1, `${label}: ${t === undefined ? 0 : Date.now() - t}ms`); };
  console.timeLog = (label = "default", ...args) => { const t = timers.get(label); native.log(1, `${label}: ${t === undefined ? 0 : Date.now() - t}ms${args.length ? " " + format(args) : ""}`); };
  console.group = console.groupCollapsed = (...args) => { if (args.length) console.log(...args); };
  console.groupEnd = () => {};
  internal.inspect = (v) => inspect(v, 0, []);
  internal.reportError = (e) => native.log(4, "Uncaught " + inspect(e, 0, []));
  Object.defineProperty(globalThis, "console", { value: console, writable: true, configurable: true, enumerable: false });
})
