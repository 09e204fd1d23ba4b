// Tests for the exact floating-point slow path (src/jit/softfloat.ts).
//
// Three independent oracles:
//  - the host: JS numbers give correctly rounded RNE binary64 results, and Math.fround of a binary64
//    +,-,*,/,sqrt of binary32 operands is correctly rounded binary32 (53 >= 2*24+2, so the double
//    rounding is innocuous);
//  - an exact rational reference written here (BigInt numerator/denominator, rounding by binary
//    search over bit patterns), used for every rounding mode and for the flags;
//  - hand-derived cases for flags, zero signs, rounding-mode edges and saturation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sf from '../src/jit/softfloat.js';
import { RNE, RTZ, RDN, RUP, RMM, NX, UF, OF, DZ, NV, type Fmt, type FpResult, type IntResult } from '../src/jit/softfloat.js';

const MODES = [RNE, RTZ, RDN, RUP, RMM];
const MODE_NAME = ['RNE', 'RTZ', 'RDN', 'RUP', 'RMM'];
const FMTS: Fmt[] = [32, 64];

// ---------------------------------------------------------------------------------------------
// Format facts, written out independently of the implementation

const INFO = {
  32: { width: 32, frac: 23, expBits: 8, bias: 127, emin: -126, emax: 127 },
  64: { width: 64, frac: 52, expBits: 11, bias: 1023, emin: -1022, emax: 1023 },
} as const;

const SIGN = { 32: 0x80000000n, 64: 0x8000000000000000n } as const;
const INF = { 32: 0x7f800000n, 64: 0x7ff0000000000000n } as const;
const MAXF = { 32: 0x7f7fffffn, 64: 0x7fefffffffffffffn } as const;
const CANON = { 32: 0x7fc00000n, 64: 0x7ff8000000000000n } as const;
const QNAN_PAYLOAD = { 32: 0xffc12345n, 64: 0xfff8000000abcdefn } as const;
const SNAN = { 32: 0x7f800001n, 64: 0x7ff0000000000001n } as const;
const SNAN_NEG = { 32: 0xffa00000n, 64: 0xfff4000000000000n } as const;

