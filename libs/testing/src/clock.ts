/**
 * Fix `Date` (and only `Date`) at `at` for the rest of the test, so rules measured from now
 * (deadlines, windows, "not in the future") give the same answer on every run. Promises, timers
 * and I/O keep running as usual. Undo with `jest.useRealTimers()`.
 */
export function clockAt(at: string | Date): void {
  jest.useFakeTimers({
    now: new Date(at),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
