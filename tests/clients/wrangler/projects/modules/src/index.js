// An entry module that imports other modules at runtime: an ES module (kept separate through
// find_additional_modules), a dynamically imported one, a Text module, a Data module and a
// CommonJS module.
import { shout } from "./lib/shout.js";
import greeting from "./assets/greeting.txt";
import bytes from "./assets/bytes.bin";
import counter from "./lib/counter.cjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/shout":
        return new Response(shout("modules"));
      case "/text":
        return new Response(greeting.trim());
      case "/data":
        return new Response(Array.from(new Uint8Array(bytes)).join(","));
      case "/cjs":
        return new Response(counter.describe());
      case "/lazy": {
        const lazy = await import("./lib/lazy.js");
        return new Response(lazy.default());
      }
      default:
        return new Response("many modules");
    }
  },
};
