// A guest thread: a vCPU plus the per-thread kernel state (tid, clear-child-tid word, robust
// list, signal mask). Syscall handlers read their arguments through it.

import type { Vcpu } from '../vcpu/vcpu.js';
import type { LinuxProcess } from './process.js';

export class Thread {
  clearChildTid = 0;
  robustList = 0;
  robustListLen = 0;
  /** Blocked signals (bit n-1 for signal n). */
  sigmask = 0n;
  rseq = 0;
  /** prctl(PR_SET_NAME) / comm: up to 15 bytes. */
  name = '';

  constructor(readonly proc: LinuxProcess, readonly cpu: Vcpu, readonly tid: number) {}

  /** Argument register a0+i. */
  reg(i: number): number {
    return 10 + i;
  }

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
