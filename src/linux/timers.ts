// Interval timers (alarm, setitimer) and POSIX timers (timer_create...). Their state is shared;
// a timer service — one JS thread per process, started with the first armed timer — sleeps
// until the nearest expiry, sends the signal (which kicks the target vCPU out of generated code
// within a poll interval) and re-arms periodic timers. Times are host CLOCK_MONOTONIC
// nanoseconds, stored as float milliseconds (microsecond precision is kept).

import { Lock, MAX_POSIX_TIMERS, PROCESS_QUEUE, type KernelShared } from './shared.js';
import { siginfo, SendKind, SI_TIMER } from './signal-delivery.js';
import type { LinuxProcess } from './process.js';

/** Slots 0-2 are ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF; POSIX timer ids are slot - 3. */
export const ITIMER_SLOTS = 3;
export const MAX_TIMERS = ITIMER_SLOTS + MAX_POSIX_TIMERS;
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;

// f64 fields per timer
const F_EXPIRY = 0, F_INTERVAL = 1, F_VALUE = 2;
// i32 fields per timer (after the f64s)
const I_STATE = 6, I_SIGNAL = 7, I_NOTIFY = 8, I_TID = 9, I_OVERRUN = 10, I_CLOCK = 11;
/** The timer's signal is queued (1) and the expirations counted since it was queued. */
const I_PENDING = 12, I_OVERRUN_ACC = 13;
const TIMER_BYTES = 64;
const W_SERVICE = 0, W_SERVICE_RUNNING = 1;
const HEADER = 16;

export const enum TimerState {
  Free = 0,
  Disarmed = 1,
  Armed = 2,
}

export interface TimerSpec {
  signal: number;
  notify: number;
  tid: number;
  /** sigev_value, reported in si_value. */
  value: number;
  clock: number;
}

