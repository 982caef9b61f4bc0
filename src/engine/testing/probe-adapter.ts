/** Prints the adapter report as JSON, or the acquisition error and exit code 2; used by tests. */
import { acquireNodeGpu } from '../device-node.ts';

acquireNodeGpu().then(
  (ctx) => {
    process.stdout.write(JSON.stringify(ctx.adapter) + '\n');
    ctx.destroy();
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
