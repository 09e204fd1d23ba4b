// Futexes over shared memory. A waiting thread records the address and bitset it waits on in its
// own slot of a shared table and sleeps on its private wake word; wakers scan the table under the
// futex lock, so WAKE, REQUEUE and WAKE_OP behave exactly as in Linux, including moving waiters
// between addresses (which Atomics.notify on the futex word itself could not do).

import { Lock, MAX_THREADS, type KernelShared } from './shared.js';
import { elapsedMs } from '../host/elapsed.js';

const W_ADDR = 0; // f64 slot: address waited on, or -1
const W_BITSET = 2; // i32 word
const W_WOKEN = 3; // i32 word: 1 once woken by a wake or requeue'd wake
const SLOT_WORDS = 4;
/**
 * After the slots, an i32 word: one more than the highest slot that has ever waited. Wakers scan
 * only that far: a scan of all MAX_THREADS slots was the most expensive JavaScript of a
 * two-thread condition-variable ping-pong (5% of its samples).
 */
const W_SCAN_END = MAX_THREADS * SLOT_WORDS;

export type WaitOutcome = 'woken' | 'mismatch' | 'timeout' | 'interrupted';

export class FutexTable {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(sab?: SharedArrayBuffer) {
    // Two words rather than one after the slots: a Float64Array views the buffer too.
    this.sab = sab ?? new SharedArrayBuffer((MAX_THREADS * SLOT_WORDS + 2) * 4);
    this.i32 = new Int32Array(this.sab);
    this.f64 = new Float64Array(this.sab);
    if (!sab) for (let s = 0; s < MAX_THREADS; s++) this.f64[(s * SLOT_WORDS) / 2 + W_ADDR] = -1;
  }

  private addr(slot: number): number {
    return this.f64[(slot * SLOT_WORDS) / 2 + W_ADDR]!;
  }

  private setAddr(slot: number, a: number): void {
    this.f64[(slot * SLOT_WORDS) / 2 + W_ADDR] = a;
  }

  /**
   * FUTEX_WAIT(_BITSET): sleeps while the 32-bit word at `addr` holds `expected`. `deadline` is a
   * monotonic time in ms (elapsedMs() scale) or null; `interrupted` is checked on every
   * wake-up (pending signal, process exit).
   */
  wait(
    kernel: KernelShared, guest: Int32Array, slot: number, addr: number, expected: number, bitset: number,
    deadline: number | null, wakeWord: number, interrupted: () => boolean,
  ): WaitOutcome {
    const base = slot * SLOT_WORDS;
    const registered = kernel.locked(Lock.Futex, () => {
      if (Atomics.load(guest, addr >>> 2) !== expected) return false;
      this.setAddr(slot, addr);
      if (this.i32[W_SCAN_END]! <= slot) this.i32[W_SCAN_END] = slot + 1;
      this.i32[base + W_BITSET] = bitset;
      Atomics.store(this.i32, base + W_WOKEN, 0);
      return true;
    });
    if (!registered) return 'mismatch';
    const k32 = kernel.i32;
    for (;;) {
      const w0 = Atomics.load(k32, wakeWord);
      if (Atomics.load(this.i32, base + W_WOKEN)) return 'woken';
      if (interrupted()) return this.cancel(kernel, slot) ? 'woken' : 'interrupted';
      const now = elapsedMs();
      if (deadline !== null && now >= deadline) return this.cancel(kernel, slot) ? 'woken' : 'timeout';
      Atomics.wait(k32, wakeWord, w0, deadline === null ? Infinity : deadline - now);
    }
  }

  /** Leaves the queue; returns true if a waker got there first (the wait then succeeded). */
  private cancel(kernel: KernelShared, slot: number): boolean {
    return kernel.locked(Lock.Futex, () => {
      const woken = Atomics.load(this.i32, slot * SLOT_WORDS + W_WOKEN) === 1;
      this.setAddr(slot, -1);
      return woken;
    });
  }

