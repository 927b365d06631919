// Allocates until the isolate's memory limit is hit.
const hoard = [];
export default {
  fetch() {
    for (;;) hoard.push(new Array(100000).fill("x".repeat(10)));
  },
};
