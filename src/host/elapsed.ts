// Milliseconds on a monotonic clock that every JavaScript thread of the process shares: the
// kernel's deadlines (which may be set on one thread and checked on another) and the statistics'
// phase times. Not performance.now(): each worker has its own time origin, and on Node the first
// read of the `performance` global loads node:perf_hooks, about 6 ms of rvjit's start-up.

const hrtime = typeof process !== 'undefined' ? process.hrtime : undefined;

export const elapsedMs: () => number = hrtime
  ? () => {
      const [s, ns] = hrtime();
      return s * 1000 + ns / 1e6;
    }
  : () => performance.now();
