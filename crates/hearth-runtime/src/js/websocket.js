// WebSocketPair, WebSocket and CloseEvent: the part every isolate holds (the `internal` hooks the
// fetch glue calls and lazy globals). The classes are in `websocket_impl.js`, whose bytecode is
// loaded only when a Worker first touches a WebSocket (most never do), so idle isolates do not
// carry it.
(function (native, internal) {
  "use strict";
  let family = null;

  function load() {
    if (family === null) family = native.lazyGlue("websocket")(native, internal);
    return family;
  }
  internal.wsAttach = (ws) => load().attach(ws);
  internal.wsOutbound = (id) => load().outbound(id);
  internal.wsDeliver = (id, kind, data, reason) => { if (family !== null) family.fromEdge(id, kind, data, reason); };
  internal.isWebSocket = (v) => family !== null && v instanceof family.WebSocket;

  // Lazy globals: the first read builds the family; an assignment before that just stores.
  for (const name of ["WebSocket", "WebSocketPair", "CloseEvent"]) {
    Object.defineProperty(globalThis, name, {
      configurable: true, enumerable: false,
      get() {
        const value = load()[name];
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
        return value;
      },
      set(value) {
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
      },
    });
  }
})
