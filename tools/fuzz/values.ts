// Pools of interesting operand values. Random bits almost never hit the corner cases where
// emulators go wrong (NaN payloads, conversion saturation, INT_MIN/-1...), so initial register
// values, `li` operands and scratch-buffer contents are drawn mostly from these lists.

import type { Prng } from './prng.js';

const M64 = (1n << 64n) - 1n;
/** Two's complement 64-bit pattern of a (possibly negative) bigint. */
export const u64 = (v: bigint): bigint => v & M64;
/** Sign-extends the low 32 bits of v to a 64-bit pattern. */
export const sext32 = (v: bigint): bigint => u64(BigInt.asIntN(32, v));

const f64bits = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
};
const f32bits = (x: number): number => {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return dv.getUint32(0, true);
};
/** A single NaN-boxed in a 64-bit f register: upper 32 bits all ones. */
export const box = (bits32: number): bigint => (0xffffffffn << 32n) | BigInt(bits32 >>> 0);

export const INT_VALUES: readonly bigint[] = [
  0n, 1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 64n, 0xffn, 0x80n, 0x7fffn, 0x8000n, 0xffffn,
  u64(-1n), u64(-2n), u64(-31n), u64(-64n),
  0x7fffffffn, sext32(0x80000000n), 0x80000000n, 0xffffffffn, sext32(0xffffffffn), 0x100000000n, 0x1ffffffffn,
  0x7fffffffffffffffn, 0x8000000000000000n, u64(-0x7fffffffffffffffn),
  0x5555555555555555n, 0xaaaaaaaaaaaaaaaan, 0x0123456789abcdefn, 0xfedcba9876543210n,
  // Integers that float conversions must round: 2^24+1, 2^53+1, and just below/above powers of two.
  0x1000001n, 0x1ffffffn, 0x20000000000001n, 0x3fffffffffffffn, 0xfffffffffffff800n, 0x7ffffffffffffc00n,
  0xffffff7fn, 0x7fffff80n, 0x7fffffbfn,
];

const D = f64bits;
const F = (x: number) => box(f32bits(x));

/** 64-bit f-register patterns: doubles, NaN-boxed singles, and singles that are not NaN-boxed. */
export const FP_VALUES: readonly bigint[] = [
  // doubles
  D(0), D(-0), D(Infinity), D(-Infinity), D(1), D(-1), D(0.5), D(-0.5), D(1.5), D(2.5), D(-2.5), D(3.5), D(0.1), D(-1e300),
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000000123n, 0x7ff0000000000001n, 0x7ff4000000000000n,
  0xfff0000000000001n, 0x7fffffffffffffffn, 0xffffffffffffffffn,
  0x0000000000000001n, 0x000fffffffffffffn, 0x8000000000000001n, 0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
  D(2 ** 31), D(2 ** 31 - 0.5), D(2 ** 31 - 1), D(2 ** 31 + 0.5), D(-(2 ** 31)), D(-(2 ** 31) - 1), D(-(2 ** 31) - 0.5),
  D(-(2 ** 31) + 0.5), D(2 ** 32), D(2 ** 32 - 1), D(2 ** 32 - 0.5), D(-0.75), D(-1.5), D(0.49999999999999994),
  D(2 ** 63), 0x43dfffffffffffffn /* largest double < 2^63 */, D(-(2 ** 63)), 0xc3e0000000000001n, D(2 ** 64),
  0x43efffffffffffffn /* largest double < 2^64 */, D(2 ** 53 + 2), D(2 ** 24 + 1), D(3.4028235677973366e38), D(1.401298464324817e-45),
  D(1.1754943508222875e-38), D(3.4028235677973362e38), 0x36a0000000000000n /* 2^-149 */, 0x369fffffffffffffn,
  // NaN-boxed singles
  F(0), F(-0), F(Infinity), F(-Infinity), F(1), F(-1), F(0.5), F(1.5), F(2.5), F(-2.5), F(-0.5), F(0.1),
  box(0x7fc00000), box(0xffc00000), box(0x7fc00123), box(0x7f800001), box(0x7fa00000), box(0xff800001), box(0x7fffffff),
  box(0xffffffff), box(0x00000001), box(0x007fffff), box(0x80000001), box(0x00800000), box(0x7f7fffff), box(0xff7fffff),
  box(0x4f000000) /* 2^31 */, box(0x4effffff), box(0xcf000000), box(0xcf000001), box(0x4f800000) /* 2^32 */, box(0x4f7fffff),
  box(0x5f000000) /* 2^63 */, box(0x5effffff), box(0xdf000000), box(0xdf000001), box(0x5f800000) /* 2^64 */, box(0x5f7fffff),
  box(0x4b800001), box(0x3effffff), box(0x3f000001),
  // singles whose box is broken: must read as the canonical NaN
  0x000000003f800000n, 0xfffffffe3f800000n, 0x7fffffff00000000n, 0x00000000ffffffffn, 0xfffffffe00000000n, 0x80000000ffc00000n,
];

