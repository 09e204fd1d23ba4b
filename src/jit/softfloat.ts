// Bit-exact IEEE 754 binary32/binary64 arithmetic with RISC-V F/D semantics: the JIT's exact slow
// path. Every finite operand is unpacked to sign * sig * 2^exp with an integer (BigInt) significand,
// the operation's exact result (or, for div/sqrt, enough bits of it plus a sticky bit) is computed,
// and a single routine (roundPack) does all rounding, overflow, subnormal and flag handling, so the
// subtle rules live in exactly one place.

export const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
export const NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;

export type Fmt = 32 | 64;
export interface FpResult { bits: bigint; flags: number }
/** `value` is the integer as written to rd (32-bit results sign-extended), as a signed BigInt. */
export interface IntResult { value: bigint; flags: number }

// ---------------------------------------------------------------------------------------------
// Formats

interface Format {
  width: 32 | 64;
  fracBits: number;
  /** Significand bits including the hidden bit. */
  precision: number;
  bias: number;
  /** Exponent of the smallest normal number. */
  emin: number;
  /** Exponent of the largest finite number. */
  emax: number;
  /** The all-ones biased exponent (inf/NaN). */
  maxBiased: bigint;
  signBit: bigint;
  fracMask: bigint;
  hidden: bigint;
  canonicalNaN: bigint;
}

function makeFormat(width: 32 | 64, expBits: number, fracBits: number): Format {
  const bias = (1 << (expBits - 1)) - 1;
  return {
    width, fracBits, precision: fracBits + 1, bias,
    emin: 1 - bias, emax: bias,
    maxBiased: (1n << BigInt(expBits)) - 1n,
    signBit: 1n << BigInt(width - 1),
    fracMask: (1n << BigInt(fracBits)) - 1n,
    hidden: 1n << BigInt(fracBits),
    // RISC-V's canonical NaN: positive, quiet bit set, rest of the payload zero.
    canonicalNaN: (((1n << BigInt(expBits)) - 1n) << BigInt(fracBits)) | (1n << BigInt(fracBits - 1)),
  };
}

const F32 = makeFormat(32, 8, 23);
const F64 = makeFormat(64, 11, 52);

function format(fmt: Fmt): Format {
  if (fmt === 32) return F32;
  if (fmt === 64) return F64;
  throw new RangeError(`softfloat: unsupported format ${String(fmt)}`);
}

