/**
 * Cooperative time slicing for long passes on the main thread: other requests (I/O callbacks,
 * timers) run whenever a pass yields, so no slice holds the event loop for long.
 */

/** Resolves after the event loop has run what was pending (I/O callbacks, then this: setImmediate). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A slice clock: `maybeYield()` yields once `budgetMs` have passed since the last yield, and
 * resolves at once (no macrotask) otherwise. For loops over many small steps of uneven cost.
 */
export class TimeSlicer {
  private start = performance.now();
  constructor(private readonly budgetMs: number) {}

  /** True when the current slice has used its budget. */
  due(): boolean {
    return performance.now() - this.start >= this.budgetMs;
  }

  async maybeYield(): Promise<void> {
    if (!this.due()) return;
    await yieldToLoop();
    this.start = performance.now();
  }
}
