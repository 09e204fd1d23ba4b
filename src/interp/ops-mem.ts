// Loads and stores for the interpreter, integer and floating point, through the same permission
// check (and fault recording) as generated code: Interpreter.address.

import { PERM_R, PERM_W } from '../memory/layout.js';
import { op, STOP } from './ops.js';

const BOX = 0xffffffff00000000n;

function load(name: string, size: number, read: (dv: DataView, a: number) => bigint): void {
  op(name, (m, i, pc) => {
    const a = m.address(m.x[i.rs1]!, i.bimm, size, PERM_R, pc);
    if (a < 0) return STOP;
    const v = read(m.dv, a);
    if (i.rd !== 0) m.x[i.rd] = v;
    return pc + i.len;
  });
}

load('lb', 1, (dv, a) => BigInt(dv.getInt8(a)));
load('lbu', 1, (dv, a) => BigInt(dv.getUint8(a)));
load('lh', 2, (dv, a) => BigInt(dv.getInt16(a, true)));
load('lhu', 2, (dv, a) => BigInt(dv.getUint16(a, true)));
load('lw', 4, (dv, a) => BigInt(dv.getInt32(a, true)));
load('lwu', 4, (dv, a) => BigInt(dv.getUint32(a, true)));
load('ld', 8, (dv, a) => dv.getBigInt64(a, true));

function store(name: string, size: number, write: (dv: DataView, a: number, v: bigint) => void): void {
  op(name, (m, i, pc) => {
    const a = m.address(m.x[i.rs1]!, i.bimm, size, PERM_W, pc);
    if (a < 0) return STOP;
    write(m.dv, a, m.x[i.rs2]!);
    return pc + i.len;
  });
}

store('sb', 1, (dv, a, v) => dv.setUint8(a, Number(v & 0xffn)));
store('sh', 2, (dv, a, v) => dv.setUint16(a, Number(v & 0xffffn), true));
store('sw', 4, (dv, a, v) => dv.setUint32(a, Number(v & 0xffffffffn), true));
store('sd', 8, (dv, a, v) => dv.setBigInt64(a, v, true));

// A single loaded into an FP register is NaN-boxed; a store of one writes the low 32 bits as they are.
op('flw', (m, i, pc) => {
  const a = m.address(m.x[i.rs1]!, i.bimm, 4, PERM_R, pc);
  if (a < 0) return STOP;
  m.f[i.rd] = BOX | BigInt(m.dv.getUint32(a, true));
  return pc + i.len;
});
op('fld', (m, i, pc) => {
  const a = m.address(m.x[i.rs1]!, i.bimm, 8, PERM_R, pc);
  if (a < 0) return STOP;
  m.f[i.rd] = m.dv.getBigInt64(a, true);
  return pc + i.len;
});
op('fsw', (m, i, pc) => {
  const a = m.address(m.x[i.rs1]!, i.bimm, 4, PERM_W, pc);
  if (a < 0) return STOP;
  m.dv.setUint32(a, Number(m.f[i.rs2]! & 0xffffffffn), true);
  return pc + i.len;
});
op('fsd', (m, i, pc) => {
  const a = m.address(m.x[i.rs1]!, i.bimm, 8, PERM_W, pc);
  if (a < 0) return STOP;
  m.dv.setBigInt64(a, m.f[i.rs2]!, true);
  return pc + i.len;
});
