// The ELF loader fuzzer (tools/fuzz-elf): its cases are a pure function of (seed, index), and a
// fixed-seed campaign of mutated programs must end with no FAIL: every case either runs (and exits
// or dies of a guest signal) or is refused with status 1 and one "rvjit: " line, never an internal
// error, JavaScript error text, a hang or node itself dying. Reproducers of what earlier
// campaigns found are in elf-errors.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { GUEST_DIR, guest } from './support/guest.js';
import { DEFAULT_SEEDS, LD_SO, generateCase, loadSeeds } from '../tools/fuzz-elf/generate.js';
import { runCampaign, summarise } from '../tools/fuzz-elf/campaign.js';

const SEED = 20261128;
const CASES = 160;

test('the seed programs and the interpreter exist', () => {
  // scripts/test.mjs builds the guests before running the tests; a missing seed is a failure here,
  // not a reason to pass without fuzzing anything.
  for (const name of DEFAULT_SEEDS) assert.ok(fs.existsSync(guest(name)), `${guest(name)} is missing (node scripts/build-guests.mjs)`);
  assert.ok(fs.existsSync(LD_SO), `${LD_SO} is missing (Debian package libc6-riscv64-cross)`);
});

test('a case depends only on the seed and its index', () => {
  const seeds = loadSeeds(GUEST_DIR, DEFAULT_SEEDS);
  const ldso = fs.readFileSync(LD_SO);
  for (const index of [0, 7, 123]) {
    const a = generateCase(seeds, ldso, SEED, index);
    const b = generateCase(seeds, ldso, SEED, index);
    assert.deepEqual(a.mutations, b.mutations);
    assert.deepEqual(a.bytes, b.bytes);
    assert.ok(a.mutations.length >= 1 && a.mutations.length <= 4, a.mutations.join('; '));
  }
  assert.notDeepEqual(generateCase(seeds, ldso, SEED, 1).bytes, generateCase(seeds, ldso, SEED + 1, 1).bytes);
});

test(`fixed-seed campaign: ${CASES} mutated ELF files, no FAIL`, async () => {
  const result = await runCampaign({
    seed: SEED, first: 0, count: CASES, jobs: 2, seeds: loadSeeds(GUEST_DIR, DEFAULT_SEEDS),
    staticSeedPath: guest('hello'), timeoutMs: 10_000, qemu: true, failuresDir: null,
  });
  const summary = summarise(result).join('\n');
  assert.equal(result.cases, CASES);
  assert.deepEqual(result.failures.map((f) => f.text), [], summary);
  // A campaign that only ever produced refusals (or only runs) would test little.
  for (const outcome of ['ran-exit', 'ran-signal', 'refused']) {
    assert.ok((result.outcomes.get(outcome) ?? 0) > 0, `no ${outcome} case:\n${summary}`);
  }
});
