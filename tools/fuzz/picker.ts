// Registers and immediates for the item generators. Keeps the register invariants in one place:
// writes never go to the base register, the accumulator or the counter of a loop being built.

import type { Prng } from './prng.js';
import { ACC_REG, BASE_REG, SCRATCH_SIZE } from './block.js';

export class OperandPicker {
  private readonly recentX: number[] = [];
  private readonly recentF: number[] = [];

  constructor(private readonly r: Prng) {}

  /** The counter of the loop being generated: reserved like x26/x27 while its body is drawn. */
  loopCounter = -1;

  reserved(v: number): boolean {
    return v === BASE_REG || v === ACC_REG || v === this.loopCounter;
  }

  /** An x register to write: anything but the reserved ones (x0 makes a HINT/no-op). */
  xd(): number {
    const r = this.r;
    let v: number;
    do v = r.below(32); while (this.reserved(v));
    this.remember(this.recentX, v);
    return v;
  }

  /** An x register to read; often one written recently, so results feed further operations. */
  xs(): number {
    return this.recentX.length && this.r.chance(0.3) ? this.r.pick(this.recentX) : this.r.below(32);
  }

  fd(): number {
    const v = this.r.below(32);
    this.remember(this.recentF, v);
    return v;
  }

  fs(): number {
    return this.recentF.length && this.r.chance(0.4) ? this.r.pick(this.recentF) : this.r.below(32);
  }

  private remember(list: number[], v: number): void {
    list.push(v);
    if (list.length > 6) list.shift();
  }

  /** A scratch register for an address: not x0 (it must hold the value) and not reserved. */
  tmp(): number {
    let v: number;
    do v = this.r.range(1, 31); while (this.reserved(v));
    return v;
  }

  /** x8..x15, the registers RVC's three-bit fields can name. */
  tmpPrime(): number {
    return 8 + this.r.below(8);
  }

  rm(): number {
    return this.r.pick([0, 1, 2, 3, 4, 7, 7, 7]);
  }

  imm12(): number {
    const r = this.r;
    switch (r.below(3)) {
      case 0: return r.range(-2048, 2047);
      case 1: return r.range(-16, 16);
      default: return r.pick([-2048, 2047, 0, -1, 1, 0x7ff, 31, 32, 63, 64]);
    }
  }

  imm6(): number {
    return this.r.range(-32, 31);
  }

  shamt(bits: number): number {
    const max = (1 << bits) - 1;
    return this.r.chance(0.3) ? this.r.pick([0, 1, max >> 1, (max >> 1) + 1, max]) : this.r.below(max + 1);
  }

  /** An address offset in the scratch buffer for a `width`-byte access. */
  scratchOffset(width: number, misalignOk: boolean): number {
    const r = this.r;
    if (misalignOk && width > 1 && r.chance(0.25)) return r.below(SCRATCH_SIZE - width + 1);
    return width * r.below(SCRATCH_SIZE / width);
  }

  nonZeroXd(): number {
    let v: number;
    do v = this.xd(); while (v === 0);
    return v;
  }
}
