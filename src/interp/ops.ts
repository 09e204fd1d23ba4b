// The interpreter's handler table, indexed like ENCODINGS (as the JIT's emitter table is). Each
// family module registers its instructions by name; `missingHandlers` lets a test prove the
// table is complete.

import { ENCODINGS } from '../riscv/encodings.js';
import { opIndex, type Insn } from '../riscv/decode.js';
import type { Interpreter } from './interpreter.js';

/**
 * Executes one instruction at `pc`. Returns the next pc, or STOP when the instruction left the
 * interpreter with an exit already recorded in the vCPU state (reason, pc, fault address).
 * Control transfers set `m.jumped` so the interpreter knows a new block starts.
 */
export type Handler = (m: Interpreter, i: DecodedOp, pc: number) => number;

/** A decoded instruction as the interpreter keeps it: the immediate also as a BigInt. */
export interface DecodedOp extends Insn {
  readonly bimm: bigint;
  readonly run: Handler;
}

/** Returned by a handler that recorded an exit in the vCPU state. */
export const STOP = -1;

export const HANDLERS: (Handler | undefined)[] = new Array(ENCODINGS.length);

export function op(name: string, fn: Handler): void {
  HANDLERS[opIndex(name)] = fn;
}

export function missingHandlers(): string[] {
  return ENCODINGS.filter((_, i) => !HANDLERS[i]).map((e) => e.name);
}