/** A random int register value, mostly from the pool. */
export function randomInt(r: Prng): bigint {
  switch (r.below(8)) {
    case 0: return r.u64();
    case 1: return sext32(BigInt(r.u32()));
    case 2: return u64(BigInt(r.range(-300, 300)));
    case 3: return 1n << BigInt(r.below(64)) ^ (r.chance(0.5) ? 0n : u64(-1n));
    default: return r.pick(INT_VALUES);
  }
}

/** A random f register pattern, mostly from the pool. */
export function randomFp(r: Prng): bigint {
  switch (r.below(10)) {
    case 0: return r.u64();
    case 1: return box(r.u32());
    case 2: return D(r.range(-1000, 1000) / r.pick([1, 2, 3, 4, 8, 10, 1024]));
    case 3: return F(r.range(-1000, 1000) / r.pick([1, 2, 3, 4, 8, 10, 1024]));
    default: return r.pick(FP_VALUES);
  }
}

/** Scratch-buffer contents: random bytes with special values planted at random aligned spots. */
export function randomScratch(r: Prng, size: number): Uint8Array {
  const buf = r.bytes(size);
  const dv = new DataView(buf.buffer);
  for (let off = 0; off < size; off += 8) {
    switch (r.below(4)) {
      case 0: dv.setBigUint64(off, randomFp(r), true); break;
      case 1: dv.setBigUint64(off, randomInt(r), true); break;
      case 2: dv.setUint32(off + 4 * r.below(2), Number(randomFp(r) & 0xffffffffn), true); break;
      default: break;
    }
  }
  return buf;
}

// Operands for the 'fpedge' items: magnitudes near the subnormal and overflow boundaries, factors
// within an ulp or two of 1, and tie-makers, so that random combinations often produce results
// right at a rounding, tininess or overflow boundary (where the fast paths of an emulator must
// hand over to the exact ones).
const EDGE_F64_MAG: readonly bigint[] = [
  0x0010000000000000n, 0x0010000000000001n, 0x000fffffffffffffn, 0x000ffffffffffffen, 0x0020000000000000n,
  0x0000000000000001n, 0x0008000000000000n, 0x7fefffffffffffffn, 0x7feffffffffffffen, 0x7fe0000000000000n,
  0x3ff0000000000000n, 0x3fefffffffffffffn, 0x3feffffffffffffen, 0x3ff0000000000001n, 0x3ff0000000000002n,
  0x3fe0000000000000n, 0x3fe0000000000001n, 0x4000000000000000n, 0x3ff8000000000000n, 0x3fe8000000000000n,
  0x3ca0000000000000n /* 2^-53 */, 0x3c90000000000000n /* 2^-54 */, 0x3ca8000000000000n, 0x3cb0000000000000n,
  0x4340000000000000n /* 2^53 */, 0x4330000000000001n, 0n, 0x7ff0000000000000n, 0x7ff8000000000000n, 0x7ff4000000000000n,
  // (1/3 rounded down) * 3*2^-1022 is 2^-1022 * (1 - 2^-54): tiny before rounding, not after.
  0x3fd5555555555555n, 0x3fd5555555555556n, 0x0018000000000000n, 0x4008000000000000n, 0x7fd8000000000000n,
];
const EDGE_F32_MAG: readonly number[] = [
  0x00800000, 0x00800001, 0x007fffff, 0x007ffffe, 0x01000000, 0x00000001, 0x00400000, 0x7f7fffff, 0x7f7ffffe, 0x7f000000,
  0x3f800000, 0x3f7fffff, 0x3f7ffffe, 0x3f800001, 0x3f800002, 0x3f000000, 0x3f000001, 0x40000000, 0x3fc00000, 0x3f400000,
  0x33800000 /* 2^-24 */, 0x33000000 /* 2^-25 */, 0x33c00000, 0x34000000, 0x4b800000 /* 2^24 */, 0x4b000001, 0,
  0x7f800000, 0x7fc00000, 0x7fa00000,
  0x3eaaaaaa, 0x3eaaaaab, 0x00c00000 /* 3*2^-126 */, 0x40400000, 0x7ec00000,
];

/** An edge operand: a double's bits, or a single's 32 bits (to be NaN-boxed by fmv.w.x). */
export function edgeOperand(r: Prng, single: boolean): bigint {
  const neg = r.chance(0.3);
  if (single) return BigInt((r.pick(EDGE_F32_MAG) | (neg ? 0x80000000 : 0)) >>> 0);
  return r.pick(EDGE_F64_MAG) | (neg ? 0x8000000000000000n : 0n);
}
