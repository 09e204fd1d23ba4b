// WebAssembly instruction encoder: one method per instruction the JIT and the helper modules use.
// Methods append bytes and return `this`, so sequences read in stack order.

import { ByteWriter } from './bytes.js';

export const enum T {
  i32 = 0x7f,
  i64 = 0x7e,
  f32 = 0x7d,
  f64 = 0x7c,
  v128 = 0x7b,
  funcref = 0x70,
  void = 0x40,
}

/** Natural alignment exponent for an access of `bytes` bytes. */
function alignOf(bytes: number): number {
  return bytes === 8 ? 3 : bytes === 4 ? 2 : bytes === 2 ? 1 : 0;
}

export class Code extends ByteWriter {
  // ---- control ----
  unreachable() { return this.byte(0x00); }
  nop() { return this.byte(0x01); }
  block(t: number = T.void) { return this.byte(0x02).byte(t); }
  loop(t: number = T.void) { return this.byte(0x03).byte(t); }
  if_(t: number = T.void) { return this.byte(0x04).byte(t); }
  /** A block whose type is a function type index (multi-value). */
  blockTyped(typeIndex: number) { return this.byte(0x02).s32(typeIndex); }
  else_() { return this.byte(0x05); }
  end() { return this.byte(0x0b); }
  br(depth: number) { return this.byte(0x0c).u32(depth); }
  brIf(depth: number) { return this.byte(0x0d).u32(depth); }
  brTable(depths: readonly number[], dflt: number) {
    this.byte(0x0e).u32(depths.length);
    for (const d of depths) this.u32(d);
    return this.u32(dflt);
  }
  return_() { return this.byte(0x0f); }
  call(fn: number) { return this.byte(0x10).u32(fn); }
  callIndirect(typeIndex: number, table = 0) { return this.byte(0x11).u32(typeIndex).u32(table); }
  returnCall(fn: number) { return this.byte(0x12).u32(fn); }
  returnCallIndirect(typeIndex: number, table = 0) { return this.byte(0x13).u32(typeIndex).u32(table); }
  drop() { return this.byte(0x1a); }
  select() { return this.byte(0x1b); }

  // ---- variables ----
  get(i: number) { return this.byte(0x20).u32(i); }
  set(i: number) { return this.byte(0x21).u32(i); }
  tee(i: number) { return this.byte(0x22).u32(i); }
  globalGet(i: number) { return this.byte(0x23).u32(i); }
  globalSet(i: number) { return this.byte(0x24).u32(i); }

  // ---- memory ----
  private mem(op: number, bytes: number, offset: number) { return this.byte(op).u32(alignOf(bytes)).u32(offset); }
  i32Load(o = 0) { return this.mem(0x28, 4, o); }
  i64Load(o = 0) { return this.mem(0x29, 8, o); }
  f32Load(o = 0) { return this.mem(0x2a, 4, o); }
  f64Load(o = 0) { return this.mem(0x2b, 8, o); }
  i32Load8u(o = 0) { return this.mem(0x2d, 1, o); }
  i32Load16u(o = 0) { return this.mem(0x2f, 2, o); }
  i64Load8s(o = 0) { return this.mem(0x30, 1, o); }
  i64Load8u(o = 0) { return this.mem(0x31, 1, o); }
  i64Load16s(o = 0) { return this.mem(0x32, 2, o); }
  i64Load16u(o = 0) { return this.mem(0x33, 2, o); }
  i64Load32s(o = 0) { return this.mem(0x34, 4, o); }
  i64Load32u(o = 0) { return this.mem(0x35, 4, o); }
  i32Store(o = 0) { return this.mem(0x36, 4, o); }
  i64Store(o = 0) { return this.mem(0x37, 8, o); }
  f32Store(o = 0) { return this.mem(0x38, 4, o); }
  f64Store(o = 0) { return this.mem(0x39, 8, o); }
  i32Store8(o = 0) { return this.mem(0x3a, 1, o); }
  i32Store16(o = 0) { return this.mem(0x3b, 2, o); }
  i64Store8(o = 0) { return this.mem(0x3c, 1, o); }
  i64Store16(o = 0) { return this.mem(0x3d, 2, o); }
  i64Store32(o = 0) { return this.mem(0x3e, 4, o); }

