// A scheduled handler that reports to the local server (from waitUntil) and asks for no retry.
export default {
  async scheduled(controller, env, ctx) {
    if (controller.cron === "boom") throw new Error("cron failed");
    ctx.waitUntil(fetch(`${env.TARGET}/cron`, { method: "POST", body: `${controller.cron} ${controller.scheduledTime} ${controller.type}` }));
    controller.noRetry();
  },
};
