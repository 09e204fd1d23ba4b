// Integer computation: RV64I register/immediate ALU, M, and Zba/Zbb/Zbs.

import { T } from '../../wasm/code.js';
import type { Code } from '../../wasm/code.js';
import type { RegionEmitter } from '../emitter.js';
import type { Insn } from '../../riscv/decode.js';
import { def } from './registry.js';
import { emitMulHigh, emitRev8 } from '../wide-mul.js';

type Op = (c: Code) => unknown;

/** rd = op(x[rs1], x[rs2]) over i64. */
function r64(name: string, op: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1).getX(i.rs2);
    op(e.c);
    e.setX(i.rd);
  });
}

/** rd = op(x[rs1], imm) over i64. */
function i64imm(name: string, op: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    e.c.i64Const(i.imm);
    op(e.c);
    e.setX(i.rd);
  });
}

/** rd = sext32(op(x[rs1], x[rs2])) where op works on i64 and only its low 32 bits matter. */
function r32via64(name: string, op: Op): void {
  r64(name, (c) => {
    op(c);
    c.i64Extend32S();
  });
}

/** rd = sext32(op32(low32(x[rs1]), low32(x[rs2]))). */
function r32(name: string, op: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    e.c.i32WrapI64();
    e.getX(i.rs2);
    e.c.i32WrapI64();
    op(e.c);
    e.c.i64ExtendI32S();
    e.setX(i.rd);
  });
}

/** rd = sext32(op32(low32(x[rs1]), imm)). */
function i32imm(name: string, op: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    e.c.i32WrapI64().i32Const(i.imm);
    op(e.c);
    e.c.i64ExtendI32S();
    e.setX(i.rd);
  });
}

/** rd = f(x[rs1]) for unary ops. */
function unary(name: string, op: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    op(e.c);
    e.setX(i.rd);
  });
}

// ---- RV64I ----
def('lui', (e, i) => {
  if (i.rd === 0) return;
  e.c.i64Const(i.imm);
  e.setX(i.rd);
});
def('auipc', (e, i) => {
  if (i.rd === 0) return;
  e.c.i64Const(e.pc + i.imm);
  e.setX(i.rd);
});
def('addi', (e, i) => {
  if (i.rd === 0) return;
  if (i.rs1 === 0) e.c.i64Const(i.imm);
  else if (i.imm === 0) e.getX(i.rs1);
  else e.getX(i.rs1).c.i64Const(i.imm).i64Add();
  e.setX(i.rd);
});
i64imm('slti', (c) => c.i64LtS().i64ExtendI32U());
i64imm('sltiu', (c) => c.i64LtU().i64ExtendI32U());
i64imm('xori', (c) => c.i64Xor());
i64imm('ori', (c) => c.i64Or());
i64imm('andi', (c) => c.i64And());
i64imm('slli', (c) => c.i64Shl());
i64imm('srli', (c) => c.i64ShrU());
i64imm('srai', (c) => c.i64ShrS());
r64('add', (c) => c.i64Add());
r64('sub', (c) => c.i64Sub());
// wasm shifts take the count modulo the width, exactly as RISC-V does.
r64('sll', (c) => c.i64Shl());
r64('srl', (c) => c.i64ShrU());
r64('sra', (c) => c.i64ShrS());
r64('slt', (c) => c.i64LtS().i64ExtendI32U());
r64('sltu', (c) => c.i64LtU().i64ExtendI32U());
r64('xor', (c) => c.i64Xor());
r64('or', (c) => c.i64Or());
r64('and', (c) => c.i64And());
def('addiw', (e, i) => {
  if (i.rd === 0) return;
  e.getX(i.rs1);
  if (i.imm !== 0) e.c.i64Const(i.imm).i64Add();
  e.c.i64Extend32S();
  e.setX(i.rd);
});
i64imm('slliw', (c) => c.i64Shl().i64Extend32S());
i32imm('srliw', (c) => c.i32ShrU());
i32imm('sraiw', (c) => c.i32ShrS());
r32via64('addw', (c) => c.i64Add());
r32via64('subw', (c) => c.i64Sub());
r32('sllw', (c) => c.i32Shl());
r32('srlw', (c) => c.i32ShrU());
r32('sraw', (c) => c.i32ShrS());

