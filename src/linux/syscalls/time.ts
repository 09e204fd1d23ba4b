// Clocks and sleeping.

import { sys } from './registry.js';
import { Errno, EINVAL, EFAULT, ERESTARTNOHAND } from '../errno.js';
import type { Thread } from '../thread.js';

const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
  CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7,
  CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11;
const TIMER_ABSTIME = 1;
const NS = 1_000_000_000n;

/** Reads clock `id` in nanoseconds, or throws EINVAL for an unknown clock. */
export function clockNow(t: Thread, id: number): bigint {
  const c = t.proc.host.clock;
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_TAI:
      return c.realtimeNs();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
      return c.monotonicNs();
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return c.processCpuNs();
    default:
      // Negative ids name per-process/thread CPU clocks (clock_getcpuclockid).
      if (id < 0) return c.processCpuNs();
      throw new Errno(EINVAL);
  }
}

export function putTimespec(t: Thread, addr: number, ns: bigint): void {
  t.proc.write(addr, 16);
  t.proc.putU64(addr, ns / NS);
  t.proc.putU64(addr + 8, ns % NS);
}

/** Reads a struct timespec, validating tv_nsec as Linux does. */
export function getTimespec(t: Thread, addr: number): bigint {
  const sec = BigInt.asIntN(64, t.proc.getU64(addr));
  const nsec = BigInt.asIntN(64, t.proc.getU64(addr + 8));
  if (sec < 0n || nsec < 0n || nsec >= NS) throw new Errno(EINVAL);
  return sec * NS + nsec;
}

sys('clock_gettime', 'i p', (t) => {
  putTimespec(t, t.ulong(1), clockNow(t, t.int(0)));
  return 0;
});

sys('clock_getres', 'i p', (t) => {
  const id = t.int(0);
  clockNow(t, id);
  const coarse = id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE;
  if (t.ulong(1)) putTimespec(t, t.ulong(1), coarse ? 4_000_000n : 1n);
  return 0;
});

sys('gettimeofday', 'p p', (t) => {
  const tv = t.ulong(0), tz = t.ulong(1);
  if (tv) {
    const us = t.proc.host.clock.realtimeNs() / 1000n;
    t.proc.write(tv, 16);
    t.proc.putU64(tv, us / 1_000_000n);
    t.proc.putU64(tv + 8, us % 1_000_000n);
  }
  if (tz) t.proc.write(tz, 8).fill(0);
  return 0;
});

/**
 * Sleeps until `deadline` on clock `id`. A signal to deliver ends the sleep early: the remaining
 * time goes to `rem` (relative sleeps) and the call fails with EINTR once a handler runs.
 */
function sleepUntil(t: Thread, id: number, deadline: bigint, rem: number): number {
  for (;;) {
    const now = clockNow(t, id);
    if (now >= deadline) return 0;
    if (!t.proc.blockingSleep(t, deadline - now)) {
      if (t.proc.kernel.exiting) return 0;
      if (rem) putTimespec(t, rem, deadline - clockNow(t, id) > 0n ? deadline - clockNow(t, id) : 0n);
      throw new Errno(ERESTARTNOHAND);
    }
  }
}

sys('nanosleep', 'p p', (t) => {
  const req = getTimespec(t, t.ulong(0));
  return sleepUntil(t, CLOCK_MONOTONIC, t.proc.host.clock.monotonicNs() + req, t.ulong(1));
});

sys('clock_nanosleep', 'i i p p', (t) => {
  const id = t.int(0), flags = t.int(1);
  if (id === CLOCK_THREAD_CPUTIME_ID) throw new Errno(EINVAL);
  const start = clockNow(t, id);
  const req = getTimespec(t, t.ulong(2));
  const abs = (flags & TIMER_ABSTIME) !== 0;
  return sleepUntil(t, id, abs ? req : start + req, abs ? 0 : t.ulong(3));
});

export { EFAULT };
