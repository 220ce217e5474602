/**
 * Base of the exceptions that are answers, not bugs (a refused signup, a refused body): no
 * stack trace is captured, since capturing one was a measurable share of a rejected signup's
 * CPU (docs/performance.md).
 */
export class Refusal extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = new.target.name;
  }
}
