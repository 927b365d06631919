import { greet } from "./lib/util.js";
import { deep } from "./lib/deep/x.js";
import greeting from "greeting.txt";
import config from "./config.json";
import raw from "./data.bin";
import legacy from "./legacy.cjs";

export default {
  fetch() {
    const bytes = new Uint8Array(raw);
    return new Response([greet("multi"), deep(), greeting.trim(), config.answer, bytes.length, bytes[0], legacy.twice(21), legacy.name].join("|"));
  },
};
