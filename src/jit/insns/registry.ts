// The per-instruction emitter table, indexed like ENCODINGS. Each family module registers its
// instructions by name; `missingEmitters` lets a test prove the table is complete.

import { ENCODINGS } from '../../riscv/encodings.js';
import { opIndex, type Insn } from '../../riscv/decode.js';
import type { RegionEmitter } from '../emitter.js';

export type InsnEmitter = (e: RegionEmitter, i: Insn) => void;

export const EMITTERS: (InsnEmitter | undefined)[] = new Array(ENCODINGS.length);

export function def(name: string, fn: InsnEmitter): void {
  EMITTERS[opIndex(name)] = fn;
}

export function missingEmitters(): string[] {
  return ENCODINGS.filter((_, i) => !EMITTERS[i]).map((e) => e.name);
}
