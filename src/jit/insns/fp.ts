// F and D. Every instruction has an exact slow path (jit/fp-table.ts, through the fpCall helper);
// the common cases are inlined:
//  - arithmetic in round-to-nearest-even whose result is a normal, finite number: wasm's own
//    IEEE operation gives the bit-exact result, and NX is the only flag it can raise. NX is
//    computed (by an error-free transformation in a helper) only while it is still clear — once
//    set, such results cannot change fflags. An exact zero (a zero factor or dividend) stands
//    too. Everything else (NaN, infinities, other zero or tiny products and quotients, other
//    rounding modes) takes the slow path.
//  - sign injection, moves, comparisons and min/max of non-NaN values, in-range conversions,
//    exact promotions, and fused multiply-add where the host has a true fused operation.
// Singles live NaN-boxed in 64-bit registers; an operand that is not boxed takes the slow path.

import { T } from '../../wasm/code.js';
import type { RegionEmitter } from '../emitter.js';
import { ExitReason } from '../state.js';
import { FP_OPS } from '../fp-table.js';
import { ENCODINGS } from '../../riscv/encodings.js';
import type { Insn } from '../../riscv/decode.js';
import type { HelperName } from '../helper-names.js';
import { def } from './registry.js';
import { BOX } from './mem.js';

const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7;
const NX = 1;
const MIN_NORMAL_D = 2 ** -1022;
const MIN_NORMAL_S = 2 ** -126;

/** Set by the translator for hosts with a true fused multiply-add (see jit/fma.ts). */
export const fpConfig = { fusedMultiplyAdd: false };

// ---------------------------------------------------------------------------------------------
// Rounding modes

/**
 * Pushes the effective rounding mode (i32). A dynamic mode reads frm; an frm value that is not a
 * rounding mode makes the instruction illegal, which is checked at run time.
 */
function roundingMode(e: RegionEmitter, i: Insn): void {
  if (i.rm !== DYN) {
    e.c.i32Const(i.rm);
    return;
  }
  checkDynamicMode(e);
  e.c.get(e.frm());
}

function checkDynamicMode(e: RegionEmitter): void {
  e.c.get(e.frm()).i32Const(4).i32GtU();
  e.if_();
  e.exitWithReason(ExitReason.Illegal);
  e.end();
}

/** Static RNE, or dynamic (the fast path then also requires frm = RNE at run time). */
function mayBeRne(i: Insn): boolean {
  return i.rm === RNE || i.rm === DYN;
}

/** ANDs "frm is RNE" into the i32 condition on the stack when the mode is dynamic. */
function andRneAtRuntime(e: RegionEmitter, i: Insn): void {
  if (i.rm === DYN) e.c.get(e.frm()).i32Eqz().i32And();
}

// ---------------------------------------------------------------------------------------------
// The exact slow path

function specOf(i: Insn) {
  return FP_OPS.get(ENCODINGS[i.op]!.name)!;
}

/** Loads the sources into scratch f64 locals as raw bits (integer sources reinterpreted). */
function loadSources(e: RegionEmitter, i: Insn, kinds: readonly ('f' | 'x')[]): number[] {
  const regs = [i.rs1, i.rs2, i.rs3];
  return kinds.map((kind, k) => {
    const l = e.temp(T.f64);
    if (kind === 'f') e.getF(regs[k]!);
    else e.getX(regs[k]!).c.f64ReinterpretI64();
    e.c.set(l);
    return l;
  });
}

/** fpCall(op, rm, a, b, c): leaves the result bits (f64) on the stack and ORs the flags into fflags. */
function slowCall(e: RegionEmitter, i: Insn, operands: number[], modeChecked = false): void {
  const c = e.c;
  c.i32Const(i.op);
  if (!specOf(i).rm) c.i32Const(0);
  else if (modeChecked && i.rm === DYN) c.get(e.frm());
  else roundingMode(e, i);
  for (let k = 0; k < 3; k++) {
    const l = operands[k];
    if (l === undefined) c.f64Const(0);
    else c.get(l);
  }
  e.call('fpCall');
  e.orFflags();
}

