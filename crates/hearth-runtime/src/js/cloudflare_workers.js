// The built-in module `cloudflare:workers`.
const registry = globalThis[Symbol.for("hearth.modules")];
export const WorkerEntrypoint = registry.WorkerEntrypoint;
export const DurableObject = registry.DurableObject;
export const WorkflowEntrypoint = registry.WorkflowEntrypoint;
export const RpcTarget = registry.RpcTarget;
export const env = registry.env;
export default { WorkerEntrypoint, DurableObject, WorkflowEntrypoint, RpcTarget, env };