function isNaNBits(fmt: Fmt, b: bigint): boolean {
  return (b & ~SIGN[fmt]) > INF[fmt];
}
function isSNaNBits(fmt: Fmt, b: bigint): boolean {
  return isNaNBits(fmt, b) && (b & (1n << BigInt(INFO[fmt].frac - 1))) === 0n;
}
function isInfBits(fmt: Fmt, b: bigint): boolean {
  return (b & ~SIGN[fmt]) === INF[fmt];
}
function signOf(fmt: Fmt, b: bigint): number {
  return (b & SIGN[fmt]) !== 0n ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Host number <-> bits

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function toNum(fmt: Fmt, bits: bigint): number {
  if (fmt === 64) {
    u64[0] = bits;
    return f64[0]!;
  }
  u32[0] = Number(bits);
  return f32[0]!;
}

/** Host result to bits, with any NaN replaced by the canonical NaN (what RISC-V produces). */
function fromNum(fmt: Fmt, x: number): bigint {
  if (Number.isNaN(x)) return CANON[fmt];
  if (fmt === 64) {
    f64[0] = x;
    return u64[0]!;
  }
  f32[0] = x;
  return BigInt(u32[0]!);
}

const d = (x: number): bigint => fromNum(64, x);
const s = (x: number): bigint => fromNum(32, x);

// ---------------------------------------------------------------------------------------------
// Output helpers

const hex = (b: bigint): string => '0x' + BigInt.asUintN(64, b).toString(16);

function flagNames(f: number): string {
  const names: string[] = [];
  if (f & NV) names.push('NV');
  if (f & DZ) names.push('DZ');
  if (f & OF) names.push('OF');
  if (f & UF) names.push('UF');
  if (f & NX) names.push('NX');
  return names.join('|') || '-';
}

function show(r: FpResult): string {
  return `${hex(r.bits)} ${flagNames(r.flags)}`;
}

function expectFp(actual: FpResult, bits: bigint, flags: number, what: string): void {
  assert.equal(show(actual), show({ bits, flags }), what);
}

function expectInt(actual: IntResult, value: bigint, flags: number, what: string): void {
  assert.equal(`${actual.value} ${flagNames(actual.flags)}`, `${value} ${flagNames(flags)}`, what);
}

// ---------------------------------------------------------------------------------------------
// Deterministic random inputs (a fixed seed so failures reproduce)

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  u32(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  bits(n: number): bigint {
    let r = 0n;
    for (let i = 0; i < n; i += 32) r = (r << 32n) | BigInt(this.u32());
    return BigInt.asUintN(n, r);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

function specials(fmt: Fmt): bigint[] {
  const I = INFO[fmt];
  const one = BigInt(I.bias) << BigInt(I.frac);
  const minNormal = 1n << BigInt(I.frac);
  const base = [
    0n, 1n, 2n, 3n, minNormal - 1n, minNormal, minNormal + 1n, one, one + 1n, one - 1n,
    one + (1n << BigInt(I.frac - 1)), MAXF[fmt], MAXF[fmt] - 1n, INF[fmt],
  ];
  const all = base.flatMap((b) => [b, b | SIGN[fmt]]);
  return [...all, CANON[fmt], QNAN_PAYLOAD[fmt], SNAN[fmt], SNAN_NEG[fmt]];
}

function randFloat(rng: Rng, fmt: Fmt): bigint {
  const I = INFO[fmt];
  const sign = rng.int(2) ? SIGN[fmt] : 0n;
  const frac = rng.bits(I.frac);
  const at = (e: number, f: bigint): bigint => sign | (BigInt(e) << BigInt(I.frac)) | f;
  const maxE = (1 << I.expBits) - 2;
  const r = rng.int(100);
  if (r < 20) return rng.bits(I.width);
  if (r < 45) return at(I.bias - 30 + rng.int(61), frac);
  if (r < 60) return at(rng.int(3), frac); // subnormals and the smallest normals
  if (r < 70) return at(maxE - rng.int(3), frac); // near overflow
  if (r < 85) {
    // Few significant bits: makes exact results and exact ties common.
    const keep = rng.int(6);
    const mask = ((1n << BigInt(keep)) - 1n) << BigInt(I.frac - keep);
    return at(1 + rng.int(maxE), frac & mask);
  }
  return rng.pick(specials(fmt));
}

/** A second operand close in magnitude to the first, often of opposite sign (cancellation). */
function randPartner(rng: Rng, fmt: Fmt, a: bigint): bigint {
  if (rng.int(3) !== 0) return randFloat(rng, fmt);
  const flip = rng.int(2) ? SIGN[fmt] : 0n;
  return BigInt.asUintN(INFO[fmt].width, (a ^ flip) + BigInt(rng.int(9) - 4));
}

function randMode(rng: Rng): number {
  return rng.pick(MODES);
}

/** 1 +- a few ulps, either sign. */
function nearOne(rng: Rng, fmt: Fmt): bigint {
  const I = INFO[fmt];
  const sign = rng.int(2) ? SIGN[fmt] : 0n;
  return sign | ((BigInt(I.bias) << BigInt(I.frac)) + BigInt(rng.int(7) - 3));
}

/**
 * The smallest normal +- a few ulps, either sign. Products and quotients of these with nearOne()
 * land right at the underflow threshold, where tininess after rounding differs from before.
 */
function nearMinNormal(rng: Rng, fmt: Fmt): bigint {
  const sign = rng.int(2) ? SIGN[fmt] : 0n;
  return sign | ((1n << BigInt(INFO[fmt].frac)) + BigInt(rng.int(9) - 4));
}

// ---------------------------------------------------------------------------------------------
// Exact rational reference

interface Rat { n: bigint; d: bigint } // d > 0

const rat = (n: bigint, dd: bigint = 1n): Rat => ({ n, d: dd });
const radd = (a: Rat, b: Rat): Rat => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const rmul = (a: Rat, b: Rat): Rat => ({ n: a.n * b.n, d: a.d * b.d });
const rneg = (a: Rat): Rat => ({ n: -a.n, d: a.d });
const rdiv = (a: Rat, b: Rat): Rat => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
function rcmp(a: Rat, b: Rat): number {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
}
function pow2(e: number): Rat {
  return e >= 0 ? rat(1n << BigInt(e)) : rat(1n, 1n << BigInt(-e));
}

/** Value of a finite pattern: m * 2^(max(E,1) - bias - frac). */
function ratOf(fmt: Fmt, bits: bigint): Rat {
  const I = INFO[fmt];
  const e = Number((bits >> BigInt(I.frac)) & ((1n << BigInt(I.expBits)) - 1n));
  assert.ok(e !== (1 << I.expBits) - 1, 'ratOf: not finite');
  const f = bits & ((1n << BigInt(I.frac)) - 1n);
  const m = e === 0 ? f : f | (1n << BigInt(I.frac));
  const v = rmul(rat(m), pow2(Math.max(e, 1) - I.bias - I.frac));
  return signOf(fmt, bits) ? rneg(v) : v;
}

/**
 * Whether a value strictly between two neighbours lo < x < hi (magnitudes) goes to hi.
 * `vsMid` is the sign of x - (lo + hi) / 2.
 */
function goesUp(vsMid: number, mode: number, negative: boolean, loEven: boolean): boolean {
  switch (mode) {
    case RNE: return vsMid > 0 || (vsMid === 0 && !loEven);
    case RMM: return vsMid >= 0;
    case RTZ: return false;
    case RDN: return negative;
    case RUP: return !negative;
  }
  throw new Error('bad mode');
}

function vsMidpoint(x: Rat, lo: Rat, hi: Rat): number {
  return rcmp(rmul(x, rat(2n)), radd(lo, hi));
}

/** Reference rounding of a non-zero exact value, for all five modes (indexed by mode). */
function refRound(fmt: Fmt, x: Rat): FpResult[] {
  const I = INFO[fmt];
  const negative = x.n < 0n;
  const ax = negative ? rneg(x) : x;
  const sign = negative ? SIGN[fmt] : 0n;

  // Positive finite patterns are ordered like their values: find the largest one <= |x|.
  let lo = 0n;
  let hi = MAXF[fmt];
  while (lo < hi) {
    const mid = (lo + hi + 1n) >> 1n;
    if (rcmp(ratOf(fmt, mid), ax) <= 0) lo = mid;
    else hi = mid - 1n;
  }
  const below = lo;
  const belowVal = ratOf(fmt, below);
  const exact = rcmp(belowVal, ax) === 0;
  const beyond = pow2(I.emax + 1); // the first value an unbounded exponent would add

  const minNormal = pow2(I.emin);
  const lastTiny = radd(minNormal, rneg(pow2(I.emin - I.frac - 1))); // largest full-precision value below it

  return MODES.map((mode): FpResult => {
    if (exact) return { bits: sign | below, flags: 0 };
    const overflow = (): FpResult => {
      const toInf = mode === RNE || mode === RMM || (mode === RUP && !negative) || (mode === RDN && negative);
      return { bits: sign | (toInf ? INF[fmt] : MAXF[fmt]), flags: OF | NX };
    };
    if (rcmp(ax, beyond) >= 0) return overflow();
    const aboveVal = below === MAXF[fmt] ? beyond : ratOf(fmt, below + 1n);
    const up = goesUp(vsMidpoint(ax, belowVal, aboveVal), mode, negative, (below & 1n) === 0n);
    if (up && below === MAXF[fmt]) return overflow();
    // Tiny after rounding: rounding to full precision with unbounded exponent stays below 2^emin.
    const tiny = rcmp(ax, minNormal) < 0 &&
      !(rcmp(ax, lastTiny) > 0 && goesUp(vsMidpoint(ax, lastTiny, minNormal), mode, negative, false));
    return { bits: sign | (up ? below + 1n : below), flags: NX | (tiny ? UF : 0) };
  });
}

/** Exact result to expected outputs; a zero result gets the sign `zeroNegative(mode)`. */
function refExact(fmt: Fmt, x: Rat, zeroNegative: (mode: number) => boolean): FpResult[] {
  if (x.n !== 0n) return refRound(fmt, x);
  return MODES.map((mode) => ({ bits: zeroNegative(mode) ? SIGN[fmt] : 0n, flags: 0 }));
}

/** Sign of an exact-zero sum of terms with signs sa, sb: kept if equal, else -0 only when rounding down. */
const sumZeroSign = (sa: number, sb: number) => (mode: number): boolean => (sa === sb ? sa === 1 : mode === RDN);

function isFiniteBits(fmt: Fmt, b: bigint): boolean {
  return !isNaNBits(fmt, b) && !isInfBits(fmt, b);
}

function isZero(fmt: Fmt, b: bigint): boolean {
  return (b & ~SIGN[fmt]) === 0n;
}

// ---------------------------------------------------------------------------------------------
// 1. RNE against the host

type HostOp = (x: number, y: number) => number;

function hostBinary(fmt: Fmt, op: HostOp, a: bigint, b: bigint): bigint {
  const r = op(toNum(fmt, a), toNum(fmt, b));
  return fromNum(fmt, fmt === 32 ? Math.fround(r) : r);
}

const BINARY: Array<[string, (fmt: Fmt, a: bigint, b: bigint, rm: number) => FpResult, HostOp]> = [
  ['fadd', sf.fadd, (x, y) => x + y],
  ['fsub', sf.fsub, (x, y) => x - y],
  ['fmul', sf.fmul, (x, y) => x * y],
  ['fdiv', sf.fdiv, (x, y) => x / y],
];

for (const fmt of FMTS) {
  for (const [name, op, host] of BINARY) {
    test(`${name}.${fmt} RNE matches the host on random and special operands`, () => {
      const rng = new Rng(0x1234 + fmt + name.length * 7 + name.charCodeAt(1));
      const sp = specials(fmt);
      const pairs: Array<[bigint, bigint]> = [];
      for (const a of sp) for (const b of sp) pairs.push([a, b]);
      for (let i = 0; i < 6000; i++) {
        const a = randFloat(rng, fmt);
        pairs.push([a, randPartner(rng, fmt, a)]);
      }
      for (const [a, b] of pairs) {
        const got = op(fmt, a, b, RNE);
        assert.equal(hex(got.bits), hex(hostBinary(fmt, host, a, b)), `${name}.${fmt}(${hex(a)}, ${hex(b)})`);
      }
    });
  }

  test(`fsqrt.${fmt} RNE matches the host`, () => {
    const rng = new Rng(77 + fmt);
    const inputs = [...specials(fmt)];
    for (let i = 0; i < 6000; i++) inputs.push(randFloat(rng, fmt));
    for (const a of inputs) {
      const want = fromNum(fmt, fmt === 32 ? Math.fround(Math.sqrt(toNum(fmt, a))) : Math.sqrt(toNum(fmt, a)));
      assert.equal(hex(sf.fsqrt(fmt, a, RNE).bits), hex(want), `fsqrt.${fmt}(${hex(a)})`);
    }
  });

  test(`feq/flt/fle.${fmt} match the host ordering`, () => {
    const rng = new Rng(99 + fmt);
    const sp = specials(fmt);
    const pairs: Array<[bigint, bigint]> = [];
    for (const a of sp) for (const b of sp) pairs.push([a, b]);
    for (let i = 0; i < 3000; i++) {
      const a = randFloat(rng, fmt);
      pairs.push([a, rng.int(4) === 0 ? a : randPartner(rng, fmt, a)]);
    }
    for (const [a, b] of pairs) {
      const x = toNum(fmt, a);
      const y = toNum(fmt, b);
      const anyNaN = isNaNBits(fmt, a) || isNaNBits(fmt, b);
      const anySNaN = isSNaNBits(fmt, a) || isSNaNBits(fmt, b);
      const what = `(${hex(a)}, ${hex(b)})`;
      expectInt(sf.feq(fmt, a, b), x === y ? 1n : 0n, anySNaN ? NV : 0, `feq${what}`);
      expectInt(sf.flt(fmt, a, b), x < y ? 1n : 0n, anyNaN ? NV : 0, `flt${what}`);
      expectInt(sf.fle(fmt, a, b), x <= y ? 1n : 0n, anyNaN ? NV : 0, `fle${what}`);
    }
  });
}

test('conversions in RNE match the host', () => {
  const rng = new Rng(4242);
  for (let i = 0; i < 5000; i++) {
    const a64 = randFloat(rng, 64);
    const a32 = randFloat(rng, 32);
    assert.equal(hex(sf.fcvtF64ToF32(a64, RNE).bits), hex(fromNum(32, Math.fround(toNum(64, a64)))), `fcvt.s.d ${hex(a64)}`);
    assert.equal(hex(sf.fcvtF32ToF64(a32).bits), hex(fromNum(64, toNum(32, a32))), `fcvt.d.s ${hex(a32)}`);

    const x = rng.bits(64);
    // Number(bigint) rounds to nearest-even, so it is a binary64 oracle for any integer.
    assert.equal(hex(sf.fcvtFromInt(64, x, 64, true, RNE).bits), hex(d(Number(BigInt.asIntN(64, x)))), `fcvt.d.l ${x}`);
    assert.equal(hex(sf.fcvtFromInt(64, x, 64, false, RNE).bits), hex(d(Number(x))), `fcvt.d.lu ${x}`);
    // 32-bit integers are exact in binary64, so fround rounds them once.
    assert.equal(hex(sf.fcvtFromInt(32, x, 32, true, RNE).bits), hex(s(Number(BigInt.asIntN(32, x)))), `fcvt.s.w ${x}`);
    assert.equal(hex(sf.fcvtFromInt(32, x, 32, false, RNE).bits), hex(s(Number(BigInt.asUintN(32, x)))), `fcvt.s.wu ${x}`);
    assert.equal(hex(sf.fcvtFromInt(64, x, 32, false, RNE).bits), hex(d(Number(BigInt.asUintN(32, x)))), `fcvt.d.wu ${x}`);

    // RTZ float -> int is Math.trunc when in range.
    for (const fmt of FMTS) {
      const a = fmt === 64 ? a64 : a32;
      const v = toNum(fmt, a);
      if (!Number.isFinite(v)) continue;
      const t = BigInt(Math.trunc(v));
      if (t >= -(1n << 31n) && t < 1n << 31n) {
        expectInt(sf.fcvtToInt(fmt, a, 32, true, RTZ), t, Number.isInteger(v) ? 0 : NX, `fcvt.w ${hex(a)}`);
      }
      if (t >= -(1n << 63n) && t < 1n << 63n) {
        expectInt(sf.fcvtToInt(fmt, a, 64, true, RTZ), t, Number.isInteger(v) ? 0 : NX, `fcvt.l ${hex(a)}`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 2. All rounding modes and flags against the rational reference

/** What the expected results of a randomized test covered, so a weak generator cannot pass silently. */
class Coverage {
  exact = 0;
  inexact = 0;
  underflow = 0;
  overflow = 0;
  /** Tiny before rounding yet not after: rounded up to the smallest normal without UF. */
  roundedToNormal = 0;
  /** RNE and RMM differ, i.e. an exact tie was hit. */
  tie = 0;

  note(fmt: Fmt, expected: FpResult[]): void {
    for (const r of expected) {
      if (r.flags === 0) this.exact++;
      if (r.flags & NX) this.inexact++;
      if (r.flags & UF) this.underflow++;
      if (r.flags & OF) this.overflow++;
      if ((r.bits & ~SIGN[fmt]) === 1n << BigInt(INFO[fmt].frac) && r.flags === NX) this.roundedToNormal++;
    }
    if (expected[RNE]!.bits !== expected[RMM]!.bits) this.tie++;
  }

  require(...what: Array<'exact' | 'inexact' | 'underflow' | 'overflow' | 'roundedToNormal' | 'tie'>): void {
    for (const w of what) assert.ok(this[w] > 0, `random inputs never produced a case of kind '${w}'`);
  }
}

function checkAllModes(actual: (rm: number) => FpResult, expected: FpResult[], what: string, cov?: { fmt: Fmt; c: Coverage }): void {
  cov?.c.note(cov.fmt, expected);
  for (const mode of MODES) {
    expectFp(actual(mode), expected[mode]!.bits, expected[mode]!.flags, `${what} ${MODE_NAME[mode]}`);
  }
}

test('the rational reference agrees with the host in RNE (sanity check of the oracle)', () => {
  const rng = new Rng(5);
  for (let i = 0; i < 400; i++) {
    for (const fmt of FMTS) {
      const a = randFloat(rng, fmt);
      const b = randPartner(rng, fmt, a);
      if (!isFiniteBits(fmt, a) || !isFiniteBits(fmt, b) || isZero(fmt, b)) continue;
      const q = rdiv(ratOf(fmt, a), ratOf(fmt, b));
      if (q.n === 0n) continue;
      assert.equal(hex(refRound(fmt, q)[RNE]!.bits), hex(hostBinary(fmt, (x, y) => x / y, a, b)));
    }
  }
});

for (const fmt of FMTS) {
  test(`fadd/fsub.${fmt}: every mode and flag matches the exact reference`, () => {
    const rng = new Rng(1000 + fmt);
    const c = new Coverage();
    for (let i = 0; i < 3000; i++) {
      const a = randFloat(rng, fmt);
      const b = randPartner(rng, fmt, a);
      if (!isFiniteBits(fmt, a) || !isFiniteBits(fmt, b)) continue;
      const sa = signOf(fmt, a);
      const sb = signOf(fmt, b);
      const sum = radd(ratOf(fmt, a), ratOf(fmt, b));
      checkAllModes((rm) => sf.fadd(fmt, a, b, rm), refExact(fmt, sum, sumZeroSign(sa, sb)), `fadd.${fmt}(${hex(a)}, ${hex(b)})`, { fmt, c });
      const diff = radd(ratOf(fmt, a), rneg(ratOf(fmt, b)));
      checkAllModes((rm) => sf.fsub(fmt, a, b, rm), refExact(fmt, diff, sumZeroSign(sa, 1 - sb)), `fsub.${fmt}(${hex(a)}, ${hex(b)})`, { fmt, c });
    }
    // Sums of subnormals are always exact, so addition can never underflow.
    c.require('exact', 'inexact', 'overflow', 'tie');
  });

  test(`fmul.${fmt}: every mode and flag matches the exact reference`, () => {
    const rng = new Rng(2000 + fmt);
    const c = new Coverage();
    for (let i = 0; i < 3000; i++) {
      let a = randFloat(rng, fmt);
      let b = randFloat(rng, fmt);
      const r = rng.int(4);
      if (r === 0) {
        // Exponents that cancel to around the underflow threshold.
        b = BigInt.asUintN(INFO[fmt].width, (MAXF[fmt] >> 1n) - (a & ~SIGN[fmt]) + rng.bits(INFO[fmt].frac - 2));
      } else if (r === 1) {
        [a, b] = [nearOne(rng, fmt), nearMinNormal(rng, fmt)];
      }
      if (!isFiniteBits(fmt, a) || !isFiniteBits(fmt, b)) continue;
      const negative = signOf(fmt, a) !== signOf(fmt, b);
      const p = rmul(ratOf(fmt, a), ratOf(fmt, b));
      checkAllModes((rm) => sf.fmul(fmt, a, b, rm), refExact(fmt, p, () => negative), `fmul.${fmt}(${hex(a)}, ${hex(b)})`, { fmt, c });
    }
    c.require('exact', 'inexact', 'underflow', 'overflow', 'roundedToNormal', 'tie');
  });

  test(`fdiv.${fmt}: every mode and flag matches the exact reference`, () => {
    const rng = new Rng(3000 + fmt);
    const c = new Coverage();
    for (let i = 0; i < 3000; i++) {
      let a = randFloat(rng, fmt);
      let b = randPartner(rng, fmt, a);
      const r = rng.int(5);
      if (r === 0) [a, b] = [nearMinNormal(rng, fmt), nearOne(rng, fmt)];
      // Quotients can only tie when subnormal: a few quanta over a power of two.
      if (r === 1) [a, b] = [BigInt(rng.int(64)), fromNum(fmt, rng.pick([2, -2, 4, -4]))];
      if (!isFiniteBits(fmt, a) || !isFiniteBits(fmt, b) || isZero(fmt, b)) continue;
      const negative = signOf(fmt, a) !== signOf(fmt, b);
      const q = rdiv(ratOf(fmt, a), ratOf(fmt, b));
      checkAllModes((rm) => sf.fdiv(fmt, a, b, rm), refExact(fmt, q, () => negative), `fdiv.${fmt}(${hex(a)}, ${hex(b)})`, { fmt, c });
    }
    c.require('exact', 'inexact', 'underflow', 'overflow', 'roundedToNormal', 'tie');
  });

  test(`ffma.${fmt} (all four variants): every mode and flag matches the exact reference`, () => {
    const rng = new Rng(4000 + fmt);
    const cov = new Coverage();
    for (let i = 0; i < 3000; i++) {
      let a = randFloat(rng, fmt);
      let b = randFloat(rng, fmt);
      let c = randFloat(rng, fmt);
      if (!isFiniteBits(fmt, a) || !isFiniteBits(fmt, b)) continue;
      const r = rng.int(5);
      if (r === 0) {
        // A product at the underflow threshold nudged by a few subnormal quanta.
        [a, b] = [nearOne(rng, fmt), nearMinNormal(rng, fmt)];
        c = (rng.int(2) ? SIGN[fmt] : 0n) | BigInt(rng.int(16));
      } else if (r <= 2) {
        // An addend near -(a*b) exposes the single rounding through massive cancellation.
        const p = sf.fmul(fmt, a, b, RNE).bits;
        c = BigInt.asUintN(INFO[fmt].width, (p ^ SIGN[fmt]) + BigInt(rng.int(5) - 2));
      }
      if (!isFiniteBits(fmt, c)) continue;
      const negProduct = rng.int(2) === 1;
      const negAddend = rng.int(2) === 1;
      const ps = signOf(fmt, a) ^ signOf(fmt, b) ^ (negProduct ? 1 : 0);
      const cs = signOf(fmt, c) ^ (negAddend ? 1 : 0);
      let prod = rmul(ratOf(fmt, a), ratOf(fmt, b));
      if (negProduct) prod = rneg(prod);
      const addend = negAddend ? rneg(ratOf(fmt, c)) : ratOf(fmt, c);
      checkAllModes(
        (rm) => sf.ffma(fmt, a, b, c, negProduct, negAddend, rm),
        refExact(fmt, radd(prod, addend), sumZeroSign(ps, cs)),
        `ffma.${fmt}(${hex(a)}, ${hex(b)}, ${hex(c)}, ${negProduct}, ${negAddend})`,
        { fmt, c: cov },
      );
    }
    cov.require('exact', 'inexact', 'underflow', 'overflow', 'roundedToNormal', 'tie');
  });

  test(`fsqrt.${fmt}: every mode brackets the exact root`, () => {
    const rng = new Rng(5000 + fmt);
    for (let i = 0; i < 1500; i++) {
      const a = randFloat(rng, fmt) & ~SIGN[fmt];
      if (!isFiniteBits(fmt, a) || isZero(fmt, a)) continue;
      const x = ratOf(fmt, a);
      for (const mode of MODES) {
        const r = sf.fsqrt(fmt, a, mode);
        const what = `fsqrt.${fmt}(${hex(a)}) ${MODE_NAME[mode]} -> ${show(r)}`;
        assert.ok(isFiniteBits(fmt, r.bits) && signOf(fmt, r.bits) === 0 && !isZero(fmt, r.bits), what);
        const sq = (v: Rat) => rmul(v, v);
        const here = ratOf(fmt, r.bits);
        const prev = ratOf(fmt, r.bits - 1n);
        const next = ratOf(fmt, r.bits + 1n);
        const exact = rcmp(sq(here), x) === 0;
        assert.equal(r.flags, exact ? 0 : NX, what);
        if (exact) continue;
        const half = (p: Rat, q: Rat) => rmul(radd(p, q), rat(1n, 2n));
        if (mode === RTZ || mode === RDN) {
          assert.ok(rcmp(sq(here), x) < 0 && rcmp(x, sq(next)) < 0, what);
        } else if (mode === RUP) {
          assert.ok(rcmp(sq(prev), x) < 0 && rcmp(x, sq(here)) < 0, what);
        } else {
          // A square root is never exactly halfway between two floats, so ties cannot occur.
          assert.ok(rcmp(sq(half(prev, here)), x) < 0 && rcmp(x, sq(half(here, next))) < 0, what);
        }
      }
    }
  });

  test(`fcvtToInt.${fmt}: every mode, width and signedness matches the exact reference`, () => {
    const rng = new Rng(6000 + fmt);
    const inputs = [...specials(fmt)];
    for (let i = 0; i < 800; i++) {
      // Values around the integer ranges' edges, plus small values with fractions.
      const e = rng.pick([0, 1, 2, 5, 30, 31, 32, 33, 62, 63, 64, 65]);
      const v = rmul(rat(BigInt(rng.int(1 << 30)) + 1n, 1n << 30n), pow2(e));
      const r = refRound(fmt, rng.int(2) ? rneg(v) : v);
      inputs.push(r[randMode(rng)]!.bits, randFloat(rng, fmt));
    }
    for (const a of inputs) {
      for (const [width, signed] of [[32, true], [32, false], [64, true], [64, false]] as const) {
        for (const mode of MODES) {
          const want = refToInt(fmt, a, width, signed, mode);
          expectInt(sf.fcvtToInt(fmt, a, width, signed, mode), want.value, want.flags,
            `fcvt${signed ? '' : 'u'}${width}.${fmt}(${hex(a)}) ${MODE_NAME[mode]}`);
        }
      }
    }
  });

  test(`fcvtFromInt.${fmt}: every mode matches the exact reference`, () => {
    const rng = new Rng(7000 + fmt);
    for (let i = 0; i < 1500; i++) {
      // Random magnitudes of every size, so both exact and rounded conversions occur.
      const x = rng.bits(64) >> BigInt(rng.int(64));
      const reg = rng.int(2) ? BigInt.asUintN(64, -x) : x;
      for (const [width, signed] of [[32, true], [32, false], [64, true], [64, false]] as const) {
        const v = signed ? BigInt.asIntN(width, reg) : BigInt.asUintN(width, reg);
        checkAllModes((rm) => sf.fcvtFromInt(fmt, reg, width, signed, rm), refExact(fmt, rat(v), () => false),
          `fcvtFromInt.${fmt}(${hex(reg)}, ${width}, ${signed})`);
      }
    }
  });
}

test('fcvtF64ToF32: every mode and flag matches the exact reference', () => {
  const rng = new Rng(8000);
  const c = new Coverage();
  for (let i = 0; i < 3000; i++) {
    let a = randFloat(rng, 64);
    const r = rng.int(3);
    if (r === 0) {
      // Concentrate on binary32's range, including its subnormals and overflow threshold.
      const e = 1023 - 160 + rng.int(300);
      a = (a & 0x800fffffffffffffn) | (BigInt(e) << 52n);
    } else if (r === 1) {
      // Just below binary32's smallest normal, 2^-126, with bits beyond binary32's precision.
      a = (a & SIGN[64]) | ((BigInt(1023 - 127) << 52n) | (0xfffffffffffffn - rng.bits(rng.int(40))));
    } else if (r === 2) {
      // One bit more than binary32 keeps (in its normal range), so exact ties are common.
      const frac = rng.bits(52) & ~((1n << 28n) - 1n);
      a = (a & SIGN[64]) | (BigInt(1023 - 100 + rng.int(200)) << 52n) | frac;
    }
    if (!isFiniteBits(64, a)) continue;
    const negative = signOf(64, a) === 1;
    checkAllModes((rm) => sf.fcvtF64ToF32(a, rm), refExact(32, ratOf(64, a), () => negative), `fcvt.s.d(${hex(a)})`, { fmt: 32, c });
  }
  c.require('exact', 'inexact', 'underflow', 'overflow', 'roundedToNormal', 'tie');
});

/** Reference float -> integer conversion, straight from the RISC-V table of invalid results. */
function refToInt(fmt: Fmt, a: bigint, width: 32 | 64, signed: boolean, mode: number): IntResult {
  const W = BigInt(width);
  const min = signed ? -(1n << (W - 1n)) : 0n;
  const max = signed ? (1n << (W - 1n)) - 1n : (1n << W) - 1n;
  // 32-bit results are written sign-extended, whatever the signedness.
  const reg = (v: bigint): bigint => (v >= 1n << (W - 1n) ? v - (1n << W) : v);
  if (isNaNBits(fmt, a)) return { value: reg(max), flags: NV };
  if (isInfBits(fmt, a)) return { value: reg(signOf(fmt, a) ? min : max), flags: NV };
  const x = ratOf(fmt, a);
  const negative = x.n < 0n;
  const n = negative ? -x.n : x.n;
  let m = n / x.d;
  const rem = n - m * x.d;
  if (rem !== 0n) {
    const vsMid = rcmp(rat(2n * rem), rat(x.d));
    if (goesUp(vsMid, mode, negative, (m & 1n) === 0n)) m += 1n;
  }
  const v = negative ? -m : m;
  if (v < min) return { value: reg(min), flags: NV };
  if (v > max) return { value: reg(max), flags: NV };
  return { value: reg(v), flags: rem !== 0n ? NX : 0 };
}

// ---------------------------------------------------------------------------------------------
// 3. Hand-derived cases

test('flags on hand-derived cases', () => {
  expectFp(sf.fdiv(64, d(1), d(3), RNE), 0x3fd5555555555555n, NX, '1/3');
  expectFp(sf.fdiv(32, s(1), s(3), RNE), 0x3eaaaaabn, NX, '1/3 single');
  expectFp(sf.fmul(64, d(1e308), d(10), RNE), INF[64], OF | NX, '1e308*10');
  expectFp(sf.fadd(64, d(1e308), d(1e308), RNE), INF[64], OF | NX, '1e308+1e308');
  expectFp(sf.fdiv(64, 1n, d(2), RNE), 0n, UF | NX, 'min subnormal / 2');
  expectFp(sf.fdiv(32, 1n, s(2), RNE), 0n, UF | NX, 'min subnormal / 2 single');
  expectFp(sf.fmul(64, 1n | SIGN[64], d(0.5), RNE), SIGN[64], UF | NX, '-min subnormal / 2 keeps its sign');
  expectFp(sf.fmul(64, 3n, d(0.5), RNE), 2n, UF | NX, '1.5 subnormal quanta rounds to even');
  expectFp(sf.fmul(64, 0x0010000000000000n, d(0.5), RNE), 0x0008000000000000n, 0, 'exact subnormal: no UF');
  expectFp(sf.fadd(64, 3n, 5n, RNE), 8n, 0, 'subnormal sums are exact');
  expectFp(sf.fdiv(64, d(0), d(0), RNE), CANON[64], NV, '0/0');
  expectFp(sf.fdiv(32, s(0), s(0), RNE), CANON[32], NV, '0/0 single');
  expectFp(sf.fdiv(64, INF[64], INF[64] | SIGN[64], RNE), CANON[64], NV, 'inf/-inf');
  expectFp(sf.fdiv(64, d(1), d(0), RNE), INF[64], DZ, '1/0');
  expectFp(sf.fdiv(64, d(-1), d(0), RNE), INF[64] | SIGN[64], DZ, '-1/0');
  expectFp(sf.fdiv(32, s(1), s(-0), RNE), INF[32] | SIGN[32], DZ, '1/-0 single');
  expectFp(sf.fdiv(64, INF[64], d(0), RNE), INF[64], 0, 'inf/0 is not a division by zero');
  expectFp(sf.fdiv(64, d(5), INF[64] | SIGN[64], RNE), SIGN[64], 0, '5/-inf');
  expectFp(sf.fadd(64, INF[64], INF[64] | SIGN[64], RNE), CANON[64], NV, 'inf + -inf');
  expectFp(sf.fsub(32, INF[32], INF[32], RNE), CANON[32], NV, 'inf - inf');
  expectFp(sf.fsub(32, INF[32], INF[32] | SIGN[32], RNE), INF[32], 0, 'inf - -inf');
  expectFp(sf.fmul(64, d(0), INF[64] | SIGN[64], RNE), CANON[64], NV, '0 * -inf');
  expectFp(sf.fmul(64, d(-2), INF[64], RNE), INF[64] | SIGN[64], 0, '-2 * inf');
  expectFp(sf.fsqrt(64, d(-1), RNE), CANON[64], NV, 'sqrt(-1)');
  expectFp(sf.fsqrt(64, INF[64] | SIGN[64], RNE), CANON[64], NV, 'sqrt(-inf)');
  expectFp(sf.fsqrt(64, d(-0), RNE), SIGN[64], 0, 'sqrt(-0)');
  expectFp(sf.fsqrt(32, 1n | SIGN[32], RNE), CANON[32], NV, 'sqrt(-min subnormal)');
  expectFp(sf.fsqrt(64, d(2), RNE), d(Math.SQRT2), NX, 'sqrt(2)');
  expectFp(sf.fsqrt(32, s(16), RNE), s(4), 0, 'sqrt(16)');
  expectFp(sf.fsqrt(64, INF[64], RNE), INF[64], 0, 'sqrt(inf)');
});

test('NaN inputs give the canonical NaN; only signaling NaNs (or invalid operations) raise NV', () => {
  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    for (const [name, op] of BINARY) {
      // Zero operands matter: 0/qNaN and qNaN*0 must not be mistaken for 0/0 or 0*inf.
      expectFp(op(fmt, QNAN_PAYLOAD[fmt], 0n, RNE), CANON[fmt], 0, `${name} qNaN, 0`);
      expectFp(op(fmt, 0n, QNAN_PAYLOAD[fmt], RNE), CANON[fmt], 0, `${name} 0, qNaN`);
      expectFp(op(fmt, one, SNAN[fmt], RNE), CANON[fmt], NV, `${name} 1, sNaN`);
      expectFp(op(fmt, SNAN_NEG[fmt], QNAN_PAYLOAD[fmt], RNE), CANON[fmt], NV, `${name} sNaN, qNaN`);
      expectFp(op(fmt, INF[fmt], CANON[fmt], RNE), CANON[fmt], 0, `${name} inf, qNaN`);
    }
    expectFp(sf.fsqrt(fmt, QNAN_PAYLOAD[fmt], RNE), CANON[fmt], 0, 'sqrt qNaN');
    expectFp(sf.fsqrt(fmt, SNAN[fmt], RNE), CANON[fmt], NV, 'sqrt sNaN');
  }
});

test('signed zeros', () => {
  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    const neg = (b: bigint) => b ^ SIGN[fmt];
    const Z = 0n;
    const NZ = SIGN[fmt];
    for (const mode of MODES) {
      const m = `${fmt} ${MODE_NAME[mode]}`;
      const cancel = mode === RDN ? NZ : Z;
      expectFp(sf.fadd(fmt, one, neg(one), mode), cancel, 0, `1 + -1 ${m}`);
      expectFp(sf.fsub(fmt, one, one, mode), cancel, 0, `1 - 1 ${m}`);
      expectFp(sf.fadd(fmt, Z, NZ, mode), cancel, 0, `+0 + -0 ${m}`);
      expectFp(sf.fsub(fmt, Z, Z, mode), cancel, 0, `+0 - +0 ${m}`);
      expectFp(sf.fadd(fmt, NZ, NZ, mode), NZ, 0, `-0 + -0 ${m}`);
      expectFp(sf.fsub(fmt, NZ, Z, mode), NZ, 0, `-0 - +0 ${m}`);
      expectFp(sf.fadd(fmt, Z, Z, mode), Z, 0, `+0 + +0 ${m}`);
      expectFp(sf.fadd(fmt, NZ, one, mode), one, 0, `-0 + 1 ${m}`);
      expectFp(sf.fmul(fmt, NZ, one, mode), NZ, 0, `-0 * 1 ${m}`);
      expectFp(sf.fmul(fmt, NZ, neg(one), mode), Z, 0, `-0 * -1 ${m}`);
      expectFp(sf.fdiv(fmt, Z, neg(one), mode), NZ, 0, `0 / -1 ${m}`);
      expectFp(sf.fsqrt(fmt, NZ, mode), NZ, 0, `sqrt(-0) ${m}`);
      // fma zero signs: the product's sign counts even when the product is zero.
      expectFp(sf.ffma(fmt, Z, neg(one), Z, false, false, mode), cancel, 0, `fmadd(0,-1,+0) ${m}`);
      expectFp(sf.ffma(fmt, Z, one, Z, true, true, mode), NZ, 0, `fnmadd(0,1,0) ${m}`);
      expectFp(sf.ffma(fmt, NZ, one, NZ, false, false, mode), NZ, 0, `fmadd(-0,1,-0) ${m}`);
      expectFp(sf.ffma(fmt, Z, one, Z, false, true, mode), cancel, 0, `fmsub(0,1,0) ${m}`);
      expectFp(sf.ffma(fmt, one, one, neg(one), false, false, mode), cancel, 0, `fmadd(1,1,-1) ${m}`);
      expectFp(sf.fcvtFromInt(fmt, 0n, 64, true, mode), Z, 0, `fcvt from integer 0 ${m}`);
    }
  }
});

/** [description, fmt, op, expected bits for RNE, RTZ, RDN, RUP, RMM, expected flags per mode]. */
type ModeCase = [string, Fmt, (rm: number) => FpResult, bigint[], number[]];

const sameFlags = (f: number): number[] => [f, f, f, f, f];

const MODE_CASES: ModeCase[] = [
  // 1/3 = 0.0101..., below the halfway point in both formats.
  ['1/3 double', 64, (rm) => sf.fdiv(64, d(1), d(3), rm),
    [0x3fd5555555555555n, 0x3fd5555555555555n, 0x3fd5555555555555n, 0x3fd5555555555556n, 0x3fd5555555555555n], sameFlags(NX)],
  ['-1/3 double', 64, (rm) => sf.fdiv(64, d(-1), d(3), rm),
    [0xbfd5555555555555n, 0xbfd5555555555555n, 0xbfd5555555555556n, 0xbfd5555555555555n, 0xbfd5555555555555n], sameFlags(NX)],
  // In binary32, 1/3 is above the halfway point.
  ['1/3 single', 32, (rm) => sf.fdiv(32, s(1), s(3), rm),
    [0x3eaaaaabn, 0x3eaaaaaan, 0x3eaaaaaan, 0x3eaaaaabn, 0x3eaaaaabn], sameFlags(NX)],
  ['-1/3 single', 32, (rm) => sf.fdiv(32, s(-1), s(3), rm),
    [0xbeaaaaabn, 0xbeaaaaaan, 0xbeaaaaabn, 0xbeaaaaaan, 0xbeaaaaabn], sameFlags(NX)],
  // Exact ties: 1 + half an ulp (even below), 1 + 1.5 ulp (even above).
  ['1 + 2^-53', 64, (rm) => sf.fadd(64, d(1), d(2 ** -53), rm),
    [0x3ff0000000000000n, 0x3ff0000000000000n, 0x3ff0000000000000n, 0x3ff0000000000001n, 0x3ff0000000000001n], sameFlags(NX)],
  ['-1 - 2^-53', 64, (rm) => sf.fadd(64, d(-1), d(-(2 ** -53)), rm),
    [0xbff0000000000000n, 0xbff0000000000000n, 0xbff0000000000001n, 0xbff0000000000000n, 0xbff0000000000001n], sameFlags(NX)],
  ['1 + 3*2^-53', 64, (rm) => sf.fadd(64, d(1), d(3 * 2 ** -53), rm),
    [0x3ff0000000000002n, 0x3ff0000000000001n, 0x3ff0000000000001n, 0x3ff0000000000002n, 0x3ff0000000000002n], sameFlags(NX)],
  ['1 + 2^-24 single', 32, (rm) => sf.fadd(32, 0x3f800000n, 0x33800000n, rm),
    [0x3f800000n, 0x3f800000n, 0x3f800000n, 0x3f800001n, 0x3f800001n], sameFlags(NX)],
  ['1 + 3*2^-24 single', 32, (rm) => sf.fadd(32, 0x3f800000n, 0x34400000n, rm),
    [0x3f800002n, 0x3f800001n, 0x3f800001n, 0x3f800002n, 0x3f800002n], sameFlags(NX)],
  // Overflow: directed modes stop at the largest finite number on their side.
  ['max * 2 single', 32, (rm) => sf.fmul(32, MAXF[32], s(2), rm),
    [INF[32], MAXF[32], MAXF[32], INF[32], INF[32]], sameFlags(OF | NX)],
  ['-max * 2 single', 32, (rm) => sf.fmul(32, MAXF[32] | SIGN[32], s(2), rm),
    [0xff800000n, 0xff7fffffn, 0xff800000n, 0xff7fffffn, 0xff800000n], sameFlags(OF | NX)],
  ['max * 2 double', 64, (rm) => sf.fmul(64, MAXF[64], d(2), rm),
    [INF[64], MAXF[64], MAXF[64], INF[64], INF[64]], sameFlags(OF | NX)],
  ['-max - max double', 64, (rm) => sf.fsub(64, MAXF[64] | SIGN[64], MAXF[64], rm),
    [0xfff0000000000000n, 0xffefffffffffffffn, 0xfff0000000000000n, 0xffefffffffffffffn, 0xfff0000000000000n], sameFlags(OF | NX)],
  // max + 1 only overflows when rounding up.
  ['max + 1 single', 32, (rm) => sf.fadd(32, MAXF[32], s(1), rm),
    [MAXF[32], MAXF[32], MAXF[32], INF[32], MAXF[32]], [NX, NX, NX, OF | NX, NX]],
  // max + half an ulp is a tie: RNE goes to the "even" 2^128, i.e. overflows.
  ['max + ulp/2 single', 32, (rm) => sf.fadd(32, MAXF[32], 0x73000000n, rm),
    [INF[32], MAXF[32], MAXF[32], INF[32], INF[32]], [OF | NX, NX, NX, OF | NX, OF | NX]],
  // Underflow to zero or to the smallest subnormal.
  ['minsub / 2 double', 64, (rm) => sf.fmul(64, 1n, d(0.5), rm),
    [0n, 0n, 0n, 1n, 1n], sameFlags(UF | NX)],
  ['-minsub / 2 double', 64, (rm) => sf.fmul(64, 1n | SIGN[64], d(0.5), rm),
    [SIGN[64], SIGN[64], 1n | SIGN[64], SIGN[64], 1n | SIGN[64]], sameFlags(UF | NX)],
  ['minsub / 3 single', 32, (rm) => sf.fdiv(32, 1n, s(3), rm),
    [0n, 0n, 0n, 1n, 0n], sameFlags(UF | NX)],
  // (1 + 2^-52) * max subnormal = 2^-1022 * (1 - 2^-104): tiny before rounding, but rounding to
  // 53 bits with unbounded exponent reaches 2^-1022 in RNE/RUP/RMM, so no UF there.
  ['just below min normal double', 64, (rm) => sf.fmul(64, 0x3ff0000000000001n, 0x000fffffffffffffn, rm),
    [0x0010000000000000n, 0x000fffffffffffffn, 0x000fffffffffffffn, 0x0010000000000000n, 0x0010000000000000n],
    [NX, UF | NX, UF | NX, NX, NX]],
  ['just below min normal single', 32, (rm) => sf.fmul(32, 0x3f800001n, 0x007fffffn, rm),
    [0x00800000n, 0x007fffffn, 0x007fffffn, 0x00800000n, 0x00800000n],
    [NX, UF | NX, UF | NX, NX, NX]],
  // (1 - 2^-53) * 2^-1022 = 2^-1022 - 2^-1075 is representable in 53 bits, so it is tiny after
  // rounding too: UF even when the delivered result is the smallest normal.
  ['min normal - 2^-1075', 64, (rm) => sf.fmul(64, 0x3fefffffffffffffn, 0x0010000000000000n, rm),
    [0x0010000000000000n, 0x000fffffffffffffn, 0x000fffffffffffffn, 0x0010000000000000n, 0x0010000000000000n],
    sameFlags(UF | NX)],
  // Integer conversions.
  ['fcvt.s.w 2^24+1', 32, (rm) => sf.fcvtFromInt(32, 16777217n, 32, true, rm),
    [0x4b800000n, 0x4b800000n, 0x4b800000n, 0x4b800001n, 0x4b800001n], sameFlags(NX)],
  ['fcvt.s.w -(2^24+1)', 32, (rm) => sf.fcvtFromInt(32, -16777217n, 32, true, rm),
    [0xcb800000n, 0xcb800000n, 0xcb800001n, 0xcb800000n, 0xcb800001n], sameFlags(NX)],
  ['fcvt.s.wu 2^32-1', 32, (rm) => sf.fcvtFromInt(32, -1n, 32, false, rm),
    [0x4f800000n, 0x4f7fffffn, 0x4f7fffffn, 0x4f800000n, 0x4f800000n], sameFlags(NX)],
  ['fcvt.d.l 2^53+1', 64, (rm) => sf.fcvtFromInt(64, 2n ** 53n + 1n, 64, true, rm),
    [0x4340000000000000n, 0x4340000000000000n, 0x4340000000000000n, 0x4340000000000001n, 0x4340000000000001n], sameFlags(NX)],
  ['fcvt.d.lu 2^64-1', 64, (rm) => sf.fcvtFromInt(64, -1n, 64, false, rm),
    [0x43f0000000000000n, 0x43efffffffffffffn, 0x43efffffffffffffn, 0x43f0000000000000n, 0x43f0000000000000n], sameFlags(NX)],
  // Narrowing.
  ['fcvt.s.d 1/3', 32, (rm) => sf.fcvtF64ToF32(0x3fd5555555555555n, rm),
    [0x3eaaaaabn, 0x3eaaaaaan, 0x3eaaaaaan, 0x3eaaaaabn, 0x3eaaaaabn], sameFlags(NX)],
  ['fcvt.s.d 1e300', 32, (rm) => sf.fcvtF64ToF32(d(1e300), rm),
    [INF[32], MAXF[32], MAXF[32], INF[32], INF[32]], sameFlags(OF | NX)],
  ['fcvt.s.d -1e-300', 32, (rm) => sf.fcvtF64ToF32(d(-1e-300), rm),
    [SIGN[32], SIGN[32], SIGN[32] | 1n, SIGN[32], SIGN[32]], sameFlags(UF | NX)],
  ['sqrt(2) single', 32, (rm) => sf.fsqrt(32, s(2), rm),
    [0x3fb504f3n, 0x3fb504f3n, 0x3fb504f3n, 0x3fb504f4n, 0x3fb504f3n], sameFlags(NX)],
];

test('all five rounding modes on hand-derived cases', () => {
  for (const [what, , op, bits, flags] of MODE_CASES) {
    for (const mode of MODES) expectFp(op(mode), bits[mode]!, flags[mode]!, `${what} ${MODE_NAME[mode]}`);
  }
});

test('fma: fused results differ from unfused ones, and invalid cases', () => {
  // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; the rounded product is 1, so unfused gives 0.
  const a = 0x3ff0000000000001n;
  const b = 0x3feffffffffffffen;
  expectFp(sf.ffma(64, a, b, d(-1), false, false, RNE), 0xb970000000000000n, 0, 'fused double');
  expectFp(sf.fadd(64, sf.fmul(64, a, b, RNE).bits, d(-1), RNE), 0n, 0, 'unfused double');
  expectFp(sf.ffma(64, a, b, d(1), true, false, RNE), 0x3970000000000000n, 0, 'fnmsub double');
  expectFp(sf.ffma(32, 0x3f800001n, 0x3f7ffffen, s(-1), false, false, RNE), 0xa8800000n, 0, 'fused single');
  expectFp(sf.fadd(32, sf.fmul(32, 0x3f800001n, 0x3f7ffffen, RNE).bits, s(-1), RNE), 0n, 0, 'unfused single');
  // 2*max - max is max exactly; the unfused product would overflow.
  expectFp(sf.ffma(64, MAXF[64], d(2), MAXF[64], false, true, RNE), MAXF[64], 0, 'fmsub no intermediate overflow');
  expectFp(sf.fmul(64, MAXF[64], d(2), RNE), INF[64], OF | NX, 'unfused product overflows');
  // Tiny product plus a big addend: the product only contributes to rounding.
  expectFp(sf.ffma(64, 1n, 1n, d(1), false, false, RUP), 0x3ff0000000000001n, NX, 'fmadd(minsub, minsub, 1) RUP');
  expectFp(sf.ffma(64, 1n, 1n, d(1), false, false, RNE), d(1), NX, 'fmadd(minsub, minsub, 1) RNE');
  expectFp(sf.ffma(64, 1n, 1n, d(1), false, true, RNE), d(-1), NX, 'fmsub(minsub, minsub, 1) RNE');
  expectFp(sf.ffma(64, 1n, 1n, d(1), false, true, RTZ), 0xbfefffffffffffffn, NX, 'fmsub(minsub, minsub, 1) RTZ');

  // The four variants.
  const [two, three, one] = [d(2), d(3), d(1)];
  expectFp(sf.ffma(64, two, three, one, false, false, RNE), d(7), 0, 'fmadd');
  expectFp(sf.ffma(64, two, three, one, false, true, RNE), d(5), 0, 'fmsub');
  expectFp(sf.ffma(64, two, three, one, true, false, RNE), d(-5), 0, 'fnmsub');
  expectFp(sf.ffma(64, two, three, one, true, true, RNE), d(-7), 0, 'fnmadd');

  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    const z = 0n;
    const inf = INF[fmt];
    const ninf = INF[fmt] | SIGN[fmt];
    expectFp(sf.ffma(fmt, z, inf, QNAN_PAYLOAD[fmt], false, false, RNE), CANON[fmt], NV, '0 * inf + qNaN');
    expectFp(sf.ffma(fmt, ninf, z, CANON[fmt], true, true, RNE), CANON[fmt], NV, '-inf * 0 + qNaN');
    expectFp(sf.ffma(fmt, inf, z, one, false, false, RNE), CANON[fmt], NV, 'inf * 0 + 1');
    expectFp(sf.ffma(fmt, inf, one, ninf, false, false, RNE), CANON[fmt], NV, 'inf*1 + -inf');
    expectFp(sf.ffma(fmt, inf, one, inf, false, true, RNE), CANON[fmt], NV, 'fmsub inf*1 - inf');
    expectFp(sf.ffma(fmt, inf, one, inf, true, true, RNE), ninf, 0, 'fnmadd inf*1, inf');
    expectFp(sf.ffma(fmt, one, one, ninf, false, false, RNE), ninf, 0, '1*1 + -inf');
    expectFp(sf.ffma(fmt, one, one, inf, false, true, RNE), ninf, 0, 'fmsub 1*1 - inf');
    expectFp(sf.ffma(fmt, one, one, SNAN[fmt], false, false, RNE), CANON[fmt], NV, '1*1 + sNaN');
    expectFp(sf.ffma(fmt, SNAN[fmt], one, one, false, false, RNE), CANON[fmt], NV, 'sNaN*1 + 1');
    expectFp(sf.ffma(fmt, one, one, QNAN_PAYLOAD[fmt], false, false, RNE), CANON[fmt], 0, '1*1 + qNaN');
    expectFp(sf.ffma(fmt, QNAN_PAYLOAD[fmt], z, inf, false, false, RNE), CANON[fmt], 0, 'qNaN*0 + inf');
    expectFp(sf.ffma(fmt, MAXF[fmt], MAXF[fmt], one, false, false, RTZ), MAXF[fmt], OF | NX, 'fma overflow RTZ');
    expectFp(sf.ffma(fmt, MAXF[fmt], MAXF[fmt], one, false, false, RNE), inf, OF | NX, 'fma overflow RNE');
  }
});

type CvtCase = [Fmt, bigint, 32 | 64, boolean, number, bigint, number];

const CVT_CASES: CvtCase[] = [
  // fcvt.w.d
  [64, d(2147483647), 32, true, RNE, 2147483647n, 0],
  [64, d(2147483647.5), 32, true, RTZ, 2147483647n, NX],
  [64, d(2147483647.5), 32, true, RNE, 2147483647n, NV],
  [64, d(2147483648), 32, true, RTZ, 2147483647n, NV],
  [64, d(-2147483648), 32, true, RNE, -2147483648n, 0],
  [64, d(-2147483648.5), 32, true, RTZ, -2147483648n, NX],
  [64, d(-2147483648.5), 32, true, RNE, -2147483648n, NX],
  [64, d(-2147483648.5), 32, true, RDN, -2147483648n, NV],
  [64, d(-2147483648.5), 32, true, RMM, -2147483648n, NV],
  [64, d(-2147483649), 32, true, RTZ, -2147483648n, NV],
  [64, CANON[64], 32, true, RNE, 2147483647n, NV],
  [64, QNAN_PAYLOAD[64], 32, true, RNE, 2147483647n, NV],
  [64, INF[64], 32, true, RNE, 2147483647n, NV],
  [64, INF[64] | SIGN[64], 32, true, RNE, -2147483648n, NV],
  [64, d(-0), 32, true, RDN, 0n, 0],
  [64, d(2.5), 32, true, RNE, 2n, NX],
  [64, d(2.5), 32, true, RMM, 3n, NX],
  [64, d(2.5), 32, true, RTZ, 2n, NX],
  [64, d(2.5), 32, true, RUP, 3n, NX],
  [64, d(-2.5), 32, true, RMM, -3n, NX],
  [64, d(-2.5), 32, true, RUP, -2n, NX],
  [64, d(-2.5), 32, true, RDN, -3n, NX],
  [64, d(1.5), 32, true, RNE, 2n, NX],
  [64, d(0.5), 32, true, RNE, 0n, NX],
  // fcvt.wu.d: the 32-bit result is sign-extended into rd.
  [64, d(4294967295), 32, false, RNE, -1n, 0],
  [64, d(4294967296), 32, false, RNE, -1n, NV],
  [64, d(4294967295.5), 32, false, RTZ, -1n, NX],
  [64, d(4294967295.5), 32, false, RUP, -1n, NV],
  [64, d(3e9), 32, false, RNE, -1294967296n, 0],
  [64, d(2147483648), 32, false, RNE, -2147483648n, 0],
  [64, d(-1), 32, false, RNE, 0n, NV],
  [64, d(-0.3), 32, false, RTZ, 0n, NX],
  [64, d(-0.3), 32, false, RDN, 0n, NV],
  [64, d(-0.5), 32, false, RNE, 0n, NX],
  [64, d(-0.5), 32, false, RMM, 0n, NV],
  [64, CANON[64], 32, false, RNE, -1n, NV],
  [64, INF[64] | SIGN[64], 32, false, RNE, 0n, NV],
  // fcvt.l.d
  [64, d(2 ** 63), 64, true, RNE, 2n ** 63n - 1n, NV],
  [64, d(2 ** 63 - 1024), 64, true, RNE, 2n ** 63n - 1024n, 0],
  [64, d(-(2 ** 63)), 64, true, RNE, -(2n ** 63n), 0],
  [64, d(-(2 ** 63) - 2048), 64, true, RNE, -(2n ** 63n), NV],
  [64, CANON[64], 64, true, RNE, 2n ** 63n - 1n, NV],
  [64, INF[64], 64, true, RNE, 2n ** 63n - 1n, NV],
  [64, INF[64] | SIGN[64], 64, true, RNE, -(2n ** 63n), NV],
  [64, MAXF[64], 64, true, RNE, 2n ** 63n - 1n, NV],
  // fcvt.lu.d: results are 64-bit patterns, shown as signed.
  [64, d(2 ** 64), 64, false, RNE, -1n, NV],
  [64, d(2 ** 64 - 2048), 64, false, RNE, -2048n, 0],
  [64, d(2 ** 63), 64, false, RNE, -(2n ** 63n), 0],
  [64, d(-1), 64, false, RNE, 0n, NV],
  [64, d(-0.75), 64, false, RTZ, 0n, NX],
  [64, CANON[64], 64, false, RNE, -1n, NV],
  [64, INF[64] | SIGN[64], 64, false, RNE, 0n, NV],
  // Single-precision sources.
  [32, s(2 ** 31), 32, true, RNE, 2147483647n, NV],
  [32, s(2 ** 31 - 128), 32, true, RNE, 2147483520n, 0],
  [32, s(-(2 ** 31)), 32, true, RNE, -2147483648n, 0],
  [32, s(3e9), 32, false, RNE, -1294967296n, 0],
  [32, s(2 ** 32 - 256), 32, false, RNE, -256n, 0],
  [32, s(2 ** 32), 32, false, RNE, -1n, NV],
  [32, s(-1), 32, false, RNE, 0n, NV],
  [32, s(2 ** 63), 64, true, RNE, 2n ** 63n - 1n, NV],
  [32, s(-(2 ** 63)), 64, true, RNE, -(2n ** 63n), 0],
  [32, s(2 ** 64), 64, false, RNE, -1n, NV],
  [32, s(2 ** 64 - 2 ** 40), 64, false, RNE, -(2n ** 40n), 0],
  [32, SNAN[32], 64, false, RNE, -1n, NV],
  [32, SNAN_NEG[32], 32, true, RNE, 2147483647n, NV],
  [32, 1n, 32, true, RUP, 1n, NX],
  [32, 1n | SIGN[32], 32, true, RDN, -1n, NX],
  [32, 1n | SIGN[32], 64, false, RDN, 0n, NV],
  [32, 1n | SIGN[32], 64, false, RUP, 0n, NX],
];

test('float -> integer conversions at the saturation edges', () => {
  for (const [fmt, a, width, signed, rm, value, flags] of CVT_CASES) {
    expectInt(sf.fcvtToInt(fmt, a, width, signed, rm), value, flags,
      `fcvt.${signed ? '' : 'u'}${width} from f${fmt} ${hex(a)} ${MODE_NAME[rm]}`);
  }
});

test('integer -> float uses only the low 32 bits for 32-bit sources', () => {
  expectFp(sf.fcvtFromInt(64, 0x100000005n, 32, true, RNE), d(5), 0, 'fcvt.d.w ignores the upper half');
  expectFp(sf.fcvtFromInt(64, 0xffffffffn, 32, true, RNE), d(-1), 0, 'fcvt.d.w of 0xffffffff');
  expectFp(sf.fcvtFromInt(64, -1n, 32, false, RNE), d(4294967295), 0, 'fcvt.d.wu of -1');
  expectFp(sf.fcvtFromInt(64, 0x80000000n, 32, true, RNE), d(-2147483648), 0, 'fcvt.d.w of INT_MIN');
  expectFp(sf.fcvtFromInt(32, -(2n ** 63n), 64, true, RNE), s(-(2 ** 63)), 0, 'fcvt.s.l of INT64_MIN');
  expectFp(sf.fcvtFromInt(32, 0xffffffffn, 64, true, RNE), s(4294967295), NX, 'fcvt.s.l of 2^32-1');
});

test('float <-> float conversions', () => {
  expectFp(sf.fcvtF32ToF64(SNAN[32]), CANON[64], NV, 'fcvt.d.s sNaN');
  expectFp(sf.fcvtF32ToF64(QNAN_PAYLOAD[32]), CANON[64], 0, 'fcvt.d.s qNaN drops the payload');
  expectFp(sf.fcvtF32ToF64(1n), 0x36a0000000000000n, 0, 'fcvt.d.s of the smallest subnormal');
  expectFp(sf.fcvtF32ToF64(SIGN[32]), SIGN[64], 0, 'fcvt.d.s -0');
  expectFp(sf.fcvtF32ToF64(INF[32] | SIGN[32]), INF[64] | SIGN[64], 0, 'fcvt.d.s -inf');
  expectFp(sf.fcvtF64ToF32(SNAN[64], RNE), CANON[32], NV, 'fcvt.s.d sNaN');
  expectFp(sf.fcvtF64ToF32(QNAN_PAYLOAD[64], RNE), CANON[32], 0, 'fcvt.s.d qNaN');
  expectFp(sf.fcvtF64ToF32(SIGN[64], RUP), SIGN[32], 0, 'fcvt.s.d -0');
  expectFp(sf.fcvtF64ToF32(INF[64], RTZ), INF[32], 0, 'fcvt.s.d inf is not an overflow');
  expectFp(sf.fcvtF64ToF32(0x36a0000000000000n, RNE), 1n, 0, 'fcvt.s.d exact subnormal');
  expectFp(sf.fcvtF64ToF32(d(2 ** -150), RNE), 0n, UF | NX, 'fcvt.s.d half the smallest subnormal ties to 0');
  expectFp(sf.fcvtF64ToF32(d(2 ** -150 * 1.5), RNE), 1n, UF | NX, 'fcvt.s.d above the tie');
});

test('fmin/fmax: NaNs, signaling NaNs and signed zeros', () => {
  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    const two = fmt === 64 ? d(2) : s(2);
    const negOne = one | SIGN[fmt];
    const negTwo = two | SIGN[fmt];
    const q = QNAN_PAYLOAD[fmt];
    const sn = SNAN[fmt];
    const Z = 0n;
    const NZ = SIGN[fmt];
    const cases: Array<[string, (a: bigint, b: bigint) => FpResult, bigint, bigint, bigint, number]> = [
      ['fmin', (a, b) => sf.fmin(fmt, a, b), sn, one, one, NV],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), one, sn, one, NV],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), sn, negOne, negOne, NV],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), q, one, one, 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), one, q, one, 0],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), q, q, CANON[fmt], 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), q, sn, CANON[fmt], NV],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), sn, SNAN_NEG[fmt], CANON[fmt], NV],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), NZ, Z, NZ, 0],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), Z, NZ, NZ, 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), NZ, Z, Z, 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), Z, NZ, Z, 0],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), negOne, negTwo, negTwo, 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), negOne, negTwo, negOne, 0],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), INF[fmt] | SIGN[fmt], one, INF[fmt] | SIGN[fmt], 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), INF[fmt], MAXF[fmt], INF[fmt], 0],
      ['fmin', (a, b) => sf.fmin(fmt, a, b), 1n, 2n, 1n, 0],
      ['fmax', (a, b) => sf.fmax(fmt, a, b), 1n | SIGN[fmt], Z, Z, 0],
    ];
    for (const [name, op, a, b, bits, flags] of cases) {
      expectFp(op(a, b), bits, flags, `${name}.${fmt}(${hex(a)}, ${hex(b)})`);
    }
  }
});