/** Writes the f64 result bits on the stack to rd (an integer destination takes the raw bits). */
function writeResult(e: RegionEmitter, i: Insn, dst: 'f' | 'x'): void {
  if (dst === 'f') e.setF(i.rd);
  else if (i.rd === 0) e.c.drop();
  else {
    e.c.i64ReinterpretF64();
    e.setX(i.rd);
  }
}

function emitSlow(e: RegionEmitter, i: Insn): void {
  const spec = specOf(i);
  const ops = loadSources(e, i, spec.srcs);
  slowCall(e, i, ops);
  writeResult(e, i, spec.dst);
  e.release(T.f64, ops.length);
}

for (const name of FP_OPS.keys()) def(name, emitSlow);

/**
 * The shape of every fast path: compute the candidate result into `out`, push the i32 condition
 * under which it is exact, and otherwise take the slow path.
 *   fast(): emits the candidate computation and leaves the condition on the stack; it stores the
 *           result (f64 bits, or i64 for integer destinations via reinterpretation) into `out`.
 *   onFast(): emits flag updates for the fast case (may be empty).
 */
function guarded(e: RegionEmitter, i: Insn, ops: number[], fast: (out: number) => void, onFast: () => void, rescue?: () => void): void {
  const c = e.c;
  const spec = specOf(i);
  // An invalid dynamic mode is illegal even where the mode would not matter (as in hardware). The
  // fast path requires frm = RNE, a valid mode, so only the slow one checks (slowCall).
  const out = e.temp(T.f64);
  fast(out);
  if (spec.rm) andRneAtRuntime(e, i);
  e.if_();
  onFast();
  e.else_();
  // `rescue` may still show the fast result right (pushes i32), off the fast path.
  if (rescue) {
    rescue();
    if (spec.rm) andRneAtRuntime(e, i);
    c.i32Eqz();
    e.if_();
  }
  slowCall(e, i, ops);
  c.set(out);
  if (rescue) e.end();
  e.end();
  c.get(out);
  writeResult(e, i, spec.dst);
  e.release(T.f64);
}

// ---------------------------------------------------------------------------------------------
// Singles

/** Pushes whether the raw register bits in f64 local `l` are a NaN-boxed single (i32). */
function isBoxed(e: RegionEmitter, l: number): void {
  e.c.get(l).i64ReinterpretF64().i64Const(32).i64ShrS().i64Const(-1).i64Eq();
}

/** Pushes the single held in f64 local `l` (assumed boxed) as f32. */
function single(e: RegionEmitter, l: number): void {
  e.c.get(l).i64ReinterpretF64().i32WrapI64().f32ReinterpretI32();
}

/** Boxes the f32 on the stack into a 64-bit register pattern (f64). */
function box(e: RegionEmitter): void {
  e.c.i32ReinterpretF32().i64ExtendI32U().i64Const(BOX).i64Or().f64ReinterpretI64();
}

/** Pushes the value in local `l` (f32 or f64) as f64. */
function asF64(e: RegionEmitter, l: number, f32: boolean): void {
  e.c.get(l);
  if (f32) e.c.f64PromoteF32();
}

/** ANDs "all operands are boxed" into the condition on the stack. */
function andBoxed(e: RegionEmitter, ops: number[]): void {
  for (const l of ops) {
    isBoxed(e, l);
    e.c.i32And();
  }
}

/** Pushes the operand in raw-bits local `l` in the operation's format. */
function operand(e: RegionEmitter, l: number, f32: boolean): void {
  if (f32) single(e, l);
  else e.c.get(l);
}

