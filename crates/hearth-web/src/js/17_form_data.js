// FormData (https://xhr.spec.whatwg.org/#interface-formdata): an ordered list of entries whose
// values are USVStrings or Files (a Blob value becomes a File named "blob", or the filename
// given). No HTMLFormElement here, so the constructor's argument is ignored (as in workerd).
(function (globalThis) {
  "use strict";

  const { TypeError, Object, Symbol, String } = globalThis;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  const usv = (v) => toWellFormed.call(String(v));
  const { Blob, File } = globalThis;
  const isBlob = (v) => isObject(v) && v instanceof Blob;
  const isFile = (v) => isObject(v) && v instanceof File;

  // An entry's value: a string, or a File (the same File when no new name is given).
  function entryValue(value, filename, hasFilename) {
    if (!isBlob(value)) return usv(value);
    if (isFile(value) && !hasFilename) return value;
    const name = hasFilename ? usv(filename) : isFile(value) ? value.name : "blob";
    const options = { type: value.type };
    if (isFile(value)) options.lastModified = value.lastModified;
    return new File([value], name, options);
  }

  let entriesOf;
  class FormData {
    #entries = [];
    static {
      entriesOf = (o, what) => {
        if (isObject(o) && #entries in o) return o.#entries;
        throw new TypeError(`FormData.${what}: 'this' is not a FormData`);
      };
    }
    constructor(form = undefined) {}
    append(name, value, filename = undefined) {
      const list = entriesOf(this, "append");
      if (arguments.length < 2) throw new TypeError("FormData.append: 2 arguments required");
      list.push([usv(name), entryValue(value, filename, arguments.length > 2 && isBlob(value))]);
    }
    delete(name) {
      const list = entriesOf(this, "delete");
      if (arguments.length < 1) throw new TypeError("FormData.delete: 1 argument required");
      const n = usv(name);
      for (let i = list.length - 1; i >= 0; i--) if (list[i][0] === n) list.splice(i, 1);
    }
    get(name) {
      const list = entriesOf(this, "get");
      if (arguments.length < 1) throw new TypeError("FormData.get: 1 argument required");
      const n = usv(name);
      for (const e of list) if (e[0] === n) return e[1];
      return null;
    }
    getAll(name) {
      const list = entriesOf(this, "getAll");
      if (arguments.length < 1) throw new TypeError("FormData.getAll: 1 argument required");
      const n = usv(name);
      const out = [];
      for (const e of list) if (e[0] === n) out.push(e[1]);
      return out;
    }
    has(name) {
      const list = entriesOf(this, "has");
      if (arguments.length < 1) throw new TypeError("FormData.has: 1 argument required");
      const n = usv(name);
      return list.some((e) => e[0] === n);
    }
    set(name, value, filename = undefined) {
      const list = entriesOf(this, "set");
      if (arguments.length < 2) throw new TypeError("FormData.set: 2 arguments required");
      const entry = [usv(name), entryValue(value, filename, arguments.length > 2 && isBlob(value))];
      const first = list.findIndex((e) => e[0] === entry[0]);
      if (first < 0) {
        list.push(entry);
        return;
      }
      list[first] = entry;
      for (let i = list.length - 1; i > first; i--) if (list[i][0] === entry[0]) list.splice(i, 1);
    }
    entries() {
      return iterate(entriesOf(this, "entries"), "entries");
    }
    keys() {
      return iterate(entriesOf(this, "keys"), "keys");
    }
    values() {
      return iterate(entriesOf(this, "values"), "values");
    }
    forEach(callback, thisArg = undefined) {
      const list = entriesOf(this, "forEach");
      if (typeof callback !== "function") throw new TypeError("FormData.forEach: the callback must be a function");
      for (let i = 0; i < list.length; i++) Reflect.apply(callback, thisArg, [list[i][1], list[i][0], this]);
    }
  }

  // A live iterator (WebIDL pair iterator): it sees entries added or removed while iterating.
  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  let iteratorState;
  class FormDataIterator {
    #s;
    static {
      iteratorState = (o) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError("next: 'this' is not a FormData iterator");
      };
    }
    constructor(list, kind) {
      this.#s = { list, kind, index: 0 };
    }
    next() {
      const s = iteratorState(this);
      if (s.index >= s.list.length) return { value: undefined, done: true };
      const [name, value] = s.list[s.index++];
      if (s.kind === "keys") return { value: name, done: false };
      if (s.kind === "values") return { value, done: false };
      return { value: [name, value], done: false };
    }
  }
  Object.setPrototypeOf(FormDataIterator.prototype, iteratorPrototype);
  Object.defineProperty(FormDataIterator.prototype, "next", { enumerable: true });
  Object.defineProperty(FormDataIterator.prototype, Symbol.toStringTag, { value: "FormData Iterator", configurable: true });
  const iterate = (list, kind) => new FormDataIterator(list, kind);

  Object.defineProperty(FormData.prototype, Symbol.iterator, {
    value: FormData.prototype.entries,
    writable: true,
    configurable: true,
  });

  return { FormData };
});
