// Imports every module kind a Worker can upload: ES (relative paths), CommonJS, text, data, JSON.
import { greet } from "./lib/greet.js";
import cjs from "./lib/legacy.cjs";
import text from "./assets/hello.txt";
import data from "./assets/bytes.bin";
import config from "./assets/config.json";

export default {
  fetch() {
    return Response.json({
      greet: greet("e2e"),
      cjs: cjs.double(21),
      text,
      dataLength: data.byteLength,
      dataIsArrayBuffer: data instanceof ArrayBuffer,
      config: config.name,
    });
  },
};