/**
 * Pushes lo < |x| < inf (i32) for x in local `l`, lo being 0 or the format's smallest normal
 * number; lo = 0 tests "finite and non-zero" loosely as finite. Compares the magnitude's bit
 * pattern as an unsigned integer (the order of non-negative floats), one subtraction and one
 * compare: V8 materialises each f64 constant of the float compares afresh at every use.
 */
function magnitudeIn(e: RegionEmitter, l: number, f32: boolean, lo: number): void {
  const c = e.c;
  if (lo !== 0 && lo !== (f32 ? MIN_NORMAL_S : MIN_NORMAL_D)) throw new Error(`jit: magnitudeIn lower bound ${lo}`);
  if (f32) {
    const loBits = lo === 0 ? -1 : MIN_NORMAL_S_BITS;
    c.get(l).i32ReinterpretF32().i32Const(0x7fffffff).i32And();
    c.i32Const(loBits + 1).i32Sub().i32Const(INF_S_BITS - loBits - 1).i32LtU();
  } else {
    const loBits = lo === 0 ? -1n : MIN_NORMAL_D_BITS;
    c.get(l).i64ReinterpretF64().i64ConstBig(0x7fff_ffff_ffff_ffffn).i64And();
    c.i64ConstBig(loBits + 1n).i64Sub().i64ConstBig(INF_D_BITS - loBits - 1n).i64LtU();
  }
}
const MIN_NORMAL_S_BITS = 0x0080_0000, INF_S_BITS = 0x7f80_0000;
const MIN_NORMAL_D_BITS = 0x0010_0000_0000_0000n, INF_D_BITS = 0x7ff0_0000_0000_0000n;

