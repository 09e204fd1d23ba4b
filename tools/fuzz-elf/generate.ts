// (campaign seed, case index) -> a mutated ELF file. Each case draws from its own PRNG stream, so
// it is the same whatever --count, --first or --jobs it ran with.

import fs from 'node:fs';
import path from 'node:path';
import { Prng } from '../fuzz/prng.js';
import { ElfImage } from './image.js';
import { MUTATIONS, type Mutation } from './mutations.js';

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

export interface FuzzCase {
  index: number;
  seed: string;
  mutations: string[];
  bytes: Uint8Array;
}

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

export function generateCase(seeds: readonly SeedFile[], campaignSeed: number, index: number): FuzzCase {
  const r = new Prng(campaignSeed, index);
  const seed = r.pick(seeds);
  const img = new ElfImage(seed.bytes);
  const want = r.range(1, 4);
  const mutations: string[] = [];
  // A mutation that does not apply (no PT_INTERP left, say) is redrawn, a bounded number of times.
  for (let tries = 0; mutations.length < want && tries < want * 8; tries++) {
    const m = pickMutation(r);
    const what = m.apply(r, img);
    if (what !== null) mutations.push(`${m.name}: ${what}`);
  }
  return { index, seed: seed.name, mutations, bytes: img.bytes };
}
