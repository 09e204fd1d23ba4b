// Keeps the benchmark suite from rotting: every program of `npm run bench` (bench/src/, built by
// scripts/bench.mjs) must build and print the same thing under rvjit, under qemu-riscv64 and
// natively, at its tiny workload size. The timing itself is not tested: that is the bench's job.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './support/guest.js';

interface BenchProgram {
  name: string;
  category: string;
}

/** The part of scripts/bench.mjs (plain JavaScript, no types) this test uses. */
interface BenchModule {
  PROGRAMS: BenchProgram[];
  TRIVIAL: BenchProgram;
  buildPrograms(programs: BenchProgram[], options: { variant: string; native: boolean }): Promise<Map<string, string>>;
  checkProgram(program: BenchProgram, options: { variant: string; native: boolean; timeoutMs: number }): string | null;
}

const bench = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench.mjs')).href)) as BenchModule;
const programs = [bench.TRIVIAL, ...bench.PROGRAMS];
let buildErrors = new Map<string, string>();

before(async () => {
  // Builds only what is out of date in build/bench/, so after the first run this is quick.
  buildErrors = await bench.buildPrograms(programs, { variant: 'tiny', native: true });
});

test('the suite covers every category the issue asks for', () => {
  const categories = new Set(bench.PROGRAMS.map((p) => p.category));
  for (const c of ['integer', 'fp', 'startup', 'go', 'memory']) assert.ok(categories.has(c), `no ${c} program`);
});

for (const program of programs) {
  test(`bench program ${program.name}`, () => {
    assert.equal(buildErrors.get(program.name), undefined, `build failed: ${buildErrors.get(program.name)}`);
    const problem = bench.checkProgram(program, { variant: 'tiny', native: true, timeoutMs: 60_000 });
    assert.equal(problem, null, `${program.name}: ${problem}`);
  });
}
