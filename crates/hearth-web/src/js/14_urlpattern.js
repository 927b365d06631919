// URLPattern (https://urlpattern.spec.whatwg.org/). Parsing and input canonicalisation are done
// by natives.parse / natives.matchInput (the urlpattern crate); this file does the WebIDL
// argument handling and compiles and runs each component's regular expression.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, String, RegExp } = globalThis;
  const { parse, matchInput } = natives;
  const COMPONENTS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
  const INIT_MEMBERS = [...COMPONENTS, "baseURL"];
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  const usv = (v) => toWellFormed.call(String(v));
  const regexpExec = RegExp.prototype.exec;
  // The standard compiles with the `v` flag (set notation in classes). The urlpattern crate
  // escapes its generated expressions for the `u` flag, and some of those escapes are invalid
  // under `v`, so an expression `v` rejects is compiled with `u`.
  const hasVFlag = (() => {
    try {
      new RegExp("", "v");
      return true;
    } catch {
      return false;
    }
  })();
  function compile(source, ignoreCase) {
    const i = ignoreCase ? "i" : "";
    if (hasVFlag) {
      try {
        return new RegExp(source, `v${i}`);
      } catch {}
    }
    return new RegExp(source, `u${i}`);
  }

  // URLPatternInput: a string, or a URLPatternInit dictionary copied into a plain object.
  function patternInput(input, what) {
    if (input === undefined || input === null) return {};
    if (!isObject(input)) return usv(input);
    const init = {};
    for (const member of INIT_MEMBERS) {
      const v = input[member];
      if (v !== undefined) init[member] = usv(v);
    }
    return init;
  }

  // The (input, baseURL, options) / (input, options) overloads.
  function constructorArgs(args) {
    let [input, second, third] = args;
    let baseURL;
    let options = third;
    if (second !== undefined && second !== null && !isObject(second)) {
      baseURL = usv(second);
    } else if (args.length >= 2) {
      options = second;
    }
    if (options !== undefined && options !== null && !isObject(options)) {
      throw new TypeError("URLPattern: options must be an object");
    }
    return { input, baseURL, ignoreCase: !!(options && options.ignoreCase) };
  }

  let patternState;
  class URLPattern {
    #p;
    static {
      patternState = (o, what) => {
        if (isObject(o) && #p in o) return o.#p;
        throw new TypeError(`URLPattern.${what}: 'this' is not a URLPattern`);
      };
    }
    constructor(input = undefined, baseURL = undefined, options = undefined) {
      const a = constructorArgs(arguments);
      const converted = patternInput(a.input, "URLPattern");
      if (typeof converted !== "string" && a.baseURL !== undefined) {
        throw new TypeError("URLPattern: a base URL cannot be given with an init object");
      }
      const parsed = a.baseURL === undefined ? parse(converted, undefined, a.ignoreCase) : parse(converted, a.baseURL, a.ignoreCase);
      const components = {};
      for (const name of COMPONENTS) {
        const [pattern, source, groups] = parsed[name];
        let regexp;
        try {
          regexp = compile(source, a.ignoreCase); // already anchored (^...$)
        } catch (e) {
          throw new TypeError(`URLPattern: invalid regular expression in the ${name} pattern: ${e.message}`);
        }
        components[name] = { pattern, regexp, groups };
      }
      this.#p = { components, hasRegExpGroups: parsed.hasRegExpGroups };
    }
    test(input = undefined, baseURL = undefined) {
      const p = patternState(this, "test");
      return execute(p, arguments, input, baseURL) !== null;
    }
    exec(input = undefined, baseURL = undefined) {
      const p = patternState(this, "exec");
      return execute(p, arguments, input, baseURL);
    }
    get protocol() {
      return patternState(this, "protocol").components.protocol.pattern;
    }
    get username() {
      return patternState(this, "username").components.username.pattern;
    }
    get password() {
      return patternState(this, "password").components.password.pattern;
    }
    get hostname() {
      return patternState(this, "hostname").components.hostname.pattern;
    }
    get port() {
      return patternState(this, "port").components.port.pattern;
    }
    get pathname() {
      return patternState(this, "pathname").components.pathname.pattern;
    }
    get search() {
      return patternState(this, "search").components.search.pattern;
    }
    get hash() {
      return patternState(this, "hash").components.hash.pattern;
    }
    get hasRegExpGroups() {
      return patternState(this, "hasRegExpGroups").hasRegExpGroups;
    }
  }

  function execute(p, args, input, baseURL) {
    const converted = patternInput(input, "URLPattern.exec");
    const inputs = [typeof converted === "string" ? converted : input === undefined ? {} : input];
    let values;
    if (baseURL !== undefined) {
      baseURL = usv(baseURL);
      if (typeof converted !== "string") throw new TypeError("URLPattern: a base URL cannot be given with an init object");
      inputs.push(baseURL);
      values = matchInput(converted, baseURL);
    } else {
      values = matchInput(converted, undefined);
    }
    if (values === null) return null;
    const result = { inputs };
    for (const name of COMPONENTS) {
      const c = p.components[name];
      const value = values[name];
      const m = regexpExec.call(c.regexp, value);
      if (m === null) return null;
      const groups = {};
      for (let i = 0; i < c.groups.length; i++) groups[c.groups[i]] = m[i + 1];
      result[name] = { input: value, groups };
    }
    return result;
  }

  return { URLPattern };
});
