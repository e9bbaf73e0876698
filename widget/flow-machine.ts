/**
 * The flow's machinery as one lazy chunk: the transitions (flow.ts), the calls they start
 * (flow-effects.ts, proxy-client.ts) and how a failed call reads (failures.ts). The controller
 * (flow-controller.ts) starts loading it with the first screen, which needs none of it.
 */
export { transition, waitingFor } from './flow.ts';
export { runEffect } from './flow-effects.ts';
export { eventForError } from './failures.ts';
export { ProxyClient } from './proxy-client.ts';
