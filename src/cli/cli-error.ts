/** A failure the CLI reports as one clear message and an exit code, never as a stack trace. */

export const EXIT = {
  ok: 0,
  /** The run could not be done: no adapter, an engine error, an unwritable output. */
  failure: 1,
  /** The input was wrong: usage, a missing or broken spec file, an invalid spec. */
  badInput: 2,
  /** The run diverged; the partial result was still written. */
  diverged: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
