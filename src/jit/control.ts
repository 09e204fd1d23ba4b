// Which instructions end a translated block, and where control can go next.

import { opIndex, type Insn } from '../riscv/decode.js';

const BRANCHES = new Set(['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'].map(opIndex));
const JAL = opIndex('jal');
const JALR = opIndex('jalr');
/** Instructions after which the runtime (or a signal handler) may resume at the next pc. */
const RUNTIME_EXITS = new Set(['ecall', 'ebreak', 'fence.i'].map(opIndex));

export function isBranch(insn: Insn): boolean {
  return BRANCHES.has(insn.op);
}

/** jal/jalr that write a link register (calls). */
export function isCall(insn: Insn): boolean {
  return (insn.op === JAL || insn.op === JALR) && insn.rd !== 0;
}

/**
 * jalr that neither links nor returns (rs1 is not a link register): a computed jump, e.g.
 * through a switch's jump table or threaded code, usually to code of the same function.
 */
export function isComputedJump(insn: Insn): boolean {
  return insn.op === JALR && insn.rd === 0 && insn.rs1 !== 1 && insn.rs1 !== 5;
}

/** jalr that writes a link register: a call through a register (a function pointer, a vtable). */
export function isIndirectCall(insn: Insn): boolean {
  return insn.op === JALR && insn.rd !== 0;
}

export function isTerminator(insn: Insn): boolean {
  return BRANCHES.has(insn.op) || insn.op === JAL || insn.op === JALR || RUNTIME_EXITS.has(insn.op);
}

export interface ControlInfo {
  /** Statically known targets other than the next instruction. */
  targets: number[];
  /** Whether execution may continue at the next instruction (for calls: when the callee returns). */
  fallsThrough: boolean;
}

const NONE: ControlInfo = { targets: [], fallsThrough: true };

export function controlTargets(insn: Insn, pc: number): ControlInfo {
  if (BRANCHES.has(insn.op)) return { targets: [pc + insn.imm], fallsThrough: true };
  if (insn.op === JAL) return { targets: [pc + insn.imm], fallsThrough: insn.rd !== 0 };
  if (insn.op === JALR) return { targets: [], fallsThrough: insn.rd !== 0 };
  return NONE;
}