test('fmin/fmax agree with the host on random non-NaN operands', () => {
  const rng = new Rng(31337);
  for (let i = 0; i < 3000; i++) {
    for (const fmt of FMTS) {
      const a = randFloat(rng, fmt);
      const b = randPartner(rng, fmt, a);
      if (isNaNBits(fmt, a) || isNaNBits(fmt, b)) continue;
      // Math.min/max order -0 below +0 too.
      assert.equal(hex(sf.fmin(fmt, a, b).bits), hex(fromNum(fmt, Math.min(toNum(fmt, a), toNum(fmt, b)))));
      assert.equal(hex(sf.fmax(fmt, a, b).bits), hex(fromNum(fmt, Math.max(toNum(fmt, a), toNum(fmt, b)))));
    }
  }
});

test('comparisons: hand-derived NaN and zero cases', () => {
  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    const q = CANON[fmt];
    const sn = SNAN[fmt];
    expectInt(sf.feq(fmt, q, one), 0n, 0, 'feq qNaN is quiet');
    expectInt(sf.feq(fmt, q, q), 0n, 0, 'feq qNaN, qNaN');
    expectInt(sf.feq(fmt, one, sn), 0n, NV, 'feq sNaN signals');
    expectInt(sf.flt(fmt, q, one), 0n, NV, 'flt qNaN signals');
    expectInt(sf.fle(fmt, one, q), 0n, NV, 'fle qNaN signals');
    expectInt(sf.fle(fmt, sn, sn), 0n, NV, 'fle sNaN');
    expectInt(sf.feq(fmt, SIGN[fmt], 0n), 1n, 0, 'feq -0 +0');
    expectInt(sf.flt(fmt, SIGN[fmt], 0n), 0n, 0, 'flt -0 +0');
    expectInt(sf.fle(fmt, 0n, SIGN[fmt]), 1n, 0, 'fle +0 -0');
    expectInt(sf.flt(fmt, INF[fmt] | SIGN[fmt], MAXF[fmt] | SIGN[fmt]), 1n, 0, 'flt -inf -max');
    expectInt(sf.flt(fmt, 1n | SIGN[fmt], 0n), 1n, 0, 'flt -minsub +0');
  }
});

test('fclass', () => {
  for (const fmt of FMTS) {
    const one = fmt === 64 ? d(1) : s(1);
    const cases: Array<[bigint, number]> = [
      [INF[fmt] | SIGN[fmt], 0], [one | SIGN[fmt], 1], [MAXF[fmt] | SIGN[fmt], 1], [1n | SIGN[fmt], 2],
      [SIGN[fmt], 3], [0n, 4], [1n, 5], [(1n << BigInt(INFO[fmt].frac)) - 1n, 5],
      [1n << BigInt(INFO[fmt].frac), 6], [one, 6], [INF[fmt], 7],
      [SNAN[fmt], 8], [SNAN_NEG[fmt], 8], [CANON[fmt], 9], [QNAN_PAYLOAD[fmt], 9],
    ];
    for (const [a, bit] of cases) assert.equal(sf.fclass(fmt, a), 1n << BigInt(bit), `fclass.${fmt}(${hex(a)})`);
  }
});

test('rounding modes outside 0..4 are rejected', () => {
  assert.throws(() => sf.fadd(64, 0n, 0n, 5), RangeError);
  assert.throws(() => sf.fcvtToInt(32, 0n, 32, true, 7), RangeError);
});