// ---- M ----
r64('mul', (c) => c.i64Mul());
r32via64('mulw', (c) => c.i64Mul());
for (const name of ['mulh', 'mulhu', 'mulhsu'] as const) {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    const t = [0, 1, 2, 3, 4].map(() => e.temp(T.i64));
    e.getX(i.rs1).c.set(t[0]!);
    e.getX(i.rs2).c.set(t[1]!);
    emitMulHigh(e.c, name, t);
    e.setX(i.rd);
    e.release(T.i64, t.length);
  });
}

/**
 * Division with RISC-V's defined results where wasm would trap: x/0 = -1 (all ones), x%0 = x,
 * and for signed overflow (MIN / -1) the quotient is MIN and the remainder 0.
 */
function division(e: RegionEmitter, i: Insn, wide: boolean, signed: boolean, rem: boolean): void {
  if (i.rd === 0) return;
  const c = e.c;
  const ty = wide ? T.i64 : T.i32;
  const a = e.temp(ty);
  const b = e.temp(ty);
  e.getX(i.rs1);
  if (!wide) c.i32WrapI64();
  c.set(a);
  e.getX(i.rs2);
  if (!wide) c.i32WrapI64();
  c.tee(b);
  if (wide) c.i64Eqz();
  else c.i32Eqz();
  e.if_(ty);
  if (rem) c.get(a);
  else if (wide) c.i64Const(-1);
  else c.i32Const(-1);
  e.else_();
  if (signed) {
    // MIN / -1 overflows in wasm (trap); RISC-V defines it. rem_s does not trap, div_s does.
    if (!rem) {
      c.get(b);
      if (wide) c.i64Const(-1).i64Eq();
      else c.i32Const(-1).i32Eq();
      e.if_(ty);
      // x / -1 is 0 - x; for x = MIN the wrap-around gives MIN, which is RISC-V's defined result.
      if (wide) c.i64Const(0).get(a).i64Sub();
      else c.i32Const(0).get(a).i32Sub();
      e.else_();
      c.get(a).get(b);
      if (wide) c.i64DivS();
      else c.i32DivS();
      e.end();
    } else {
      c.get(a).get(b);
      if (wide) c.i64RemS();
      else c.i32RemS();
    }
  } else {
    c.get(a).get(b);
    if (wide) rem ? c.i64RemU() : c.i64DivU();
    else rem ? c.i32RemU() : c.i32DivU();
  }
  e.end();
  if (!wide) c.i64ExtendI32S();
  e.setX(i.rd);
  e.release(ty, 2);
}
def('div', (e, i) => division(e, i, true, true, false));
def('divu', (e, i) => division(e, i, true, false, false));
def('rem', (e, i) => division(e, i, true, true, true));
def('remu', (e, i) => division(e, i, true, false, true));
def('divw', (e, i) => division(e, i, false, true, false));
def('divuw', (e, i) => division(e, i, false, false, false));
def('remw', (e, i) => division(e, i, false, true, true));
def('remuw', (e, i) => division(e, i, false, false, true));

// ---- Zba ----
const zext32 = (c: Code) => c.i32WrapI64().i64ExtendI32U();
def('add.uw', (e, i) => {
  if (i.rd === 0) return;
  e.getX(i.rs1);
  zext32(e.c);
  e.getX(i.rs2).c.i64Add();
  e.setX(i.rd);
});
for (const [n, sh] of [['sh1add', 1], ['sh2add', 2], ['sh3add', 3]] as const) {
  for (const uw of [false, true]) {
    def(uw ? `${n}.uw` : n, (e, i) => {
      if (i.rd === 0) return;
      e.getX(i.rs1);
      if (uw) zext32(e.c);
      e.c.i64Const(sh).i64Shl();
      e.getX(i.rs2).c.i64Add();
      e.setX(i.rd);
    });
  }
}
def('slli.uw', (e, i) => {
  if (i.rd === 0) return;
  e.getX(i.rs1);
  zext32(e.c);
  e.c.i64Const(i.imm).i64Shl();
  e.setX(i.rd);
});

