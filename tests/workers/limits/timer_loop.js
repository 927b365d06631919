// A timer callback that never returns, fired after the response was sent.
export default {
  fetch() {
    setTimeout(() => { for (;;) {} }, 1);
    return new Response("scheduled");
  },
};
