import { PREFIX } from "../../prefix.js";
export const deep = () => `deep-${PREFIX}`;
