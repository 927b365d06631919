// Loops forever (inside an async handler, after an await).
export default {
  async fetch() {
    await null;
    let x = 0;
    while (true) { x++; }
  },
};