  /** Wakes up to `n` waiters on `addr` whose bitset meets `bitset`; returns how many (lock held). */
  private wakeLocked(kernel: KernelShared, addr: number, n: number, bitset: number, wakeWordOf: (slot: number) => void): number {
    let woken = 0;
    const end = this.i32[W_SCAN_END]!;
    for (let s = 0; s < end && woken < n; s++) {
      if (this.addr(s) !== addr || (this.i32[s * SLOT_WORDS + W_BITSET]! & bitset) === 0) continue;
      this.setAddr(s, -1);
      Atomics.store(this.i32, s * SLOT_WORDS + W_WOKEN, 1);
      wakeWordOf(s);
      woken++;
    }
    return woken;
  }

  wake(kernel: KernelShared, addr: number, n: number, bitset: number): number {
    return kernel.locked(Lock.Futex, () => this.wakeLocked(kernel, addr, n, bitset, (s) => kernel.wakeThread(s)));
  }

  /**
   * FUTEX_(CMP_)REQUEUE: wakes up to `nWake` waiters of `addr` and moves up to `nMove` more to
   * `addr2`. With `expected` non-null, fails (returns -1) unless the word still holds it.
   */
  requeue(kernel: KernelShared, guest: Int32Array, addr: number, nWake: number, nMove: number, addr2: number, expected: number | null): number {
    return kernel.locked(Lock.Futex, () => {
      if (expected !== null && Atomics.load(guest, addr >>> 2) !== expected) return -1;
      const woken = this.wakeLocked(kernel, addr, nWake, -1, (s) => kernel.wakeThread(s));
      let moved = 0;
      const end = this.i32[W_SCAN_END]!;
      for (let s = 0; s < end && moved < nMove; s++) {
        if (this.addr(s) !== addr) continue;
        this.setAddr(s, addr2);
        moved++;
      }
      return woken + moved;
    });
  }

  /**
   * FUTEX_WAKE_OP: atomically applies `op` to the word at addr2, wakes up to n1 waiters of addr1,
   * and, if the old value of addr2 passes the comparison, up to n2 waiters of addr2.
   */
  wakeOp(kernel: KernelShared, guest: Int32Array, addr1: number, n1: number, addr2: number, n2: number, encoded: number): number {
    const op = (encoded >>> 28) & 0xf, cmp = (encoded >>> 24) & 0xf;
    let oparg = (encoded << 8) >> 20; // bits 12-23, sign-extended
    const cmparg = (encoded << 20) >> 20; // bits 0-11, sign-extended
    if (op & 8) oparg = 1 << (oparg & 31); // FUTEX_OP_OPARG_SHIFT
    return kernel.locked(Lock.Futex, () => {
      const idx = addr2 >>> 2;
      let old: number;
      for (;;) {
        old = Atomics.load(guest, idx);
        let next: number;
        switch (op & 7) {
          case 0: next = oparg; break; // SET
          case 1: next = (old + oparg) | 0; break; // ADD
          case 2: next = old | oparg; break; // OR
          case 3: next = old & ~oparg; break; // ANDN
          case 4: next = old ^ oparg; break; // XOR
          default: return -38; // ENOSYS, as Linux for unknown ops
        }
        if (Atomics.compareExchange(guest, idx, old, next) === old) break;
      }
      let woken = this.wakeLocked(kernel, addr1, n1, -1, (s) => kernel.wakeThread(s));
      let pass: boolean;
      switch (cmp) {
        case 0: pass = old === cmparg; break;
        case 1: pass = old !== cmparg; break;
        case 2: pass = old < cmparg; break;
        case 3: pass = old <= cmparg; break;
        case 4: pass = old > cmparg; break;
        case 5: pass = old >= cmparg; break;
        default: return -38;
      }
      if (pass) woken += this.wakeLocked(kernel, addr2, n2, -1, (s) => kernel.wakeThread(s));
      return woken;
    });
  }
}
