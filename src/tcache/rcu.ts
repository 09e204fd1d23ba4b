// Code invalidation across vCPUs, two ways (docs/rcu.md; model in rcu.pml):
//
// RCU (default). Each vCPU translates privately. A writer (munmap, mprotect -X, mmap MAP_FIXED
// over code, riscv_flush_icache) appends the changed range to a shared log, which advances the
// global epoch, raises the exit request of every other vCPU, and waits for a grace period:
// until every other vCPU is either outside generated code or has published an epoch at least
// the writer's. A vCPU publishes its epoch only after dropping its translations of every range
// logged up to that epoch, and always does so between leaving generated code and entering it
// again. So once the writer's syscall returns, no vCPU can run code translated from the old
// bytes: the ones in code have caught up, the others will catch up before they re-enter.
//
// Exclusive (for comparison; QEMU's tb_flush via async_safe_run_on_cpu). The writer stops the
// world: it raises a stop flag and every exit request, waits until every other vCPU is parked
// outside generated code, has each of them flush its whole cache, then resumes them.

import { withWordLock } from '../host/word-lock.js';

export type InvalidationStrategy = 'rcu' | 'exclusive';

const LOG_SIZE = 256;

// Int32 words of the header.
const W_LOCK = 0, W_EPOCH = 1, W_STOP = 2, W_STOP_GEN = 3;
const HEADER_WORDS = 16;
// Per-reader words: in code (0/1), published epoch, parked-for-stop generation, pending full flush.
const R_IN_CODE = 0, R_EPOCH = 1, R_PARKED = 2, R_FLUSH = 3;
const READER_WORDS = 4;

export interface ReaderHooks {
  /** Drops this vCPU's translations of [start, end). */
  invalidate(start: number, end: number): void;
  /** Drops all of this vCPU's translations. */
  flushAll(): void;
}

export class CodeInvalidation {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly log: Float64Array;
  private readonly readerBase: number;

  constructor(readonly maxReaders: number, sab?: SharedArrayBuffer) {
    const bytes = HEADER_WORDS * 4 + LOG_SIZE * 16 + maxReaders * READER_WORDS * 4;
    this.sab = sab ?? new SharedArrayBuffer(bytes);
    this.i32 = new Int32Array(this.sab);
    this.log = new Float64Array(this.sab, HEADER_WORDS * 4, LOG_SIZE * 2);
    this.readerBase = (HEADER_WORDS * 4 + LOG_SIZE * 16) / 4;
  }

  private word(reader: number, field: number): number {
    return this.readerBase + reader * READER_WORDS + field;
  }

  get epoch(): number {
    return Atomics.load(this.i32, W_EPOCH);
  }

  // ---- reader side (each vCPU, on its own thread) ----

  /**
   * Called by a vCPU before it enters generated code. `seen` is the epoch it last caught up to;
   * returns the epoch it has caught up to now.
   */
  enterCode(reader: number, seen: number, hooks: ReaderHooks): number {
    const i32 = this.i32;
    // Announce "in code" before looking at the stop flag and the epoch: a writer that saw us out
    // of code is then sure we will see its stop flag or its log entry below.
    for (;;) {
      Atomics.store(i32, this.word(reader, R_IN_CODE), 1);
      if (Atomics.load(i32, W_STOP) === 0) break;
      this.leaveCode(reader);
      this.park(reader);
    }
    if (Atomics.exchange(i32, this.word(reader, R_FLUSH), 0) !== 0) hooks.flushAll();
    const now = Atomics.load(i32, W_EPOCH);
    if (now !== seen) {
      if (now - seen > LOG_SIZE) {
        hooks.flushAll();
      } else {
        for (let e = seen + 1; e <= now; e++) {
          const k = (e % LOG_SIZE) * 2;
          hooks.invalidate(this.log[k]!, this.log[k + 1]!);
        }
      }
      Atomics.store(i32, this.word(reader, R_EPOCH), now);
      Atomics.notify(i32, this.word(reader, R_EPOCH));
    }
    return now;
  }

  /** Called by a vCPU when it is back in the runtime (a quiescent state). */
  leaveCode(reader: number): void {
    Atomics.store(this.i32, this.word(reader, R_IN_CODE), 0);
    Atomics.notify(this.i32, this.word(reader, R_IN_CODE));
  }

  /** Waits out a stop-the-world (exclusive strategy), telling the stopper we are parked. */
  private park(reader: number): void {
    const i32 = this.i32;
    while (Atomics.load(i32, W_STOP) !== 0) {
      Atomics.store(i32, this.word(reader, R_PARKED), Atomics.load(i32, W_STOP_GEN));
      Atomics.notify(i32, this.word(reader, R_PARKED));
      Atomics.wait(i32, W_STOP, 1, 100);
    }
  }

  // ---- writer side ----

  /**
   * RCU: logs [start, end) and waits for the grace period. `self` is the writer's own reader
   * index (it catches up itself through `hooks`); `others` are the live vCPUs to wait for,
   * `kick` raises a vCPU's exit request. Returns the new epoch.
   */
  invalidateRcu(start: number, end: number, self: number, others: number[], kick: (reader: number) => void): number {
    const i32 = this.i32;
    const epoch = withWordLock(i32, W_LOCK, () => {
      const next = Atomics.load(i32, W_EPOCH) + 1;
      const k = (next % LOG_SIZE) * 2;
      this.log[k] = start;
      this.log[k + 1] = end;
      Atomics.store(i32, W_EPOCH, next);
      return next;
    });
    for (const r of others) if (r !== self) kick(r);
    for (const r of others) {
      if (r === self) continue;
      // Quiescent: outside generated code, or caught up to this epoch.
      for (;;) {
        if (Atomics.load(i32, this.word(r, R_IN_CODE)) === 0) break;
        const seen = Atomics.load(i32, this.word(r, R_EPOCH));
        if (seen >= epoch) break;
        Atomics.wait(i32, this.word(r, R_EPOCH), seen, 1);
      }
    }
    return epoch;
  }

  /**
   * Exclusive: stops every other vCPU outside generated code, marks each for a full flush, and
   * resumes them. The writer flushes its own cache through `selfFlush`.
   */
  invalidateExclusive(self: number, others: number[], kick: (reader: number) => void, selfFlush: () => void): void {
    const i32 = this.i32;
    // Only one stop-the-world at a time.
    while (Atomics.compareExchange(i32, W_STOP, 0, 1) !== 0) Atomics.wait(i32, W_STOP, 1, 1);
    const gen = Atomics.add(i32, W_STOP_GEN, 1) + 1;
    for (const r of others) if (r !== self) kick(r);
    for (const r of others) {
      if (r === self) continue;
      // Parked, or not in code (a vCPU in the runtime parks before it re-enters).
      for (;;) {
        if (Atomics.load(i32, this.word(r, R_PARKED)) >= gen) break;
        if (Atomics.load(i32, this.word(r, R_IN_CODE)) === 0) break;
        Atomics.wait(i32, this.word(r, R_PARKED), Atomics.load(i32, this.word(r, R_PARKED)), 1);
      }
      Atomics.store(i32, this.word(r, R_FLUSH), 1);
    }
    selfFlush();
    Atomics.store(i32, W_STOP, 0);
    Atomics.notify(i32, W_STOP);
  }

  /** A new or exiting vCPU: nothing of it is in code. */
  resetReader(reader: number, epoch: number): void {
    Atomics.store(this.i32, this.word(reader, R_IN_CODE), 0);
    Atomics.store(this.i32, this.word(reader, R_EPOCH), epoch);
    Atomics.store(this.i32, this.word(reader, R_FLUSH), 0);
  }
}