// ---- Zbb ----
r64('andn', (c) => c.i64Const(-1).i64Xor().i64And());
r64('orn', (c) => c.i64Const(-1).i64Xor().i64Or());
r64('xnor', (c) => c.i64Xor().i64Const(-1).i64Xor());
unary('clz', (c) => c.i64Clz());
unary('ctz', (c) => c.i64Ctz());
unary('cpop', (c) => c.i64Popcnt());
unary('clzw', (c) => c.i32WrapI64().i32Clz().i64ExtendI32U());
unary('ctzw', (c) => c.i32WrapI64().i32Ctz().i64ExtendI32U());
unary('cpopw', (c) => c.i32WrapI64().i32Popcnt().i64ExtendI32U());
unary('sext.b', (c) => c.i64Extend8S());
unary('sext.h', (c) => c.i64Extend16S());
unary('zext.h', (c) => c.i64Const(0xffff).i64And());
def('rev8', (e, i) => {
  if (i.rd === 0) return;
  const t = e.temp(T.i64);
  e.getX(i.rs1).c.set(t);
  emitRev8(e.c, t);
  e.setX(i.rd);
  e.release(T.i64);
});
// orc.b: a byte becomes 0xff if non-zero. (b & 0x7f) + 0x7f sets bit 7 exactly when the low seven
// bits are non-zero and never carries out of the byte; OR-ing b adds its own bit 7.
def('orc.b', (e, i) => {
  if (i.rd === 0) return;
  const c = e.c;
  const x = e.temp(T.i64);
  e.getX(i.rs1);
  c.tee(x).i64ConstBig(0x7f7f7f7f7f7f7f7fn).i64And().i64ConstBig(0x7f7f7f7f7f7f7f7fn).i64Add();
  c.get(x).i64Or().i64ConstBig(0x8080808080808080n).i64And();
  c.i64Const(7).i64ShrU().i64Const(0xff).i64Mul();
  e.setX(i.rd);
  e.release(T.i64);
});
function minmax(name: string, cmp: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1).getX(i.rs2).getX(i.rs1).getX(i.rs2);
    cmp(e.c);
    e.c.select();
    e.setX(i.rd);
  });
}
minmax('max', (c) => c.i64GtS());
minmax('maxu', (c) => c.i64GtU());
minmax('min', (c) => c.i64LtS());
minmax('minu', (c) => c.i64LtU());
r64('rol', (c) => c.i64Rotl());
r64('ror', (c) => c.i64Rotr());
r32('rolw', (c) => c.i32Rotl());
r32('rorw', (c) => c.i32Rotr());
i64imm('rori', (c) => c.i64Rotr());
i32imm('roriw', (c) => c.i32Rotr());

// ---- Zbs ----
/** rd = combine(x[rs1], 1 << index); wasm masks the shift count to 0..63 as RISC-V does. */
function singleBit(name: string, immediate: boolean, combine: Op): void {
  def(name, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    e.c.i64Const(1);
    if (immediate) e.c.i64Const(i.imm);
    else e.getX(i.rs2);
    e.c.i64Shl();
    combine(e.c);
    e.setX(i.rd);
  });
}
for (const imm of [false, true]) {
  const s = imm ? 'i' : '';
  singleBit(`bclr${s}`, imm, (c) => c.i64Const(-1).i64Xor().i64And());
  singleBit(`binv${s}`, imm, (c) => c.i64Xor());
  singleBit(`bset${s}`, imm, (c) => c.i64Or());
  def(`bext${s}`, (e, i) => {
    if (i.rd === 0) return;
    e.getX(i.rs1);
    if (imm) e.c.i64Const(i.imm);
    else e.getX(i.rs2);
    e.c.i64ShrU().i64Const(1).i64And();
    e.setX(i.rd);
  });
}
