// Timer ordering (deadlines at least 25 ms apart); one callback throws and must not stop the others.
export default {
  fetch() {
    const out = [];
    return new Promise((resolve) => {
      setTimeout(() => out.push("t100"), 100);
      setTimeout(() => { throw new Error("timer boom"); }, 5);
      const cancelled = setTimeout(() => out.push("cancelled"), 20);
      clearTimeout(cancelled);
      let n = 0;
      const iv = setInterval(() => {
        out.push(`interval${++n}`);
        if (n === 3) clearInterval(iv);
      }, 25);
      setTimeout(() => out.push("t0"), 0);
      queueMicrotask(() => out.push("micro"));
      setTimeout(() => { out.push("late"); resolve(new Response(out.join(","))); }, 150);
      out.push("sync");
    });
  },
};
