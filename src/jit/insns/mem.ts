// Loads and stores, integer and floating point. Every access goes through the page-permission
// check in RegionEmitter.checkedAddress, so faults are raised at the instruction that made them.

import { T, type Code } from '../../wasm/code.js';
import { PERM_R, PERM_W } from '../../memory/layout.js';
import { def } from './registry.js';
import { accessSize } from '../access-groups.js';

function load(name: string, op: (c: Code) => unknown): void {
  const size = accessSize(name);
  def(name, (e, i) => {
    const a = e.checkedAddress(i.rs1, i.imm, size, PERM_R);
    e.c.get(a).i32WrapI64();
    op(e.c);
    e.setX(i.rd);
    e.release(T.i64);
  });
}

load('lb', (c) => c.i64Load8s());
load('lbu', (c) => c.i64Load8u());
load('lh', (c) => c.i64Load16s());
load('lhu', (c) => c.i64Load16u());
load('lw', (c) => c.i64Load32s());
load('lwu', (c) => c.i64Load32u());
load('ld', (c) => c.i64Load());

function store(name: string, op: (c: Code) => unknown): void {
  const size = accessSize(name);
  def(name, (e, i) => {
    const a = e.checkedAddress(i.rs1, i.imm, size, PERM_W);
    e.c.get(a).i32WrapI64();
    e.getX(i.rs2);
    op(e.c);
    e.release(T.i64);
  });
}

store('sb', (c) => c.i64Store8());
store('sh', (c) => c.i64Store16());
store('sw', (c) => c.i64Store32());
store('sd', (c) => c.i64Store());

const FLW_SIZE = accessSize('flw'), FLD_SIZE = accessSize('fld'), FSW_SIZE = accessSize('fsw'), FSD_SIZE = accessSize('fsd');

/** The NaN-boxing prefix of a single held in a 64-bit FP register. */
export const BOX = -0x100000000; // 0xffffffff00000000 as a signed 64-bit value

def('flw', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, FLW_SIZE, PERM_R);
  e.c.get(a).i32WrapI64().i64Load32u().i64Const(BOX).i64Or().f64ReinterpretI64();
  e.setF(i.rd);
  e.release(T.i64);
});

def('fld', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, FLD_SIZE, PERM_R);
  e.c.get(a).i32WrapI64().f64Load();
  e.setF(i.rd);
  e.release(T.i64);
});

def('fsw', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, FSW_SIZE, PERM_W);
  e.c.get(a).i32WrapI64();
  e.getF(i.rs2).c.i64ReinterpretF64().i64Store32();
  e.release(T.i64);
});

def('fsd', (e, i) => {
  const a = e.checkedAddress(i.rs1, i.imm, FSD_SIZE, PERM_W);
  e.c.get(a).i32WrapI64();
  e.getF(i.rs2).c.f64Store();
  e.release(T.i64);
});
