// A guest thread as seen from the JS thread that runs it: its vCPU, plus accessors for its
// per-thread kernel state, which lives in the shared thread table (other threads read it: a
// signal's target mask, a robust list, the clear-child-tid word on exit).

import { elapsedMs } from '../host/elapsed.js';
import type { Vcpu } from '../vcpu/vcpu.js';
import type { ReaderHooks } from '../tcache/rcu.js';
import type { LinuxProcess } from './process.js';
import { ThreadField } from './shared.js';

export class Thread {
  rseq = 0;
  /** prctl(PR_SET_NAME) / comm: up to 15 bytes. */
  name = '';
  /** A syscall interrupted by a signal: how to finish it once the signal is dealt with. */
  restart: { code: number; a0: bigint } | null = null;
  /** The mask rt_sigsuspend replaced, to be restored when the wait ends. */
  suspendMask: bigint | null = null;
  /** The code-invalidation epoch this thread's cache has caught up to. */
  seenEpoch = 0;
  readonly cacheHooks: ReaderHooks;

  constructor(readonly proc: LinuxProcess, readonly cpu: Vcpu, readonly tid: number, readonly slot: number) {
    this.cacheHooks = {
      invalidate: (start, end) => cpu.cache.invalidateRange(start, end),
      flushAll: () => cpu.cache.flushAll(),
    };
  }

  // ---- per-thread kernel state (shared thread table) ----

  /** Index in the kernel's Int32Array of the word this thread sleeps on in blocking calls. */
  get wakeWord(): number {
    return this.proc.kernel.threadWord(this.slot, ThreadField.Wake);
  }

  get clearChildTid(): number {
    return this.proc.kernel.threadF64(this.slot, ThreadField.ClearChildTid);
  }

  set clearChildTid(v: number) {
    this.proc.kernel.setThreadF64(this.slot, ThreadField.ClearChildTid, v);
  }

  get robustList(): number {
    return this.proc.kernel.threadF64(this.slot, ThreadField.RobustList);
  }

  set robustList(v: number) {
    this.proc.kernel.setThreadF64(this.slot, ThreadField.RobustList, v);
  }

  get robustListLen(): number {
    return this.proc.kernel.threadF64(this.slot, ThreadField.RobustLen);
  }

  set robustListLen(v: number) {
    this.proc.kernel.setThreadF64(this.slot, ThreadField.RobustLen, v);
  }

  /** Blocked signals (bit n-1 for signal n). */
  get sigmask(): bigint {
    return this.proc.kernel.threadU64(this.slot, ThreadField.SigMask);
  }

  set sigmask(v: bigint) {
    this.proc.kernel.setThreadU64(this.slot, ThreadField.SigMask, v);
  }

  /**
   * Runs a host operation that may block, with the thread marked blocked so that signals and
   * process exit know to wake it rather than wait for it.
   */
  blocking<T>(f: () => T): T {
    const k = this.proc.kernel;
    k.setThreadI32(this.slot, ThreadField.Blocked, 1);
    const t0 = elapsedMs();
    try {
      return f();
    } finally {
      k.setThreadI32(this.slot, ThreadField.Blocked, 0);
      this.cpu.blockedMs += elapsedMs() - t0;
    }
  }

  // ---- syscall arguments ----

  /** C int argument: the low 32 bits, signed. */
  int(i: number): number {
    return this.cpu.x32(10 + i);
  }

  /** C unsigned int argument. */
  uint(i: number): number {
    return this.cpu.x32(10 + i) >>> 0;
  }

  /** long argument as a number (exact within ±2^53). */
  long(i: number): number {
    return this.cpu.xs(10 + i);
  }

  /** unsigned long / size_t / pointer argument as a number (exact below 2^53). */
  ulong(i: number): number {
    return this.cpu.xu(10 + i);
  }

  big(i: number): bigint {
    return this.cpu.x(10 + i);
  }
}
