// Loads and stores, integer and floating point. Every access goes through the page-permission
// check in RegionEmitter.checkedAddress, so faults are raised at the instruction that made them.

import { T, type Code } from '../../wasm/code.js';
import { PERM_R, PERM_W } from '../../memory/layout.js';
import { def } from './registry.js';

function load(name: string, size: number, op: (c: Code) => unknown): void {
  def(name, (e, i) => {
    const a = e.checkedAddress(i.rs1, i.imm, size, PERM_R);
    e.c.get(a).i32WrapI64();
    op(e.c);
    e.setX(i.rd);
    e.release(T.i64);
  });
}

load('lb', 1, (c) => c.i64Load8s());
load('lbu', 1, (c) => c.i64Load8u());
load('lh', 2, (c) => c.i64Load16s());
load('lhu', 2, (c) => c.i64Load16u());
load('lw', 4, (c) => c.i64Load32s());
load('lwu', 4, (c) => c.i64Load32u());
load('ld', 8, (c) => c.i64Load());

function store(name: string, size: number, op: (c: Code) => unknown): void {
  def(name, (e, i) => {
    const a = e.checkedAddress(i.rs1, i.imm, size, PERM_W);
    e.c.get(a).i32WrapI64();
    e.getX(i.rs2);
    op(e.c);
    e.release(T.i64);
  });
}

store('sb', 1, (c) => c.i64Store8());
store('sh', 2, (c) => c.i64Store16());
store('sw', 4, (c) => c.i64Store32());
store('sd', 8, (c) => c.i64Store());

/** The NaN-boxing prefix of a single held in a 64-bit FP register. */
export const BOX = -0x100000000; // 0xffffffff00000000 as a signed 64-bit value

def('flw', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, 4, PERM_R);
  e.c.get(a).i32WrapI64().i64Load32u().i64Const(BOX).i64Or().f64ReinterpretI64();
  e.setF(i.rd);
  e.release(T.i64);
});

def('fld', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, 8, PERM_R);
  e.c.get(a).i32WrapI64().f64Load();
  e.setF(i.rd);
  e.release(T.i64);
});

def('fsw', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, 4, PERM_W);
  e.c.get(a).i32WrapI64();
  e.getF(i.rs2).c.i64ReinterpretF64().i64Store32();
  e.release(T.i64);
});

def('fsd', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, 8, PERM_W);
  e.c.get(a).i32WrapI64();
  e.getF(i.rs2).c.f64Store();
  e.release(T.i64);
});
