// From (seed, case index) to a Program. Each case draws from its own PRNG stream, so a case is the
// same whichever batch or ELF it is generated in; and a case's items are all drawn before any is
// dropped, so a truncated or shrunk program keeps the exact instructions of the original.

import { Prng, mix32 } from './prng.js';
import { ItemGenerator } from './items.js';
import { randomFp, randomInt, randomScratch } from './values.js';
import type { Program, ProgramKind } from './program.js';
import { SCRATCH_SIZE } from './block.js';

export interface GenerateOptions {
  /** Items (random instructions) per program. */
  insns: number;
  /** Instruction names never to generate as an item's key. */
  exclude: ReadonlySet<string>;
  /** Avoid the inputs where QEMU contradicts the manual (quirks.ts); default true. */
  quirks?: boolean;
  /** If set, draw items only from these instruction names (focused campaigns). */
  only?: ReadonlySet<string>;
}

/** One case in this many is a 'badfrm' program. */
const BADFRM_ONE_IN = 100;

/** Cheap to compute without generating the program: the batcher needs it to place badfrm cases last. */
export function caseKind(seed: number, caseIndex: number): ProgramKind {
  return new Prng(mix32(seed, caseIndex), 1).below(BADFRM_ONE_IN) === 0 ? 'badfrm' : 'normal';
}

export function generateProgram(seed: number, caseIndex: number, opts: GenerateOptions): Program {
  const r = new Prng(mix32(seed, caseIndex), 0);
  const kind = caseKind(seed, caseIndex);
  const x = [0n];
  for (let i = 1; i < 32; i++) x.push(randomInt(r));
  const f: bigint[] = [];
  for (let i = 0; i < 32; i++) f.push(randomFp(r));
  const fcsr = (r.range(0, 4) << 5) | (r.chance(0.5) ? 0 : r.below(32));
  const scratch = randomScratch(r, SCRATCH_SIZE);
  const gen = new ItemGenerator(r, opts.exclude, opts.quirks ?? true, opts.only);
  const items = [];
  const badAt = kind === 'badfrm' ? r.below(opts.insns) : -1;
  for (let id = 0; id < opts.insns; id++) items.push(id === badAt ? gen.badFrm(id) : gen.next(id));
  return { seed, caseIndex, kind, init: { x, f, fcsr, scratch }, items };
}
