// The one error type of the runtime: a problem the user can act on (a spec
// the runtime cannot build, bad data, a loss that went NaN), printed as one
// clear message without a stack. Anything else escaping a run is a bug.

export class RunError extends Error {
  override readonly name = 'RunError';

  constructor(
    message: string,
    /** Extra lines printed under the message: where to resume from, what to try. */
    readonly notes: string[] = [],
  ) {
    super(message);
  }
}

export function isRunError(value: unknown): value is RunError {
  return value instanceof RunError;
}
