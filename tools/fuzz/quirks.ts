// Where qemu-riscv64 (7.2, as in Debian 12) contradicts the RISC-V ISA manual. Such a case is not
// an rvjit bug, so the generator keeps the instruction but steers its operands away from the
// inputs where QEMU is wrong; test/fuzz.test.ts asserts that rvjit follows the manual on exactly
// those inputs, and docs/fuzzing.md describes each entry.

import type { Prng } from './prng.js';
import type { Slot } from './program.js';

export interface Quirk {
  /** The instruction QEMU gets wrong. */
  insn: string;
  /** What the manual says, and what QEMU does instead. */
  manual: string;
  qemu: string;
  /**
   * Helper instructions to run first (writing only `tmp`), and the register the instruction
   * should then read as rs1 instead of `rs1`.
   */
  guard(r: Prng, rs1: number, tmp: number): { slots: Slot[]; rs1: number };
}

export const QUIRKS: readonly Quirk[] = [
  {
    insn: 'ctzw',
    manual: 'ctzw counts the trailing zeros of the low 32 bits of rs1: 32 when they are all zero',
    qemu: 'QEMU 7.2 counts the trailing zeros of all 64 bits when the low 32 are zero and the high ones are not ' +
      '(ctzw of 1<<45 gives 45): trans_ctzw does not set the 32-bit operation length, so its EXT_ZERO ' +
      'source is not zero-extended',
    // Either clear the upper half (results 0..32, including the all-zero low word) or set bit 31
    // (random upper bits, which must not matter): both avoid "low word zero, upper word not".
    guard: (r, rs1, tmp) => (r.chance(0.5)
      ? { slots: [{ name: 'add.uw', fields: { rd: tmp, rs1, rs2: 0 } }], rs1: tmp }
      : { slots: [{ name: 'bseti', fields: { rd: tmp, rs1, imm: 31 } }], rs1: tmp }),
  },
];

export const QUIRK_BY_INSN: ReadonlyMap<string, Quirk> = new Map(QUIRKS.map((q) => [q.insn, q]));
