// Control transfer, system instructions and Zicsr for the interpreter, matching the exits and
// CSR behaviour of jit/insns/system.ts.

import { ExitReason, S_FENCE_SCRATCH } from '../jit/state.js';
import { GUEST_LIMIT } from '../memory/layout.js';
import { isComputedJump } from '../jit/control.js';
import { op } from './ops.js';
import type { Interpreter } from './interpreter.js';

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const LIMIT = BigInt(GUEST_LIMIT);

function branch(name: string, taken: (a: bigint, b: bigint) => boolean): void {
  op(name, (m, i, pc) => {
    m.jumped = true;
    return taken(m.x[i.rs1]!, m.x[i.rs2]!) ? pc + i.imm : pc + i.len;
  });
}
branch('beq', (a, b) => a === b);
branch('bne', (a, b) => a !== b);
branch('blt', (a, b) => a < b);
branch('bge', (a, b) => a >= b);
branch('bltu', (a, b) => u64(a) < u64(b));
branch('bgeu', (a, b) => u64(a) >= u64(b));

op('jal', (m, i, pc) => {
  if (i.rd !== 0) m.x[i.rd] = BigInt(pc + i.len);
  m.jumped = true;
  return pc + i.imm;
});

op('jalr', (m, i, pc) => {
  // The target is computed before rd is written: rd may be rs1.
  const target = u64(m.x[i.rs1]! + i.bimm) & ~1n;
  if (i.rd !== 0) m.x[i.rd] = BigInt(pc + i.len);
  m.jumped = true;
  if (target >= LIMIT) return m.leaveTo(target);
  if (isComputedJump(i)) m.peer.computedJump(pc, Number(target));
  else if (i.rd !== 0) m.peer.computedJump(pc | 1, Number(target)); // a call: bit 0 says so
  return Number(target);
});

op('ecall', (m, _i, pc) => m.exit(ExitReason.Ecall, pc));
op('ebreak', (m, _i, pc) => m.exit(ExitReason.Ebreak, pc));
op('fence.i', (m, _i, pc) => m.exit(ExitReason.FenceI, pc));
// A fence orders this thread's plain accesses against other threads': any atomic read-modify-
// write is a full barrier in JS (sequentially consistent), as wasm's atomic.fence is.
op('fence', (m, _i, pc) => {
  Atomics.add(m.a32, (m.base + S_FENCE_SCRATCH) >>> 2, 0);
  return pc + 4;
});

// ---- Zicsr ----
const CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003;
const CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02;

type CsrKind = 'w' | 's' | 'c';

function csr(m: Interpreter, i: { rd: number; rs1: number; imm: number; csr: number; len: number }, pc: number, kind: CsrKind, immediate: boolean): number {
  const writes = kind === 'w' || (immediate ? i.imm !== 0 : i.rs1 !== 0);
  if (i.csr === CSR_CYCLE || i.csr === CSR_TIME || i.csr === CSR_INSTRET) {
    if (writes) return m.exit(ExitReason.Illegal, pc);
    const read = m.helpers.functions[i.csr === CSR_TIME ? 'rdtime' : 'rdcycle'] as () => bigint;
    const v = read();
    if (i.rd !== 0) m.x[i.rd] = v;
    return pc + i.len;
  }
  if (i.csr !== CSR_FFLAGS && i.csr !== CSR_FRM && i.csr !== CSR_FCSR) return m.exit(ExitReason.Illegal, pc);
  const old = i.csr === CSR_FFLAGS ? m.fflags : i.csr === CSR_FRM ? m.frm : (m.frm << 5) | m.fflags;
  if (writes) {
    const width = i.csr === CSR_FCSR ? 0xff : i.csr === CSR_FRM ? 0x7 : 0x1f;
    const src = immediate ? i.imm : Number(BigInt.asIntN(32, m.x[i.rs1]!));
    const v = (kind === 'w' ? src : kind === 's' ? old | src : old & ~src) & width;
    if (i.csr === CSR_FFLAGS || i.csr === CSR_FCSR) m.fflags = v & 0x1f;
    if (i.csr === CSR_FRM) m.frm = v;
    else if (i.csr === CSR_FCSR) m.frm = v >>> 5;
  }
  if (i.rd !== 0) m.x[i.rd] = BigInt(old >>> 0);
  return pc + i.len;
}

for (const [name, kind, imm] of [
  ['csrrw', 'w', false], ['csrrs', 's', false], ['csrrc', 'c', false],
  ['csrrwi', 'w', true], ['csrrsi', 's', true], ['csrrci', 'c', true],
] as const) {
  op(name, (m, i, pc) => csr(m, i, pc, kind, imm));
}
