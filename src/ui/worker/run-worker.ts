/// <reference lib="webworker" />
/** The run worker: training and probes run here so the page never blocks while they compute. */
import type { FromWorker, ToWorker } from './protocol.ts';
import { RunSession } from './run-session.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new RunSession((message: FromWorker) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ToWorker>) => session.handle(event.data);