/** Emits `if NX is clear: fflags |= helper(a, b, r)`. */
function inexactCheck(e: RegionEmitter, helper: HelperName, args: () => void): void {
  e.c.get(e.fflags()).i32Const(NX).i32And().i32Eqz();
  e.if_();
  args();
  e.call(helper);
  e.orFflags();
  e.end();
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

type ArithKind = 'add' | 'sub' | 'mul' | 'div' | 'sqrt';

const NX_HELPER: Record<ArithKind, [HelperName, HelperName]> = {
  add: ['nxAddD', 'nxAddS'], sub: ['nxSubD', 'nxSubS'], mul: ['nxMulD', 'nxMulS'], div: ['nxDivD', 'nxDivS'],
  sqrt: ['nxSqrtD', 'nxSqrtS'],
};

function arithOp(e: RegionEmitter, kind: ArithKind, f32: boolean): void {
  const c = e.c;
  if (kind === 'add') f32 ? c.f32Add() : c.f64Add();
  else if (kind === 'sub') f32 ? c.f32Sub() : c.f64Sub();
  else if (kind === 'mul') f32 ? c.f32Mul() : c.f64Mul();
  else if (kind === 'div') f32 ? c.f32Div() : c.f64Div();
  else f32 ? c.f32Sqrt() : c.f64Sqrt();
}

/**
 * Sums and differences never underflow (a tiny result is exact) and zero results are exact, so
 * any finite result is fast. Products, quotients and roots must be normal and non-zero.
 */
function fastLowerBound(kind: ArithKind, f32: boolean): number {
  if (kind === 'add' || kind === 'sub') return 0;
  return f32 ? MIN_NORMAL_S : MIN_NORMAL_D;
}

function arith(name: string, kind: ArithKind, f32: boolean): void {
  def(name, (e, i) => {
    if (!mayBeRne(i)) return emitSlow(e, i);
    const c = e.c;
    const unary = kind === 'sqrt';
    const ops = loadSources(e, i, unary ? ['f'] : ['f', 'f']);
    const ty = f32 ? T.f32 : T.f64;
    const R = e.temp(ty);
    guarded(e, i, ops, (out) => {
      operand(e, ops[0]!, f32);
      if (!unary) operand(e, ops[1]!, f32);
      arithOp(e, kind, f32);
      c.tee(R);
      if (f32) box(e);
      c.set(out);
      magnitudeIn(e, R, f32, fastLowerBound(kind, f32));
      if (f32) andBoxed(e, ops);
    }, () => {
      inexactCheck(e, NX_HELPER[kind][f32 ? 1 : 0], () => {
        if (f32) single(e, ops[0]!), c.f64PromoteF32();
        else c.get(ops[0]!);
        if (unary) c.f64Const(0);
        else if (f32) single(e, ops[1]!), c.f64PromoteF32();
        else c.get(ops[1]!);
        asF64(e, R, f32);
      });
    }, kind === 'add' || kind === 'sub' ? undefined : () => exactZero(e, kind, R, ops, f32));
    e.release(ty);
    e.release(T.f64, ops.length);
  });
}

/** Pushes (i32) whether the value in local `l` is +0 or -0: its bits, shifted left by one, are zero. */
function isZero(e: RegionEmitter, l: number, typed: 'f32' | 'f64' | 'boxed'): void {
  const c = e.c;
  c.get(l);
  if (typed === 'f64') c.i64ReinterpretF64().i64Const(1).i64Shl().i64Eqz();
  else {
    if (typed === 'f32') c.i32ReinterpretF32();
    else c.i64ReinterpretF64().i32WrapI64();
    c.i32Const(1).i32Shl().i32Eqz();
  }
}

/**
 * The rescue of a product, quotient or root that is not a normal number: a zero result that is
 * exact (a zero factor, a zero dividend, the root of a zero) raises no flag, so the fast result
 * stands. Code that multiplies by zero in a loop (mandelbrot on its real axis) otherwise took
 * the slow path at every one.
 */
function exactZero(e: RegionEmitter, kind: ArithKind, R: number, ops: number[], f32: boolean): void {
  const c = e.c;
  const raw = f32 ? 'boxed' : 'f64';
  isZero(e, R, f32 ? 'f32' : 'f64');
  if (kind === 'mul') {
    isZero(e, ops[0]!, raw);
    isZero(e, ops[1]!, raw);
    c.i32Or().i32And();
  } else if (kind === 'div') {
    isZero(e, ops[0]!, raw);
    c.i32And();
  }
  if (f32) andBoxed(e, ops);
}

for (const [s, f32] of [['s', true], ['d', false]] as const) {
  arith(`fadd.${s}`, 'add', f32);
  arith(`fsub.${s}`, 'sub', f32);
  arith(`fmul.${s}`, 'mul', f32);
  arith(`fdiv.${s}`, 'div', f32);
  arith(`fsqrt.${s}`, 'sqrt', f32);
}

// Fused multiply-add (binary64) where the host has a true fused operation. The result is
// exact-rounded by the hardware; flags other than NX come only with results outside the normal
// range. NX is not computed inline, so the fast path needs NX already set; with NX clear, or a
// result that is not normal (zero, mostly), a provably exact operation (fmaIsExact) still keeps
// the fast result before the slow path is called: code whose fused operations are all exact (a
// scaled integer plus an offset) never sets NX, and took the slow path at every one (fpmatrix's
// set-up loop: 350,000 softfloat calls).
for (const [name, negProduct, negAddend] of [
  ['fmadd.d', false, false], ['fmsub.d', false, true], ['fnmsub.d', true, false], ['fnmadd.d', true, true],
] as const) {
  def(name, (e, i) => {
    if (!fpConfig.fusedMultiplyAdd || !mayBeRne(i)) return emitSlow(e, i);
    const c = e.c;
    const ops = loadSources(e, i, ['f', 'f', 'f']);
    const R = e.temp(T.f64);
    const a = () => void (negProduct ? c.get(ops[0]!).f64Neg() : c.get(ops[0]!));
    const b = () => void c.get(ops[1]!);
    const addend = () => void (negAddend ? c.get(ops[2]!).f64Neg() : c.get(ops[2]!));
    guarded(e, i, ops, (out) => {
      fusedMultiplyAdd(e, a, b, addend);
      c.tee(R).set(out);
      magnitudeIn(e, R, false, MIN_NORMAL_D);
      c.get(e.fflags()).i32Const(NX).i32And().i32And();
    }, () => {}, () => {
      // The result is not normal, or NX is clear: it still stands, raising nothing, when the
      // operation is exact — whatever its size, as an exact result is never tiny-and-inexact.
      magnitudeIn(e, R, false, 0);
      fmaIsExact(e, a, b, addend, ops);
      c.i32And();
    });
    e.release(T.f64);
    e.release(T.f64, 3);
  });
}

/** Pushes relaxed_madd(a, b, c) of three f64 pushers (fused on this host: jit/fma.ts). */
function fusedMultiplyAdd(e: RegionEmitter, a: () => void, b: () => void, addend: () => void): void {
  a();
  e.c.f64x2Splat();
  b();
  e.c.f64x2Splat();
  addend();
  e.c.f64x2Splat().f64x2RelaxedMadd().f64x2ExtractLane(0);
}

/** 2^-969: a product at least this large has its rounding error representable (not below the subnormals). */
const PRODUCT_ERROR_REPRESENTABLE = 2 ** -969;

/**
 * Pushes (i32) a sufficient condition for a*b + c to be exact, i.e. for the fused result to
 * raise no NX: the product rounds exactly (its error fma(a, b, -p) is zero, and representable:
 * the product is not tiny, or a factor is zero) and so does the sum of the product and c (its
 * TwoSum error is zero). Then a*b + c = p + c exactly, which the fused result equals. Exact
 * operations it misses (errors that cancel) just take the slow path.
 */
function fmaIsExact(e: RegionEmitter, a: () => void, b: () => void, addend: () => void, ops: number[]): void {
  const c = e.c;
  const P = e.temp(T.f64), S = e.temp(T.f64), V = e.temp(T.f64);
  a();
  b();
  c.f64Mul().set(P);
  fusedMultiplyAdd(e, a, b, () => void c.get(P).f64Neg());
  c.f64Const(0).f64Eq();
  c.get(P).f64Abs().f64Const(PRODUCT_ERROR_REPRESENTABLE).f64Ge();
  c.get(ops[0]!).f64Const(0).f64Eq().i32Or();
  c.get(ops[1]!).f64Const(0).f64Eq().i32Or();
  c.i32And();
  // TwoSum: s = p + c, v = s - p; the sum's error is (p - (s - v)) + (c - v).
  c.get(P);
  addend();
  c.f64Add().set(S);
  c.get(S).get(P).f64Sub().set(V);
  c.get(P).get(S).get(V).f64Sub().f64Sub();
  addend();
  c.get(V).f64Sub();
  c.f64Add().f64Const(0).f64Eq();
  c.i32And();
  e.release(T.f64, 3);
}

// ---------------------------------------------------------------------------------------------
// Comparisons and min/max: exact for non-NaN operands, no flags

function compare(name: string, f32: boolean, op: 'eq' | 'lt' | 'le'): void {
  def(name, (e, i) => {
    const c = e.c;
    const ops = loadSources(e, i, ['f', 'f']);
    guarded(e, i, ops, (out) => {
      operand(e, ops[0]!, f32);
      operand(e, ops[1]!, f32);
      if (f32) op === 'eq' ? c.f32Eq() : op === 'lt' ? c.f32Lt() : c.f32Le();
      else op === 'eq' ? c.f64Eq() : op === 'lt' ? c.f64Lt() : c.f64Le();
      c.i64ExtendI32U().f64ReinterpretI64().set(out);
      notNaN(e, ops, f32);
    }, () => {});
    e.release(T.f64, 2);
  });
}

/** Pushes "no operand is NaN (and singles are boxed)" as i32. */
function notNaN(e: RegionEmitter, ops: number[], f32: boolean): void {
  const c = e.c;
  c.i32Const(1);
  for (const l of ops) {
    operand(e, l, f32);
    operand(e, l, f32);
    if (f32) c.f32Eq(); else c.f64Eq();
    c.i32And();
  }
  if (f32) andBoxed(e, ops);
}

function minmax(name: string, f32: boolean, max: boolean): void {
  def(name, (e, i) => {
    const c = e.c;
    const ops = loadSources(e, i, ['f', 'f']);
    guarded(e, i, ops, (out) => {
      // wasm min/max order -0 below +0, as RISC-V does; NaNs are excluded by the guard.
      operand(e, ops[0]!, f32);
      operand(e, ops[1]!, f32);
      if (f32) {
        max ? c.f32Max() : c.f32Min();
        box(e);
      } else {
        max ? c.f64Max() : c.f64Min();
      }
      c.set(out);
      notNaN(e, ops, f32);
    }, () => {});
    e.release(T.f64, 2);
  });
}

for (const [s, f32] of [['s', true], ['d', false]] as const) {
  compare(`feq.${s}`, f32, 'eq');
  compare(`flt.${s}`, f32, 'lt');
  compare(`fle.${s}`, f32, 'le');
  minmax(`fmin.${s}`, f32, false);
  minmax(`fmax.${s}`, f32, true);
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** Pushes the f64 in local `src` rounded to an integral value per a static rounding mode. */
function roundIntegral(e: RegionEmitter, rm: number, src: number): void {
  const c = e.c;
  c.get(src);
  if (rm === RNE) c.f64Nearest();
  else if (rm === RTZ) c.f64Trunc();
  else if (rm === RDN) c.f64Floor();
  else if (rm === RUP) c.f64Ceil();
  else {
    // RMM, ties away from zero: truncate, then step away from zero when the dropped part is >= 1/2.
    const t = e.temp(T.f64);
    c.f64Trunc().set(t);
    c.f64Const(1).get(src).f64Copysign().get(t).f64Add();
    c.get(t);
    c.get(src).get(t).f64Sub().f64Abs().f64Const(0.5).f64Ge();
    c.select();
    e.release(T.f64);
  }
}

/** float -> integer. In range after rounding: exact, NX if the value was not integral. */
function toInt(name: string, f32: boolean, width: 32 | 64, signed: boolean): void {
  const lo = signed ? -(2 ** (width - 1)) : 0;
  const hiExclusive = signed ? 2 ** (width - 1) : 2 ** width;
  def(name, (e, i) => {
    const c = e.c;
    const ops = loadSources(e, i, ['f']);
    const X = e.temp(T.f64); // the source as f64
    const Rv = e.temp(T.f64); // its rounded value
    // A dynamic mode is fast only when it is RNE (guarded() checks frm at run time).
    const rm = i.rm === DYN ? RNE : i.rm;
    guarded(e, i, ops, (out) => {
      operand(e, ops[0]!, f32);
      if (f32) c.f64PromoteF32();
      c.set(X);
      roundIntegral(e, rm, X);
      c.tee(Rv);
      // integer result
      if (signed) c.i64TruncSatF64S(); else c.i64TruncSatF64U();
      if (width === 32) c.i64Extend32S();
      c.f64ReinterpretI64().set(out);
      // fast when lo <= rounded < hi (NaN fails)
      c.get(Rv).f64Const(lo).f64Ge().get(Rv).f64Const(hiExclusive).f64Lt().i32And();
      if (f32) andBoxed(e, ops);
    }, () => {
      c.get(X).get(Rv).f64Ne();
      e.orFflags();
    });
    e.release(T.f64, 2);
    e.release(T.f64, 1);
  });
}

for (const [s, f32] of [['s', true], ['d', false]] as const) {
  toInt(`fcvt.w.${s}`, f32, 32, true);
  toInt(`fcvt.wu.${s}`, f32, 32, false);
  toInt(`fcvt.l.${s}`, f32, 64, true);
  toInt(`fcvt.lu.${s}`, f32, 64, false);
}

/**
 * integer -> float. wasm's conversions round once, to nearest-even, straight from the integer.
 * An exact conversion is fast in any mode; an inexact one only in RNE (raising NX).
 */
function fromInt(name: string, f32: boolean, width: 32 | 64, signed: boolean): void {
  def(name, (e, i) => {
    const c = e.c;
    const ops = loadSources(e, i, ['x']);
    const V = e.temp(T.i64);
    const Rf = e.temp(T.f64); // the rounded result as f64 (exact for singles)
    const spec = specOf(i);
    if (spec.rm && i.rm === DYN) checkDynamicMode(e);
    c.get(ops[0]!).i64ReinterpretF64();
    if (width === 32) {
      c.i32WrapI64();
      if (signed) c.i64ExtendI32S(); else c.i64ExtendI32U();
    }
    c.tee(V);
    if (f32) {
      signed ? c.f32ConvertI64S() : c.f32ConvertI64U();
      c.f64PromoteF32();
    } else {
      signed ? c.f64ConvertI64S() : c.f64ConvertI64U();
    }
    c.set(Rf);
    const result = () => {
      c.get(Rf);
      if (f32) c.f32DemoteF64(), box(e);
      e.setF(i.rd);
    };
    // Exact iff converting back gives the integer; 2^63 (2^64) is out of range and so inexact.
    const general = () => {
      c.get(Rf);
      signed ? c.i64TruncSatF64S() : c.i64TruncSatF64U();
      c.get(V).i64Eq();
      c.get(Rf).f64Const(signed ? 2 ** 63 : 2 ** 64).f64Ne().i32And();
      e.if_();
      result();
      e.else_();
      if (mayBeRne(i)) {
        c.i32Const(1);
        andRneAtRuntime(e, i);
        e.if_();
        c.i32Const(NX);
        e.orFflags();
        result();
        e.else_();
        slowCall(e, i, ops, true);
        e.setF(i.rd);
        e.end();
      } else {
        slowCall(e, i, ops, true);
        e.setF(i.rd);
      }
      e.end();
    };
    if (width === 32 && !f32) {
      result(); // a 32-bit integer always fits a double
    } else {
      // Exact, first, when the integer fits the significand (|v| <= 2^53, or 2^24 for a single):
      // an integer range test, cheaper than the general one (V8's conversions back and forth took
      // some twenty instructions). BigInt constants: 2^54 + 1 is not a JavaScript number.
      const fits = BigInt(SIGNIFICAND_BITS[f32 ? 1 : 0]);
      c.get(V);
      if (signed) c.i64ConstBig(1n << fits).i64Add();
      c.i64ConstBig((1n << (signed ? fits + 1n : fits)) + 1n).i64LtU();
      e.if_();
      result();
      e.else_();
      general();
      e.end();
    }
    e.release(T.f64);
    e.release(T.i64);
    e.release(T.f64, 1);
  });
}
/** Significand bits (with the implicit one) of a double and a single. */
const SIGNIFICAND_BITS = [53, 24] as const;

for (const [s, f32] of [['s', true], ['d', false]] as const) {
  fromInt(`fcvt.${s}.w`, f32, 32, true);
  fromInt(`fcvt.${s}.wu`, f32, 32, false);
  fromInt(`fcvt.${s}.l`, f32, 64, true);
  fromInt(`fcvt.${s}.lu`, f32, 64, false);
}

// single -> double: exact for non-NaN values.
def('fcvt.d.s', (e, i) => {
  const c = e.c;
  const ops = loadSources(e, i, ['f']);
  guarded(e, i, ops, (out) => {
    single(e, ops[0]!);
    c.f64PromoteF32().set(out);
    notNaN(e, ops, true);
  }, () => {});
  e.release(T.f64);
});

// double -> single in RNE: fast when the result is a normal single (NX when it changed the value).
def('fcvt.s.d', (e, i) => {
  if (!mayBeRne(i)) return emitSlow(e, i);
  const c = e.c;
  const ops = loadSources(e, i, ['f']);
  const R = e.temp(T.f32);
  guarded(e, i, ops, (out) => {
    c.get(ops[0]!).f32DemoteF64().tee(R);
    box(e);
    c.set(out);
    magnitudeIn(e, R, true, MIN_NORMAL_S);
  }, () => {
    c.get(R).f64PromoteF32().get(ops[0]!).f64Ne();
    e.orFflags();
  });
  e.release(T.f32);
  e.release(T.f64);
});

// ---------------------------------------------------------------------------------------------
// Sign injection and moves: bit operations, no flags

type SignRule = 'j' | 'jn' | 'jx';

function signInjectD(e: RegionEmitter, i: Insn, rule: SignRule): void {
  const c = e.c;
  if (rule === 'j') {
    e.getF(i.rs1).getF(i.rs2);
    c.f64Copysign();
  } else if (rule === 'jn') {
    e.getF(i.rs1).getF(i.rs2);
    c.f64Neg().f64Copysign();
  } else {
    e.getF(i.rs1).c.i64ReinterpretF64();
    e.getF(i.rs2).c.i64ReinterpretF64().i64ConstBig(0x8000000000000000n).i64And().i64Xor().f64ReinterpretI64();
  }
  e.setF(i.rd);
}

/** Pushes the 32-bit pattern of the single in f[r], or the canonical NaN if it is not NaN-boxed. */
function unboxedBits(e: RegionEmitter, r: number): void {
  const c = e.c;
  const t = e.temp(T.i64);
  e.getF(r).c.i64ReinterpretF64().tee(t);
  c.i32WrapI64().i32Const(0x7fc00000);
  c.get(t).i64Const(32).i64ShrS().i64Const(-1).i64Eq();
  c.select();
  e.release(T.i64);
}

/** fsgnj*.s: magnitude of rs1, sign chosen by `rule`, on unboxed patterns. */
function signInjectS(e: RegionEmitter, i: Insn, rule: SignRule): void {
  const c = e.c;
  const a = e.temp(T.i32);
  unboxedBits(e, i.rs1);
  c.set(a);
  unboxedBits(e, i.rs2);
  if (rule === 'jn') c.i32Const(-1).i32Xor();
  if (rule === 'jx') c.get(a).i32Xor();
  c.i32Const(0x80000000 | 0).i32And();
  c.get(a).i32Const(0x7fffffff).i32And().i32Or();
  c.i64ExtendI32U().i64Const(BOX).i64Or().f64ReinterpretI64();
  e.setF(i.rd);
  e.release(T.i32);
}

for (const rule of ['j', 'jn', 'jx'] as const) {
  def(`fsgnj${rule.slice(1)}.d`, (e, i) => signInjectD(e, i, rule));
  def(`fsgnj${rule.slice(1)}.s`, (e, i) => signInjectS(e, i, rule));
}

def('fmv.x.d', (e, i) => {
  if (i.rd === 0) return;
  e.getF(i.rs1).c.i64ReinterpretF64();
  e.setX(i.rd);
});
def('fmv.d.x', (e, i) => {
  e.getX(i.rs1).c.f64ReinterpretI64();
  e.setF(i.rd);
});
def('fmv.x.w', (e, i) => {
  if (i.rd === 0) return;
  e.getF(i.rs1).c.i64ReinterpretF64().i64Extend32S();
  e.setX(i.rd);
});
def('fmv.w.x', (e, i) => {
  e.getX(i.rs1).c.i64Const(0xffffffff).i64And().i64Const(BOX).i64Or().f64ReinterpretI64();
  e.setF(i.rd);
});
