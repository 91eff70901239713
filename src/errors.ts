/**
 * Errors a person can act on. The CLI prints their message (no stack trace) and exits with
 * `exitCode`; anything else is a bug and keeps its stack.
 */
export class NormpropError extends Error {
  /** 2: bad usage or input, per the CLI's documented exit codes. */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A flag or argument that is unknown, malformed or out of range. */
export class UsageError extends NormpropError {}

/** A file or folder that cannot be used (missing, corrupt, wrong shape). Names the path. */
export class InputError extends NormpropError {}

/** A requested backend that cannot load here; the message says why and what to do. */
export class BackendUnavailableError extends NormpropError {}