  // ---- constants ----
  i32Const(v: number) { return this.byte(0x41).s32(v); }
  /** i64.const of an integer exact as a JS number. */
  i64Const(v: number) { return this.byte(0x42).s64n(v); }
  i64ConstBig(v: bigint) { return this.byte(0x42).s64(v); }
  f64Const(v: number) { return this.byte(0x44).f64(v); }

  // ---- i32 ----
  i32Eqz() { return this.byte(0x45); }
  i32Eq() { return this.byte(0x46); }
  i32Ne() { return this.byte(0x47); }
  i32LtS() { return this.byte(0x48); }
  i32LtU() { return this.byte(0x49); }
  i32GtS() { return this.byte(0x4a); }
  i32GtU() { return this.byte(0x4b); }
  i32LeU() { return this.byte(0x4d); }
  i32GeU() { return this.byte(0x4f); }
  i32Clz() { return this.byte(0x67); }
  i32Ctz() { return this.byte(0x68); }
  i32Popcnt() { return this.byte(0x69); }
  i32Add() { return this.byte(0x6a); }
  i32Sub() { return this.byte(0x6b); }
  i32Mul() { return this.byte(0x6c); }
  i32DivS() { return this.byte(0x6d); }
  i32DivU() { return this.byte(0x6e); }
  i32RemS() { return this.byte(0x6f); }
  i32RemU() { return this.byte(0x70); }
  i32And() { return this.byte(0x71); }
  i32Or() { return this.byte(0x72); }
  i32Xor() { return this.byte(0x73); }
  i32Shl() { return this.byte(0x74); }
  i32ShrS() { return this.byte(0x75); }
  i32ShrU() { return this.byte(0x76); }
  i32Rotl() { return this.byte(0x77); }
  i32Rotr() { return this.byte(0x78); }

  // ---- i64 ----
  i64Eqz() { return this.byte(0x50); }
  i64Eq() { return this.byte(0x51); }
  i64Ne() { return this.byte(0x52); }
  i64LtS() { return this.byte(0x53); }
  i64LtU() { return this.byte(0x54); }
  i64GtS() { return this.byte(0x55); }
  i64GtU() { return this.byte(0x56); }
  i64LeS() { return this.byte(0x57); }
  i64LeU() { return this.byte(0x58); }
  i64GeS() { return this.byte(0x59); }
  i64GeU() { return this.byte(0x5a); }
  i64Clz() { return this.byte(0x79); }
  i64Ctz() { return this.byte(0x7a); }
  i64Popcnt() { return this.byte(0x7b); }
  i64Add() { return this.byte(0x7c); }
  i64Sub() { return this.byte(0x7d); }
  i64Mul() { return this.byte(0x7e); }
  i64DivS() { return this.byte(0x7f); }
  i64DivU() { return this.byte(0x80); }
  i64RemS() { return this.byte(0x81); }
  i64RemU() { return this.byte(0x82); }
  i64And() { return this.byte(0x83); }
  i64Or() { return this.byte(0x84); }
  i64Xor() { return this.byte(0x85); }
  i64Shl() { return this.byte(0x86); }
  i64ShrS() { return this.byte(0x87); }
  i64ShrU() { return this.byte(0x88); }
  i64Rotl() { return this.byte(0x89); }
  i64Rotr() { return this.byte(0x8a); }

  // ---- f32 / f64 ----
  f32Eq() { return this.byte(0x5b); }
  f32Lt() { return this.byte(0x5d); }
  f32Le() { return this.byte(0x5f); }
  f64Eq() { return this.byte(0x61); }
  f64Ne() { return this.byte(0x62); }
  f64Lt() { return this.byte(0x63); }
  f64Gt() { return this.byte(0x64); }
  f64Le() { return this.byte(0x65); }
  f64Ge() { return this.byte(0x66); }
  f32Abs() { return this.byte(0x8b); }
  f32Neg() { return this.byte(0x8c); }
  f32Sqrt() { return this.byte(0x91); }
  f32Add() { return this.byte(0x92); }
  f32Sub() { return this.byte(0x93); }
  f32Mul() { return this.byte(0x94); }
  f32Div() { return this.byte(0x95); }
  f32Min() { return this.byte(0x96); }
  f32Max() { return this.byte(0x97); }
  f32Copysign() { return this.byte(0x98); }
  f64Abs() { return this.byte(0x99); }
  f64Neg() { return this.byte(0x9a); }
  f64Ceil() { return this.byte(0x9b); }
  f64Floor() { return this.byte(0x9c); }
  f64Trunc() { return this.byte(0x9d); }
  f64Nearest() { return this.byte(0x9e); }
  f64Sqrt() { return this.byte(0x9f); }
  f64Add() { return this.byte(0xa0); }
  f64Sub() { return this.byte(0xa1); }
  f64Mul() { return this.byte(0xa2); }
  f64Div() { return this.byte(0xa3); }
  f64Min() { return this.byte(0xa4); }
  f64Max() { return this.byte(0xa5); }
  f64Copysign() { return this.byte(0xa6); }

