/// <reference lib="webworker" />
/**
 * The run worker: training and probes run here so the page never blocks while they compute.
 *
 * It asks for its GPU adapter before loading the rest of its code: in a browser that has not used
 * WebGPU yet, the GPU process takes 1.5–2 s to start it on SwiftShader, and that now overlaps the
 * fetch and compilation of the run session's ~300 KB. Messages that arrive meanwhile are queued.
 */
import { ADAPTER_OPTIONS } from '../../engine/adapter-options.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const adapter = (scope.navigator as WorkerNavigator & { gpu?: GPU }).gpu?.requestAdapter(ADAPTER_OPTIONS);
adapter?.catch(() => undefined); // the session reports what failed when it acquires its device
const queued: ToWorker[] = [];
scope.onmessage = (event: MessageEvent<ToWorker>) => void queued.push(event.data);
const { RunSession } = await import('./run-session.ts');
const session = new RunSession((message: FromWorker) => scope.postMessage(message), adapter);
void session.acquireDevice();
scope.onmessage = (event: MessageEvent<ToWorker>) => session.handle(event.data);
for (const message of queued.splice(0)) session.handle(message);