function checkRm(rm: number): void {
  // Reserved encodings and DYN must be resolved (or trapped) by the caller.
  if (!(rm === RNE || rm === RTZ || rm === RDN || rm === RUP || rm === RMM)) {
    throw new RangeError(`softfloat: invalid rounding mode ${rm}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Unpacking and packing

type Kind = 'zero' | 'finite' | 'inf' | 'nan';

interface Unpacked {
  kind: Kind;
  sign: 0 | 1;
  /** For 'finite': |value| = sig * 2^exp with sig > 0. For 'zero': sig = 0. */
  sig: bigint;
  exp: number;
  signaling: boolean;
}

function unpack(f: Format, raw: bigint): Unpacked {
  const bits = BigInt.asUintN(f.width, raw);
  const sign: 0 | 1 = (bits & f.signBit) !== 0n ? 1 : 0;
  const biased = (bits >> BigInt(f.fracBits)) & f.maxBiased;
  const frac = bits & f.fracMask;
  const subnormalExp = f.emin - f.fracBits;
  if (biased === f.maxBiased) {
    if (frac === 0n) return { kind: 'inf', sign, sig: 0n, exp: 0, signaling: false };
    const quiet = (frac >> BigInt(f.fracBits - 1)) !== 0n;
    return { kind: 'nan', sign, sig: 0n, exp: 0, signaling: !quiet };
  }
  if (biased === 0n) {
    // Zeros get the subnormal exponent too, so aligning against them never needs huge shifts.
    return { kind: frac === 0n ? 'zero' : 'finite', sign, sig: frac, exp: subnormalExp, signaling: false };
  }
  return { kind: 'finite', sign, sig: frac | f.hidden, exp: Number(biased) - f.bias - f.fracBits, signaling: false };
}

function packZero(f: Format, sign: number): bigint {
  return sign ? f.signBit : 0n;
}

function packInf(f: Format, sign: number): bigint {
  return (sign ? f.signBit : 0n) | (f.maxBiased << BigInt(f.fracBits));
}

function packMaxFinite(f: Format, sign: number): bigint {
  return (sign ? f.signBit : 0n) | ((f.maxBiased - 1n) << BigInt(f.fracBits)) | f.fracMask;
}

function nanResult(f: Format, flags: number): FpResult {
  return { bits: f.canonicalNaN, flags };
}

function isSNaN(u: Unpacked): boolean {
  return u.kind === 'nan' && u.signaling;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

// ---------------------------------------------------------------------------------------------
// Rounding

/**
 * Rounds sig / 2^shift to an integer per rm (sign is the sign of the full value, which the
 * directed modes need). A non-positive shift is an exact left shift.
 */
function roundShift(sig: bigint, shift: number, sign: number, rm: number): { q: bigint; inexact: boolean } {
  if (shift <= 0) return { q: sig << BigInt(-shift), inexact: false };
  const s = BigInt(shift);
  const q = sig >> s;
  const rem = sig & ((1n << s) - 1n);
  if (rem === 0n) return { q, inexact: false };
  const half = 1n << (s - 1n);
  let up: boolean;
  switch (rm) {
    case RNE: up = rem > half || (rem === half && (q & 1n) === 1n); break;
    case RMM: up = rem >= half; break;
    case RTZ: up = false; break;
    case RDN: up = sign === 1; break;
    case RUP: up = sign === 0; break;
    default: throw new RangeError(`softfloat: invalid rounding mode ${rm}`);
  }
  return { q: up ? q + 1n : q, inexact: true };
}

function overflowResult(f: Format, sign: number, rm: number): FpResult {
  // Modes that round away from the overflowing value's direction stop at the largest finite number.
  const toInfinity = rm === RNE || rm === RMM || (rm === RUP && sign === 0) || (rm === RDN && sign === 1);
  return { bits: toInfinity ? packInf(f, sign) : packMaxFinite(f, sign), flags: OF | NX };
}

/**
 * RISC-V detects tininess after rounding: the value rounded to full precision as if the exponent
 * range were unbounded is below the smallest normal. `top` is the exponent of sig's leading bit.
 */
function tinyAfterRounding(f: Format, sig: bigint, exp: number, top: number, sign: number, rm: number): boolean {
  // Rounding to `precision` bits never drops below 2^top, so anything at or above 2^emin is not tiny.
  if (top >= f.emin) return false;
  const quantum = top - f.fracBits;
  const { q } = roundShift(sig, quantum - exp, sign, rm);
  return quantum + bitLength(q) - 1 < f.emin;
}

/**
 * Rounds (-1)^sign * sig * 2^exp to the format. `sticky` says the true value is strictly between
 * sig and sig + 1 (in units of 2^exp); callers using it must supply at least precision + 1 bits.
 * A zero sig yields a zero of the given sign: the caller decides zero signs.
 */
function roundPack(f: Format, sign: number, sig: bigint, exp: number, sticky: boolean, rm: number): FpResult {
  if (sticky) {
    // Two extra bits make the sticky remainder sit strictly below any rounding position's half bit.
    sig = (sig << 2n) | 1n;
    exp -= 2;
  }
  if (sig === 0n) return { bits: packZero(f, sign), flags: 0 };

  const top = exp + bitLength(sig) - 1;
  const quantum = Math.max(top - f.fracBits, f.emin - f.fracBits);
  let { q, inexact } = roundShift(sig, quantum - exp, sign, rm);
  let qexp = quantum;
  if (q >> BigInt(f.precision) !== 0n) {
    // Rounding carried into a new bit; q is then exactly 2^precision, so halving it is lossless.
    q >>= 1n;
    qexp += 1;
  }
  if (qexp + bitLength(q) - 1 > f.emax) return overflowResult(f, sign, rm);

  let flags = inexact ? NX : 0;
  if (inexact && tinyAfterRounding(f, sig, exp, top, sign, rm)) flags |= UF;

  const signBits = sign ? f.signBit : 0n;
  if (q < f.hidden) {
    // Subnormal (or zero): here qexp is necessarily the subnormal quantum.
    return { bits: signBits | q, flags };
  }
  const biased = BigInt(qexp + f.fracBits + f.bias);
  return { bits: signBits | (biased << BigInt(f.fracBits)) | (q - f.hidden), flags };
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/** Exact signed sum of two finite values, rounded once. `x + (-x)` is +0, or -0 when rounding down. */
function addFinite(f: Format, sa: number, siga: bigint, ea: number, sb: number, sigb: bigint, eb: number, rm: number): FpResult {
  const e = Math.min(ea, eb);
  const va = siga << BigInt(ea - e);
  const vb = sigb << BigInt(eb - e);
  const sum = (sa ? -va : va) + (sb ? -vb : vb);
  if (sum === 0n) {
    // Same signs can only cancel when both are zero, and then the sign is kept (-0 + -0 = -0).
    const sign = sa === sb ? sa : rm === RDN ? 1 : 0;
    return { bits: packZero(f, sign), flags: 0 };
  }
  return sum < 0n ? roundPack(f, 1, -sum, e, false, rm) : roundPack(f, 0, sum, e, false, rm);
}

function addSigned(fmt: Fmt, a: bigint, b: bigint, negateB: boolean, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  if (ua.kind === 'nan' || ub.kind === 'nan') return nanResult(f, isSNaN(ua) || isSNaN(ub) ? NV : 0);
  const sb = (negateB ? 1 - ub.sign : ub.sign) as 0 | 1;
  if (ua.kind === 'inf' && ub.kind === 'inf') {
    return ua.sign === sb ? { bits: packInf(f, sb), flags: 0 } : nanResult(f, NV);
  }
  if (ua.kind === 'inf') return { bits: packInf(f, ua.sign), flags: 0 };
  if (ub.kind === 'inf') return { bits: packInf(f, sb), flags: 0 };
  return addFinite(f, ua.sign, ua.sig, ua.exp, sb, ub.sig, ub.exp, rm);
}

export function fadd(fmt: Fmt, a: bigint, b: bigint, rm: number): FpResult {
  return addSigned(fmt, a, b, false, rm);
}

export function fsub(fmt: Fmt, a: bigint, b: bigint, rm: number): FpResult {
  return addSigned(fmt, a, b, true, rm);
}

export function fmul(fmt: Fmt, a: bigint, b: bigint, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  if (ua.kind === 'nan' || ub.kind === 'nan') return nanResult(f, isSNaN(ua) || isSNaN(ub) ? NV : 0);
  const sign = ua.sign ^ ub.sign;
  if (ua.kind === 'inf' || ub.kind === 'inf') {
    if (ua.kind === 'zero' || ub.kind === 'zero') return nanResult(f, NV);
    return { bits: packInf(f, sign), flags: 0 };
  }
  return roundPack(f, sign, ua.sig * ub.sig, ua.exp + ub.exp, false, rm);
}

export function fdiv(fmt: Fmt, a: bigint, b: bigint, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  if (ua.kind === 'nan' || ub.kind === 'nan') return nanResult(f, isSNaN(ua) || isSNaN(ub) ? NV : 0);
  const sign = ua.sign ^ ub.sign;
  if (ua.kind === 'inf') {
    return ub.kind === 'inf' ? nanResult(f, NV) : { bits: packInf(f, sign), flags: 0 };
  }
  if (ub.kind === 'inf') return { bits: packZero(f, sign), flags: 0 };
  if (ub.kind === 'zero') {
    return ua.kind === 'zero' ? nanResult(f, NV) : { bits: packInf(f, sign), flags: DZ };
  }
  if (ua.kind === 'zero') return { bits: packZero(f, sign), flags: 0 };

  // Pre-shift the dividend so the quotient has at least precision + 3 bits; the remainder
  // then only matters as a sticky bit.
  const k = Math.max(0, f.precision + 3 + bitLength(ub.sig) - bitLength(ua.sig));
  const num = ua.sig << BigInt(k);
  const q = num / ub.sig;
  const sticky = q * ub.sig !== num;
  return roundPack(f, sign, q, ua.exp - ub.exp - k, sticky, rm);
}

/** floor(sqrt(n)) for n >= 0, by Newton's iteration from an over-estimate. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function fsqrt(fmt: Fmt, a: bigint, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  const u = unpack(f, a);
  if (u.kind === 'nan') return nanResult(f, u.signaling ? NV : 0);
  if (u.kind === 'zero') return { bits: packZero(f, u.sign), flags: 0 };
  if (u.sign) return nanResult(f, NV);
  if (u.kind === 'inf') return { bits: packInf(f, 0), flags: 0 };

  // Widen so the root has at least precision + 2 bits, keeping the exponent even so it halves exactly.
  let s = Math.max(0, 2 * (f.precision + 2) - bitLength(u.sig));
  if (((u.exp - s) & 1) !== 0) s += 1;
  const n = u.sig << BigInt(s);
  const root = isqrt(n);
  return roundPack(f, 0, root, (u.exp - s) / 2, root * root !== n, rm);
}

export function ffma(fmt: Fmt, a: bigint, b: bigint, c: bigint, negProduct: boolean, negAddend: boolean, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  const uc = unpack(f, c);
  const productInvalid = (ua.kind === 'inf' && ub.kind === 'zero') || (ua.kind === 'zero' && ub.kind === 'inf');
  if (ua.kind === 'nan' || ub.kind === 'nan' || uc.kind === 'nan') {
    // 0 * inf is invalid even when the addend is a quiet NaN.
    const invalid = isSNaN(ua) || isSNaN(ub) || isSNaN(uc) || productInvalid;
    return nanResult(f, invalid ? NV : 0);
  }
  if (productInvalid) return nanResult(f, NV);

  const ps = ua.sign ^ ub.sign ^ (negProduct ? 1 : 0);
  const cs = uc.sign ^ (negAddend ? 1 : 0);
  const productInf = ua.kind === 'inf' || ub.kind === 'inf';
  if (productInf && uc.kind === 'inf') {
    return ps === cs ? { bits: packInf(f, ps), flags: 0 } : nanResult(f, NV);
  }
  if (productInf) return { bits: packInf(f, ps), flags: 0 };
  if (uc.kind === 'inf') return { bits: packInf(f, cs), flags: 0 };
  return addFinite(f, ps, ua.sig * ub.sig, ua.exp + ub.exp, cs, uc.sig, uc.exp, rm);
}

// ---------------------------------------------------------------------------------------------
// Min/max, comparisons, classification

/** Numeric order key for non-NaN patterns; +0 and -0 compare equal. */
function valueKey(f: Format, raw: bigint): bigint {
  const bits = BigInt.asUintN(f.width, raw);
  const mag = bits & ~f.signBit;
  return (bits & f.signBit) !== 0n ? -mag : mag;
}

/** Like valueKey but with -0 ordered below +0, as fmin/fmax require. */
function minMaxKey(f: Format, raw: bigint): bigint {
  const bits = BigInt.asUintN(f.width, raw);
  const mag = bits & ~f.signBit;
  return (bits & f.signBit) !== 0n ? -mag - 1n : mag;
}

function minMax(fmt: Fmt, a: bigint, b: bigint, wantMax: boolean): FpResult {
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  const flags = isSNaN(ua) || isSNaN(ub) ? NV : 0;
  const ba = BigInt.asUintN(f.width, a);
  const bb = BigInt.asUintN(f.width, b);
  if (ua.kind === 'nan' && ub.kind === 'nan') return nanResult(f, flags);
  if (ua.kind === 'nan') return { bits: bb, flags };
  if (ub.kind === 'nan') return { bits: ba, flags };
  const aBelow = minMaxKey(f, ba) < minMaxKey(f, bb);
  return { bits: aBelow !== wantMax ? ba : bb, flags };
}

export function fmin(fmt: Fmt, a: bigint, b: bigint): FpResult {
  return minMax(fmt, a, b, false);
}

export function fmax(fmt: Fmt, a: bigint, b: bigint): FpResult {
  return minMax(fmt, a, b, true);
}

export function feq(fmt: Fmt, a: bigint, b: bigint): IntResult {
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  // feq is a quiet comparison: only signaling NaNs raise NV.
  if (ua.kind === 'nan' || ub.kind === 'nan') return { value: 0n, flags: isSNaN(ua) || isSNaN(ub) ? NV : 0 };
  return { value: valueKey(f, a) === valueKey(f, b) ? 1n : 0n, flags: 0 };
}

function orderedCompare(fmt: Fmt, a: bigint, b: bigint, orEqual: boolean): IntResult {
  const f = format(fmt);
  const ua = unpack(f, a);
  const ub = unpack(f, b);
  // flt/fle are signaling comparisons: any NaN raises NV.
  if (ua.kind === 'nan' || ub.kind === 'nan') return { value: 0n, flags: NV };
  const ka = valueKey(f, a);
  const kb = valueKey(f, b);
  return { value: (orEqual ? ka <= kb : ka < kb) ? 1n : 0n, flags: 0 };
}

export function flt(fmt: Fmt, a: bigint, b: bigint): IntResult {
  return orderedCompare(fmt, a, b, false);
}

export function fle(fmt: Fmt, a: bigint, b: bigint): IntResult {
  return orderedCompare(fmt, a, b, true);
}

export function fclass(fmt: Fmt, a: bigint): bigint {
  const f = format(fmt);
  const u = unpack(f, a);
  const bits = BigInt.asUintN(f.width, a);
  const subnormal = u.kind === 'finite' && (bits & (f.maxBiased << BigInt(f.fracBits))) === 0n;
  let bit: number;
  switch (u.kind) {
    case 'nan': bit = u.signaling ? 8 : 9; break;
    case 'inf': bit = u.sign ? 0 : 7; break;
    case 'zero': bit = u.sign ? 3 : 4; break;
    default: bit = subnormal ? (u.sign ? 2 : 5) : (u.sign ? 1 : 6); break;
  }
  return 1n << BigInt(bit);
}

// ---------------------------------------------------------------------------------------------
// Conversions

function intRange(width: 32 | 64, signed: boolean): { min: bigint; max: bigint } {
  const w = BigInt(width);
  return signed
    ? { min: -(1n << (w - 1n)), max: (1n << (w - 1n)) - 1n }
    : { min: 0n, max: (1n << w) - 1n };
}

/** The register value RISC-V writes: 32-bit results are sign-extended whatever their signedness. */
function toRegister(v: bigint, width: 32 | 64): bigint {
  return BigInt.asIntN(width, v);
}

export function fcvtToInt(fmt: Fmt, a: bigint, width: 32 | 64, signed: boolean, rm: number): IntResult {
  checkRm(rm);
  const f = format(fmt);
  if (width !== 32 && width !== 64) throw new RangeError(`softfloat: unsupported integer width ${String(width)}`);
  const u = unpack(f, a);
  const { min, max } = intRange(width, signed);
  // Invalid conversions raise NV alone (never NX) and saturate; NaN counts as positive.
  if (u.kind === 'nan') return { value: toRegister(max, width), flags: NV };
  if (u.kind === 'inf') return { value: toRegister(u.sign ? min : max, width), flags: NV };
  // Anything at or above 2^(width+1) is out of range however it rounds; skip the huge shift.
  if (u.kind === 'finite' && u.exp + bitLength(u.sig) > width + 1) {
    return { value: toRegister(u.sign ? min : max, width), flags: NV };
  }
  const { q, inexact } = roundShift(u.sig, -u.exp, u.sign, rm);
  const v = u.sign ? -q : q;
  if (v < min || v > max) return { value: toRegister(u.sign ? min : max, width), flags: NV };
  return { value: toRegister(v, width), flags: inexact ? NX : 0 };
}

export function fcvtFromInt(fmt: Fmt, x: bigint, width: 32 | 64, signed: boolean, rm: number): FpResult {
  checkRm(rm);
  const f = format(fmt);
  if (width !== 32 && width !== 64) throw new RangeError(`softfloat: unsupported integer width ${String(width)}`);
  const v = signed ? BigInt.asIntN(width, x) : BigInt.asUintN(width, x);
  // Integer zero converts to +0 in every rounding mode.
  return v < 0n ? roundPack(f, 1, -v, 0, false, rm) : roundPack(f, 0, v, 0, false, rm);
}

function convertFloat(from: Format, to: Format, a: bigint, rm: number): FpResult {
  const u = unpack(from, a);
  if (u.kind === 'nan') return nanResult(to, u.signaling ? NV : 0);
  if (u.kind === 'inf') return { bits: packInf(to, u.sign), flags: 0 };
  return roundPack(to, u.sign, u.sig, u.exp, false, rm);
}

export function fcvtF32ToF64(a: bigint): FpResult {
  // Widening is exact, so the rounding mode is irrelevant.
  return convertFloat(F32, F64, a, RNE);
}

export function fcvtF64ToF32(a: bigint, rm: number): FpResult {
  checkRm(rm);
  return convertFloat(F64, F32, a, rm);
}