  // ---- conversions ----
  i32WrapI64() { return this.byte(0xa7); }
  i64ExtendI32S() { return this.byte(0xac); }
  i64ExtendI32U() { return this.byte(0xad); }
  i64TruncF64S() { return this.byte(0xb0); }
  i64TruncF64U() { return this.byte(0xb1); }
  f32ConvertI64S() { return this.byte(0xb4); }
  f32ConvertI64U() { return this.byte(0xb5); }
  f32DemoteF64() { return this.byte(0xb6); }
  f64ConvertI32S() { return this.byte(0xb7); }
  f64ConvertI32U() { return this.byte(0xb8); }
  f64ConvertI64S() { return this.byte(0xb9); }
  f64ConvertI64U() { return this.byte(0xba); }
  f64PromoteF32() { return this.byte(0xbb); }
  i32ReinterpretF32() { return this.byte(0xbc); }
  i64ReinterpretF64() { return this.byte(0xbd); }
  f32ReinterpretI32() { return this.byte(0xbe); }
  f64ReinterpretI64() { return this.byte(0xbf); }
  i64Extend8S() { return this.byte(0xc2); }
  i64Extend16S() { return this.byte(0xc3); }
  i64Extend32S() { return this.byte(0xc4); }
  i64TruncSatF64S() { return this.byte(0xfc).u32(6); }
  i64TruncSatF64U() { return this.byte(0xfc).u32(7); }
  memoryFill() { return this.byte(0xfc).u32(11).byte(0); }
  memoryCopy() { return this.byte(0xfc).u32(10).byte(0).byte(0); }

  // ---- SIMD (only what fused multiply-add needs) ----
  f64x2Splat() { return this.byte(0xfd).u32(0x14); }
  f64x2ExtractLane(lane: number) { return this.byte(0xfd).u32(0x21).byte(lane); }
  /** relaxed-simd f64x2.relaxed_madd: a*b+c, fused where the host has FMA. */
  f64x2RelaxedMadd() { return this.byte(0xfd).u32(0x107); }

  // ---- atomics (0xFE prefix) ----
  private atomic(sub: number, bytes: number, offset: number) {
    return this.byte(0xfe).u32(sub).u32(alignOf(bytes)).u32(offset);
  }
  atomicFence() { return this.byte(0xfe).u32(0x03).byte(0); }
  atomicNotify(o = 0) { return this.atomic(0x00, 4, o); }
  i32AtomicLoad(o = 0) { return this.atomic(0x10, 4, o); }
  i64AtomicLoad(o = 0) { return this.atomic(0x11, 8, o); }
  i32AtomicStore(o = 0) { return this.atomic(0x17, 4, o); }
  i64AtomicStore(o = 0) { return this.atomic(0x18, 8, o); }
  /**
   * Atomic read-modify-write. `group` selects add/sub/and/or/xor/xchg/cmpxchg; `wide` picks the
   * i64 (true) or i32 (false) full-width form.
   */
  atomicRmw(group: 'add' | 'sub' | 'and' | 'or' | 'xor' | 'xchg' | 'cmpxchg', wide: boolean, o = 0) {
    const base = { add: 0x1e, sub: 0x25, and: 0x2c, or: 0x33, xor: 0x3a, xchg: 0x41, cmpxchg: 0x48 }[group];
    return this.atomic(base + (wide ? 1 : 0), wide ? 8 : 4, o);
  }
}
