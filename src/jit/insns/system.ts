// Control transfer (branches, jal, jalr), system instructions (ecall, ebreak, fences) and the
// Zicsr accesses to fflags/frm/fcsr and the user counters.

import { T, type Code } from '../../wasm/code.js';
import type { RegionEmitter } from '../emitter.js';
import { ExitReason } from '../state.js';
import type { Insn } from '../../riscv/decode.js';
import { def } from './registry.js';
import { isComputedJump } from '../control.js';

function branch(name: string, cmp: (c: Code) => unknown): void {
  def(name, (e, i) => {
    e.getX(i.rs1).getX(i.rs2);
    cmp(e.c);
    e.if_();
    e.goto(e.pc + i.imm);
    e.end();
    e.goto(e.pc + i.len);
  });
}
branch('beq', (c) => c.i64Eq());
branch('bne', (c) => c.i64Ne());
branch('blt', (c) => c.i64LtS());
branch('bge', (c) => c.i64GeS());
branch('bltu', (c) => c.i64LtU());
branch('bgeu', (c) => c.i64GeU());

def('jal', (e, i) => {
  if (i.rd !== 0) {
    e.c.i64Const(e.pc + i.len);
    e.setX(i.rd);
  }
  e.goto(e.pc + i.imm);
});

def('jalr', (e, i) => {
  // The target is computed before rd is written: rd may be rs1.
  e.getX(i.rs1);
  if (i.imm !== 0) e.c.i64Const(i.imm).i64Add();
  e.c.i64Const(-2).i64And();
  if (i.rd !== 0) {
    const t = e.temp(T.i64);
    e.c.set(t);
    e.c.i64Const(e.pc + i.len);
    e.setX(i.rd);
    e.c.get(t);
    e.release(T.i64);
  }
  if (isComputedJump(i) || e.returnsInside || e.callsInside) e.computedJump();
  else if (i.rd !== 0) e.exitComputed(); // recorded: its targets may be inlined (plan.ts)
  else e.exitToDynamic();
});

def('ecall', (e) => void e.exitWithReason(ExitReason.Ecall));
def('ebreak', (e) => void e.exitWithReason(ExitReason.Ebreak));
def('fence.i', (e) => void e.exitWithReason(ExitReason.FenceI));
// Plain wasm loads and stores are unordered between threads; a RISC-V fence orders them, so it
// becomes a sequentially consistent wasm fence.
def('fence', (e) => void e.c.atomicFence());

// ---- Zicsr ----
const CSR_FFLAGS = 0x001;
const CSR_FRM = 0x002;
const CSR_FCSR = 0x003;
const CSR_CYCLE = 0xc00;
const CSR_TIME = 0xc01;
const CSR_INSTRET = 0xc02;

type CsrKind = 'w' | 's' | 'c';

/** Pushes the i32 source operand of a CSR instruction (x[rs1] or the 5-bit immediate). */
function csrSource(e: RegionEmitter, i: Insn, immediate: boolean): void {
  if (immediate) e.c.i32Const(i.imm);
  else e.getX(i.rs1).c.i32WrapI64();
}

function csrWrites(kind: CsrKind, i: Insn, immediate: boolean): boolean {
  return kind === 'w' || (immediate ? i.imm !== 0 : i.rs1 !== 0);
}

function csr(e: RegionEmitter, i: Insn, kind: CsrKind, immediate: boolean): void {
  const c = e.c;
  const writes = csrWrites(kind, i, immediate);
  if (i.csr === CSR_CYCLE || i.csr === CSR_TIME || i.csr === CSR_INSTRET) {
    if (writes) {
      e.exitWithReason(ExitReason.Illegal);
      return;
    }
    e.call(i.csr === CSR_TIME ? 'rdtime' : 'rdcycle');
    e.setX(i.rd);
    return;
  }
  if (i.csr !== CSR_FFLAGS && i.csr !== CSR_FRM && i.csr !== CSR_FCSR) {
    e.exitWithReason(ExitReason.Illegal);
    return;
  }
  const fflags = e.fflags();
  const frm = e.frm();
  const old = e.temp(T.i32);
  // Read the old value.
  if (i.csr === CSR_FFLAGS) c.get(fflags);
  else if (i.csr === CSR_FRM) c.get(frm);
  else c.get(frm).i32Const(5).i32Shl().get(fflags).i32Or();
  c.set(old);
  if (writes) {
    const width = i.csr === CSR_FCSR ? 0xff : i.csr === CSR_FRM ? 0x7 : 0x1f;
    const v = e.temp(T.i32);
    if (kind === 'w') csrSource(e, i, immediate);
    else if (kind === 's') {
      c.get(old);
      csrSource(e, i, immediate);
      c.i32Or();
    } else {
      c.get(old);
      csrSource(e, i, immediate);
      c.i32Const(-1).i32Xor().i32And();
    }
    c.i32Const(width).i32And().set(v);
    if (i.csr === CSR_FFLAGS || i.csr === CSR_FCSR) {
      c.get(v).i32Const(0x1f).i32And().set(fflags);
      e.fflagsWritten = true;
    }
    if (i.csr === CSR_FRM) {
      c.get(v).set(frm);
      e.frmWritten = true;
    } else if (i.csr === CSR_FCSR) {
      c.get(v).i32Const(5).i32ShrU().set(frm);
      e.frmWritten = true;
    }
    e.release(T.i32);
  }
  if (i.rd !== 0) {
    c.get(old).i64ExtendI32U();
    e.setX(i.rd);
  }
  e.release(T.i32);
}

for (const [name, kind, imm] of [
  ['csrrw', 'w', false], ['csrrs', 's', false], ['csrrc', 'c', false],
  ['csrrwi', 'w', true], ['csrrsi', 's', true], ['csrrci', 'c', true],
] as const) {
  def(name, (e, i) => csr(e, i, kind, imm));
}
