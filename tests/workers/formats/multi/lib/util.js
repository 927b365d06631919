import { PREFIX } from "../prefix.js";
export function greet(name) {
  return `${PREFIX} ${name}`;
}
