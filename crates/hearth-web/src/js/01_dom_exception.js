// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException): an Error subclass with the
// legacy `code` table.
(function (globalThis) {
  "use strict";

  const codes = {
    IndexSizeError: 1,
    HierarchyRequestError: 3,
    WrongDocumentError: 4,
    InvalidCharacterError: 5,
    NoModificationAllowedError: 7,
    NotFoundError: 8,
    NotSupportedError: 9,
    InUseAttributeError: 10,
    InvalidStateError: 11,
    SyntaxError: 12,
    InvalidModificationError: 13,
    NamespaceError: 14,
    InvalidAccessError: 15,
    TypeMismatchError: 17,
    SecurityError: 18,
    NetworkError: 19,
    AbortError: 20,
    URLMismatchError: 21,
    QuotaExceededError: 22,
    TimeoutError: 23,
    InvalidNodeTypeError: 24,
    DataCloneError: 25,
  };

  let slots;
  class DOMException extends Error {
    #name;
    #message;
    static {
      slots = (o) => {
        if (typeof o === "object" && o !== null && #name in o) return o;
        throw new TypeError("'this' is not a DOMException");
      };
    }
    constructor(message = "", name = "Error") {
      super();
      // Error's own `message` data property would shadow the prototype getter.
      delete this.message;
      this.#message = String(message);
      this.#name = String(name);
    }
    get name() {
      return slots(this).#name;
    }
    get message() {
      return slots(this).#message;
    }
    get code() {
      return codes[slots(this).#name] || 0;
    }
  }

  const constants = {};
  for (const name in codes) {
    const constant = name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase().replace(/_ERROR$/, "_ERR");
    constants[constant] = { value: codes[name], enumerable: true };
  }
  // The table's names differ from the derived ones in a few places.
  delete constants.INVALID_CHARACTER_ERR;
  constants.INVALID_CHARACTER_ERR = { value: 5, enumerable: true };
  constants.DOMSTRING_SIZE_ERR = { value: 2, enumerable: true };
  constants.NO_DATA_ALLOWED_ERR = { value: 6, enumerable: true };
  constants.VALIDATION_ERR = { value: 16, enumerable: true };
  Object.defineProperties(DOMException, constants);
  Object.defineProperties(DOMException.prototype, constants);

  return { DOMException };
});
