import { suffix } from "../lib/suffix.js";
export function greet(name) {
  return `hello ${name}${suffix}`;
}
