// (campaign seed, case index) -> a mutated ELF file. Each case draws from its own PRNG stream, so
// it is the same whatever --count, --first or --jobs it ran with.

import fs from 'node:fs';
import path from 'node:path';
import { Prng } from '../fuzz/prng.js';
import { ElfImage } from './image.js';
import { MUTATIONS, setInterp, type Mutation } from './mutations.js';

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

/** A mutated interpreter the case's program names (relative to the run's working directory). */
export interface MutatedInterp {
  name: string;
  mutations: string[];
  bytes: Uint8Array;
}

export interface FuzzCase {
  index: number;
  seed: string;
  mutations: string[];
  bytes: Uint8Array;
  interp: MutatedInterp | null;
}

/** Where mutated interpreters are written, relative to the working directory of the runs. */
export const CASES_DIR = 'cases';

/** The sysroot's dynamic linker: mutated, it is the interpreter of some dynamically linked cases. */
export const LD_SO = '/usr/riscv64-linux-gnu/lib/ld-linux-riscv64-lp64d.so.1';

/** The default seeds: a static program and a dynamically linked one (PT_INTERP to ld.so). */
export const DEFAULT_SEEDS = ['hello', 'proc_dyn_hello'];

export function loadSeeds(guestDir: string, names: readonly string[]): SeedFile[] {
  return names.map((name) => {
    const file = path.join(guestDir, name);
    if (!fs.existsSync(file)) throw new Error(`seed ${file} is missing (node scripts/build-guests.mjs builds it)`);
    return { name, bytes: fs.readFileSync(file) };
  });
}

const TOTAL_WEIGHT = MUTATIONS.reduce((s, m) => s + m.weight, 0);

function pickMutation(r: Prng): Mutation {
  let x = r.below(TOTAL_WEIGHT);
  for (const m of MUTATIONS) {
    if (x < m.weight) return m;
    x -= m.weight;
  }
  throw new Error('unreachable');
}

/** Applies 1-4 mutations (a mutation that does not apply is redrawn, a bounded number of times). */
function mutate(r: Prng, img: ElfImage, most = 4): string[] {
  const want = r.range(1, most);
  const mutations: string[] = [];
  for (let tries = 0; mutations.length < want && tries < want * 8; tries++) {
    const m = pickMutation(r);
    const what = m.apply(r, img);
    if (what !== null) mutations.push(`${m.name}: ${what}`);
  }
  return mutations;
}

/**
 * Case `index` of campaign `campaignSeed`. `ldso` is the interpreter to mutate: in one dynamically
 * linked case out of five, the program keeps its headers and names a mutated copy of it instead.
 */
export function generateCase(seeds: readonly SeedFile[], ldso: Uint8Array, campaignSeed: number, index: number): FuzzCase {
  const r = new Prng(campaignSeed, index);
  const seed = r.pick(seeds);
  const img = new ElfImage(seed.bytes);
  const name = `${CASES_DIR}/case-${index}.interp`;
  if (r.chance(0.2) && setInterp(img, name)) {
    const interp = new ElfImage(ldso);
    const mutations = mutate(r, interp, 2);
    return { index, seed: seed.name, mutations: [`PT_INTERP -> ${name}, a mutated ld.so`], bytes: img.bytes, interp: { name, mutations, bytes: interp.bytes } };
  }
  return { index, seed: seed.name, mutations: mutate(r, img), bytes: img.bytes, interp: null };
}