export class TimerTable {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(HEADER + MAX_TIMERS * TIMER_BYTES);
    this.i32 = new Int32Array(this.sab);
    this.f64 = new Float64Array(this.sab);
    if (!sab) for (let k = 0; k < ITIMER_SLOTS; k++) this.setI(k, I_STATE, TimerState.Disarmed);
  }

  private fi(k: number, f: number): number {
    return (HEADER + k * TIMER_BYTES) / 8 + f;
  }

  private ii(k: number, f: number): number {
    return (HEADER + k * TIMER_BYTES) / 4 + f;
  }

  getF(k: number, f: number): number {
    return this.f64[this.fi(k, f)]!;
  }

  private setF(k: number, f: number, v: number): void {
    this.f64[this.fi(k, f)] = v;
  }

  getI(k: number, f: number): number {
    return Atomics.load(this.i32, this.ii(k, f));
  }

  private setI(k: number, f: number, v: number): void {
    Atomics.store(this.i32, this.ii(k, f), v);
  }

  /** A new POSIX timer; returns its slot, or -1 when all are in use. */
  create(spec: TimerSpec): number {
    for (let k = ITIMER_SLOTS; k < MAX_TIMERS; k++) {
      if (Atomics.compareExchange(this.i32, this.ii(k, I_STATE), TimerState.Free, TimerState.Disarmed) !== TimerState.Free) continue;
      this.setI(k, I_SIGNAL, spec.signal);
      this.setI(k, I_NOTIFY, spec.notify);
      this.setI(k, I_TID, spec.tid);
      this.setI(k, I_OVERRUN, 0);
      this.setI(k, I_PENDING, 0);
      this.setI(k, I_OVERRUN_ACC, 0);
      this.setI(k, I_CLOCK, spec.clock);
      this.setF(k, F_VALUE, spec.value);
      this.setF(k, F_EXPIRY, 0);
      this.setF(k, F_INTERVAL, 0);
      return k;
    }
    return -1;
  }

  exists(k: number): boolean {
    return k >= ITIMER_SLOTS && k < MAX_TIMERS && this.getI(k, I_STATE) !== TimerState.Free;
  }

  delete(k: number): void {
    this.setI(k, I_STATE, TimerState.Free);
  }

  /** execve: POSIX timers are deleted (interval timers survive, as in Linux). */
  deletePosixTimers(): void {
    for (let k = ITIMER_SLOTS; k < MAX_TIMERS; k++) this.setI(k, I_STATE, TimerState.Free);
  }

  /** Arms (expiry > 0) or disarms a timer; returns the previous [remaining ms, interval ms]. */
  set(kernel: KernelShared, k: number, nowMs: number, expiryMs: number, intervalMs: number): [number, number] {
    return kernel.locked(Lock.Signals, () => {
      const old = this.remaining(k, nowMs);
      this.setF(k, F_EXPIRY, expiryMs);
      this.setF(k, F_INTERVAL, intervalMs);
      this.setI(k, I_OVERRUN, 0);
      this.setI(k, I_STATE, expiryMs > 0 ? TimerState.Armed : TimerState.Disarmed);
      Atomics.add(this.i32, W_SERVICE, 1);
      Atomics.notify(this.i32, W_SERVICE);
      return old;
    });
  }

  /** [remaining ms (0 when disarmed), interval ms]. */
  remaining(k: number, nowMs: number): [number, number] {
    if (this.getI(k, I_STATE) !== TimerState.Armed) return [0, this.getF(k, F_INTERVAL)];
    return [Math.max(this.getF(k, F_EXPIRY) - nowMs, 1e-6), this.getF(k, F_INTERVAL)];
  }

  overrun(k: number): number {
    return this.getI(k, I_OVERRUN);
  }

  /**
   * A siginfo left a signal queue (caller holds Lock.Signals). For a POSIX timer's signal, as in
   * Linux: the timer may queue a new one, si_overrun reports the expirations that went by while
   * it was queued, and timer_getoverrun reports the same from now on.
   */
  dequeued(info: Uint8Array): void {
    const dv = new DataView(info.buffer, info.byteOffset);
    if (dv.getInt32(8, true) !== SI_TIMER) return;
    const k = dv.getInt32(16, true) + ITIMER_SLOTS;
    if (k < ITIMER_SLOTS || k >= MAX_TIMERS || this.getI(k, I_STATE) === TimerState.Free) return;
    if (this.getI(k, I_PENDING) === 0) return;
    const overrun = this.getI(k, I_OVERRUN_ACC);
    this.setI(k, I_OVERRUN, overrun);
    this.setI(k, I_OVERRUN_ACC, 0);
    this.setI(k, I_PENDING, 0);
    dv.setInt32(20, overrun, true);
  }

  /** Claims the right to run the service; true for the one caller that should start it. */
  claimService(): boolean {
    return Atomics.compareExchange(this.i32, W_SERVICE_RUNNING, 0, 1) === 0;
  }

  /**
   * The timer service loop: fires due timers and sleeps until the next expiry or a change.
   * Returns when the process exits.
   */
  serve(proc: LinuxProcess, now: () => number): void {
    const kernel = proc.kernel;
    while (kernel.exiting === 0) {
      const seen = Atomics.load(this.i32, W_SERVICE);
      let next = Infinity;
      const t = now();
      for (let k = 0; k < MAX_TIMERS; k++) {
        if (this.getI(k, I_STATE) !== TimerState.Armed) continue;
        let expiry = this.getF(k, F_EXPIRY);
        if (expiry <= t) {
          this.fire(proc, k, t);
          expiry = this.getF(k, F_EXPIRY);
          if (this.getI(k, I_STATE) !== TimerState.Armed) continue;
        }
        next = Math.min(next, expiry);
      }
      // Wake at the next expiry, on any timer change, and periodically to notice process exit.
      Atomics.wait(this.i32, W_SERVICE, seen, Math.max(0, Math.min(next - now(), 250)));
    }
  }

  private fire(proc: LinuxProcess, k: number, now: number): void {
    // Decided under the lock set() takes: the service looks at the timers without it, and the
    // program may re-arm this one (after a call that ended near the old expiry) before we get
    // here. Disarming it unconditionally then undid the new arming, and the signal meant to
    // interrupt the program's next call never came. (A race seen while hunting the syscall
    // fuzzer's hangs, by reading the code; not caught in the act.)
    const send = proc.kernel.locked(Lock.Signals, () => {
      const expiry = this.getF(k, F_EXPIRY);
      if (this.getI(k, I_STATE) !== TimerState.Armed || expiry > now) return false;
      const interval = this.getF(k, F_INTERVAL);
      let missed = 0;
      if (interval > 0) {
        // Periods that went by before we got here count as overruns.
        missed = Math.floor((now - expiry) / interval);
        this.setF(k, F_EXPIRY, expiry + (missed + 1) * interval);
      } else {
        this.setI(k, I_STATE, TimerState.Disarmed);
      }
      if (k < ITIMER_SLOTS) return true;
      // A POSIX timer has at most one signal queued: while it is, expirations only count as
      // overruns (reported when it is dequeued).
      if (this.getI(k, I_PENDING) !== 0) {
        this.setI(k, I_OVERRUN_ACC, Math.min(this.getI(k, I_OVERRUN_ACC) + missed + 1, 0x7fffffff));
        return false;
      }
      this.setI(k, I_OVERRUN_ACC, Math.min(missed, 0x7fffffff));
      this.setI(k, I_PENDING, 1);
      return true;
    });
    if (send && !this.signal(proc, k) && k >= ITIMER_SLOTS) this.setI(k, I_PENDING, 0);
  }

  /** Sends the timer's signal; true when it was queued. */
  private signal(proc: LinuxProcess, k: number): boolean {
    const notify = k < ITIMER_SLOTS ? SIGEV_SIGNAL : this.getI(k, I_NOTIFY);
    if (notify === SIGEV_NONE) return false;
    const sig = k < ITIMER_SLOTS ? [14, 26, 27][k]! : this.getI(k, I_SIGNAL); // SIGALRM, SIGVTALRM, SIGPROF
    const info = k < ITIMER_SLOTS
      ? siginfo(sig, 0x80) // SI_KERNEL, as Linux reports itimer signals
      : siginfo(sig, SI_TIMER, (dv) => {
          dv.setInt32(16, k - ITIMER_SLOTS, true); // si_tid (timer id)
          dv.setInt32(20, this.getI(k, I_OVERRUN_ACC), true);
          dv.setBigUint64(24, BigInt(Math.trunc(this.getF(k, F_VALUE))), true);
        });
    let target = PROCESS_QUEUE;
    if (notify & SIGEV_THREAD_ID) {
      const slot = proc.kernel.slotOfTid(this.getI(k, I_TID));
      if (slot < 0) return false;
      target = slot;
    }
    return proc.signals.send(target, info, SendKind.Kernel);
  }
}
