// setitimer/getitimer (alarm() is setitimer in glibc: riscv64 has no alarm syscall) and the POSIX
// timers. The timer service (linux/timers.ts) fires them.

import { sys } from './registry.js';
import { Errno, EINVAL, EFAULT } from '../errno.js';
import { NSIG } from '../signals.js';
import { ITIMER_SLOTS, SIGEV_NONE, SIGEV_SIGNAL, SIGEV_THREAD, SIGEV_THREAD_ID } from '../timers.js';
import { clockNow, getTimespec } from './time.js';
import type { Thread } from '../thread.js';

const NS_PER_MS = 1e6;
const CLOCK_REALTIME = 0, CLOCK_TAI = 11, CLOCK_REALTIME_ALARM = 8;
const TIMER_ABSTIME = 1;

function nowMs(t: Thread): number {
  return Number(t.proc.host.clock.monotonicNs()) / NS_PER_MS;
}

/**
 * Makes sure the timer service runs before an arming reads the clock: the first arming starts
 * it on a worker (and a spare worker), which takes milliseconds, tens of them on a loaded
 * machine. Counted from before that, a short timer expired inside the arming call itself, and
 * a program that armed it to interrupt its next call (the syscall fuzzer's watchdog) had the
 * signal handled before that call began, which then blocked for good.
 */
function startService(t: Thread): void {
  t.proc.ensureTimerService();
}

/** struct timeval -> ms, validating as Linux does. */
function timevalMs(t: Thread, addr: number): number {
  const sec = Number(BigInt.asIntN(64, t.proc.getU64(addr)));
  const usec = Number(BigInt.asIntN(64, t.proc.getU64(addr + 8)));
  if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
  return sec * 1000 + usec / 1000;
}

function putTimeval(t: Thread, addr: number, ms: number): void {
  const us = Math.round(ms * 1000);
  t.proc.putU64(addr, Math.floor(us / 1_000_000));
  t.proc.putU64(addr + 8, us % 1_000_000);
}

function putTimespecMs(t: Thread, addr: number, ms: number): void {
  const ns = BigInt(Math.round(ms * NS_PER_MS));
  t.proc.putU64(addr, ns / 1_000_000_000n);
  t.proc.putU64(addr + 8, ns % 1_000_000_000n);
}

sys('getitimer', 'i p', (t) => {
  const which = t.int(0);
  if (which < 0 || which >= ITIMER_SLOTS) throw new Errno(EINVAL);
  const [rem, interval] = t.proc.timers.remaining(which, nowMs(t));
  const a = t.ulong(1);
  t.proc.write(a, 32);
  putTimeval(t, a, interval);
  putTimeval(t, a + 16, rem);
  return 0;
});

sys('setitimer', 'i p p', (t) => {
  const which = t.int(0), nv = t.ulong(1), ov = t.ulong(2);
  if (which < 0 || which >= ITIMER_SLOTS) throw new Errno(EINVAL);
  const interval = nv ? timevalMs(t, nv) : 0;
  const value = nv ? timevalMs(t, nv + 16) : 0;
  if (ov) t.proc.write(ov, 32);
  if (value > 0) startService(t);
  const now = nowMs(t);
  const [rem, oldInterval] = t.proc.timers.set(t.proc.kernel, which, now, value > 0 ? now + value : 0, value > 0 ? interval : 0);
  if (ov) {
    putTimeval(t, ov, oldInterval);
    putTimeval(t, ov + 16, rem);
  }
  return 0;
});

sys('timer_create', 'i p p', (t) => {
  const clock = t.int(0), sevp = t.ulong(1), idp = t.ulong(2);
  clockNow(t, clock); // validates the clock
  let notify = SIGEV_SIGNAL, signal = 14, tid = 0, value = 0;
  if (sevp) {
    value = Number(t.proc.getU64(sevp));
    signal = t.proc.dv.getInt32(sevp + 8, true);
    notify = t.proc.dv.getInt32(sevp + 12, true);
    tid = t.proc.dv.getInt32(sevp + 16, true);
    if (notify !== SIGEV_NONE && notify !== SIGEV_SIGNAL && notify !== SIGEV_THREAD && notify !== (SIGEV_SIGNAL | SIGEV_THREAD_ID)) {
      throw new Errno(EINVAL);
    }
    if (notify !== SIGEV_NONE && (signal < 1 || signal > NSIG)) throw new Errno(EINVAL);
    if (notify & SIGEV_THREAD_ID && t.proc.kernel.slotOfTid(tid) < 0) throw new Errno(EINVAL);
  } else {
    value = 0; // Linux reports the timer id in si_value when no sigevent is given
  }
  t.proc.write(idp, 4);
  const k = t.proc.timers.create({ signal, notify, tid, value, clock });
  if (k < 0) throw new Errno(11); // EAGAIN
  if (!sevp) t.proc.timers.set(t.proc.kernel, k, 0, 0, 0);
  t.proc.putU32(idp, k - ITIMER_SLOTS);
  return 0;
});

function timerSlot(t: Thread, id: number): number {
  const k = id + ITIMER_SLOTS;
  if (id < 0 || !t.proc.timers.exists(k)) throw new Errno(EINVAL);
  return k;
}

sys('timer_settime', 'i i p p', (t) => {
  const k = timerSlot(t, t.int(0));
  const flags = t.int(1), nv = t.ulong(2), ov = t.ulong(3);
  if (!nv) throw new Errno(EFAULT);
  const interval = Number(getTimespec(t, nv)) / NS_PER_MS;
  const value = Number(getTimespec(t, nv + 16)) / NS_PER_MS;
  if (ov) t.proc.write(ov, 32);
  if (value > 0) startService(t);
  const now = nowMs(t);
  let expiry = 0;
  if (value > 0) {
    if (flags & TIMER_ABSTIME) {
      // An absolute expiry on the timer's clock, converted to the monotonic time base.
      const clock = t.proc.timers.getI(k, 11);
      const clockMs = Number(clockNow(t, clock)) / NS_PER_MS;
      expiry = now + (value - clockMs);
      if (clock === CLOCK_REALTIME || clock === CLOCK_TAI || clock === CLOCK_REALTIME_ALARM) expiry = Math.max(expiry, now);
    } else {
      expiry = now + value;
    }
    expiry = Math.max(expiry, now + 1e-6);
  }
  const [rem, oldInterval] = t.proc.timers.set(t.proc.kernel, k, now, expiry, value > 0 ? interval : 0);
  if (ov) {
    putTimespecMs(t, ov, oldInterval);
    putTimespecMs(t, ov + 16, rem);
  }
  return 0;
});

sys('timer_gettime', 'i p', (t) => {
  const k = timerSlot(t, t.int(0));
  const a = t.ulong(1);
  t.proc.write(a, 32);
  const [rem, interval] = t.proc.timers.remaining(k, nowMs(t));
  putTimespecMs(t, a, interval);
  putTimespecMs(t, a + 16, rem);
  return 0;
});

sys('timer_getoverrun', 'i', (t) => t.proc.timers.overrun(timerSlot(t, t.int(0))));

sys('timer_delete', 'i', (t) => {
  const k = timerSlot(t, t.int(0));
  t.proc.timers.set(t.proc.kernel, k, 0, 0, 0);
  t.proc.timers.delete(k);
  return 0;
});
