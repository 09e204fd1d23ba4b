// Integer operations wasm lacks, emitted inline into region code: the high half of a 64 x 64-bit
// product (mulh, mulhu, mulhsu) and the byte reversal rev8. Inline rather than as helper calls
// because a call inside a loop makes V8 keep the loop's values in stack slots (Go's hashing and
// its division by constants run mulhu in tight loops).

import type { Code } from '../wasm/code.js';

export type MulHigh = 'mulh' | 'mulhu' | 'mulhsu';

/**
 * Pushes the high 64 bits of a * b, where a and b are in the i64 locals t[0] and t[1] (left
 * unchanged); t[2..4] are scratch i64 locals. The unsigned product comes from four 32 x 32-bit
 * partial products; reading a negative operand as unsigned adds 2^64 * other to the product, so
 * the signed forms subtract the other operand for each negative signed operand.
 */
export function emitMulHigh(c: Code, kind: MulHigh, t: readonly number[]): void {
  const [A, B, LL, LH, HL] = t as [number, number, number, number, number];
  const lo = (x: number) => c.get(x).i64Const(0xffffffff).i64And();
  const hi = (x: number) => c.get(x).i64Const(32).i64ShrU();
  lo(A); lo(B); c.i64Mul().set(LL);
  lo(A); hi(B); c.i64Mul().set(LH);
  hi(A); lo(B); c.i64Mul().set(HL);
  hi(A); hi(B); c.i64Mul();
  hi(LH); c.i64Add();
  hi(HL); c.i64Add();
  // carry out of the middle column
  hi(LL); lo(LH); c.i64Add(); lo(HL); c.i64Add().i64Const(32).i64ShrU();
  c.i64Add();
  if (kind === 'mulhu') return;
  c.get(B).i64Const(0).get(A).i64Const(0).i64LtS().select().i64Sub();
  if (kind === 'mulh') c.get(A).i64Const(0).get(B).i64Const(0).i64LtS().select().i64Sub();
}

/** Pushes the i64 in local `t` with its bytes reversed. */
export function emitRev8(c: Code, t: number): void {
  c.get(t).i64Const(8).i64ShrU().i64ConstBig(0x00ff00ff00ff00ffn).i64And();
  c.get(t).i64ConstBig(0x00ff00ff00ff00ffn).i64And().i64Const(8).i64Shl().i64Or().set(t);
  c.get(t).i64Const(16).i64ShrU().i64ConstBig(0x0000ffff0000ffffn).i64And();
  c.get(t).i64ConstBig(0x0000ffff0000ffffn).i64And().i64Const(16).i64Shl().i64Or();
  c.i64Const(32).i64Rotl();
}
