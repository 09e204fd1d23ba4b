// The two execution tiers (docs/design.md, "Tiers"): every instruction the decoder knows has an
// interpreter handler, cold code stays in the interpreter, hot code is translated, and the
// threshold option reaches the vCPUs. Whole-program agreement of each tier with qemu-riscv64 is in
// guest-programs.test.ts; instruction-level agreement in fuzz.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { missingHandlers } from '../src/interp/ops.js';
import '../src/interp/ops-index.js';
import { ROOT, guest, runRvjit } from './support/guest.js';

test('every encoding in the decoder table has an interpreter handler', () => {
  assert.deepEqual(missingHandlers(), []);
});

const primes = path.join(ROOT, 'examples', 'primes');

function stats(threshold: number): { stdout: string; translated: number; interpreted: number; regions: number } {
  const r = runRvjit(primes, { args: ['30000'], rvjitOptions: ['--stats', `--jit-threshold=${threshold}`] });
  assert.equal(r.status, 0, r.stderr);
  const translated = /translated: \d+ blocks, (\d+) guest instructions/.exec(r.stderr);
  const interpreted = /interpreted: (\d+) guest instructions/.exec(r.stderr);
  const regions = /regions: (\d+) built/.exec(r.stderr);
  assert.ok(translated && interpreted && regions, r.stderr);
  return { stdout: r.stdout, translated: Number(translated[1]), interpreted: Number(interpreted[1]), regions: Number(regions[1]) };
}

test('--jit-threshold: 0 translates everything, a huge one nothing, the default only hot code', () => {
  const jit = stats(0);
  const interp = stats(1_000_000_000);
  const mixed = stats(32);
  assert.equal(jit.stdout, '3245 primes below 30000\n');
  assert.equal(interp.stdout, jit.stdout);
  assert.equal(mixed.stdout, jit.stdout);
  assert.equal(jit.interpreted, 0);
  assert.ok(jit.translated > 1000, `JIT-only translated ${jit.translated} instructions`);
  assert.equal(interp.translated, 0);
  assert.equal(interp.regions, 0);
  assert.ok(interp.interpreted > 200_000, `interpreter-only ran ${interp.interpreted} instructions`);
  // The sieve's loops become hot and are translated; most of the startup code is not.
  assert.ok(mixed.translated > 0 && mixed.translated < jit.translated / 4, `default tiers translated ${mixed.translated} of ${jit.translated}`);
  assert.ok(mixed.interpreted > 0 && mixed.interpreted < interp.interpreted / 10, `default tiers interpreted ${mixed.interpreted}`);
});

test('--jit-threshold rejects values that are not counts', () => {
  for (const bad of ['-1', 'x', '1.5', '']) {
    const r = runRvjit(primes, { rvjitOptions: [`--jit-threshold=${bad}`] });
    assert.equal(r.status, 2, `--jit-threshold=${bad}: ${r.stderr}`);
    assert.match(r.stderr, /^rvjit: --jit-threshold needs a count/);
  }
});

test('translated code checks runs of accesses once and rechecks them one by one when one faults', () => {
  // sig_segv_grouped faults inside runs of loads and stores through one base register. Translated
  // code must come back to the runtime for them (jit/access-groups.ts), and print what the
  // interpreter, which checks every access on its own, prints.
  const run = (threshold: number) => {
    const r = runRvjit(guest('sig_segv_grouped'), { rvjitOptions: ['--stats', `--jit-threshold=${threshold}`] });
    assert.equal(r.status, 0, r.stderr);
    const rechecks = /, (\d+) of them for a failed grouped access check/.exec(r.stderr);
    return { stdout: r.stdout, rechecks: rechecks ? Number(rechecks[1]) : 0 };
  };
  const jit = run(0);
  const interp = run(1_000_000_000);
  assert.ok(jit.rechecks >= 100, `JIT-only rechecks: ${jit.rechecks}`);
  assert.equal(interp.rechecks, 0);
  assert.equal(jit.stdout, interp.stdout);
  assert.match(jit.stdout, /stores, second faults +2 fault\(s\): \[pc \+4, si_addr page\+12288\] \[pc \+8, si_addr page\+12296\]/);
});

test('a switch in a hot loop learns its jump targets and stops going through the dispatcher', () => {
  // isa_switch_loop's first loop takes a jump-table switch 400,000 times. Each computed jump
  // used to leave its region for the dispatcher (about 1.2 jump-cache hits per step, with the
  // helper calls); once the targets are learned the region dispatches them itself and only the
  // calls to helper (one step in ten, a call and a return) still go through it. Both tiers'
  // ways of learning are used: the interpreter's (default threshold) and the dispatcher's misses
  // (threshold 0).
  const steps = 400_000;
  for (const threshold of [0, 32]) {
    const r = runRvjit(guest('isa_switch_loop'), { args: [String(steps), '0'], rvjitOptions: ['--stats', `--jit-threshold=${threshold}`] });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^steps 400000 acc [0-9a-f]{16} helper calls \d+$/m);
    const jc = /jump cache: [\d.]+% hits \((\d+) hits/.exec(r.stderr);
    assert.ok(jc, r.stderr);
    assert.ok(Number(jc[1]) < steps / 2, `threshold ${threshold}: ${jc[1]} dispatches for ${steps} switch steps`);
  }
});

test('the dispatcher returns to the runtime now and then, so that V8 can optimise it', () => {
  // wasm has no on-stack replacement: without these returns a program that never leaves
  // generated code would dispatch in V8's baseline code for its whole run (vcpu/dispatcher.ts).
  // isa_switch_loop's helper calls go through the dispatcher (a call and a return every ten
  // steps), far more than 2^16 times here, with only start-up's exits in between.
  const r = runRvjit(guest('isa_switch_loop'), { args: ['3000000', '0'], rvjitOptions: ['--stats'] });
  assert.equal(r.status, 0, r.stderr);
  const hits = Number(/jump cache: [\d.]+% hits \((\d+) hits/.exec(r.stderr)?.[1]);
  const yields = Number(/dispatcher yields: (\d+)/.exec(r.stderr)?.[1]);
  assert.ok(hits > 4 * 65536, r.stderr);
  // Every yield follows 2^16 dispatcher iterations; exits and misses restart the count.
  assert.ok(yields >= 2 && yields <= hits / 65536 + 1, `${yields} yields for ${hits} dispatches`);
});

test('calls that alternate between two functions 64 KiB apart hit the jump cache', () => {
  // Their entries agree in the bits that index the cache; without folding in the bits above, each
  // call evicted the other function's entry: 199,989 misses for 400,000 dispatches.
  const r = runRvjit(guest('isa_jc_alias'), { args: ['100000'], rvjitOptions: ['--stats'] });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /layout/);
  const jc = /jump cache: [\d.]+% hits \((\d+) hits, (\d+) misses\)/.exec(r.stderr);
  assert.ok(jc && Number(jc[1]) >= 300_000, r.stderr);
  assert.ok(Number(jc[2]) < 5_000, `${jc[2]} misses: ${r.stderr}`);
});

/** Runs a guest program with --stats: how many callees were inlined, and how many dispatches. */
function inlining(program: string, args: string[]): { inlined: number; dispatches: number; stderr: string } {
  const r = runRvjit(guest(program), { args, rvjitOptions: ['--stats'] });
  assert.equal(r.status, 0, r.stderr);
  const inlined = Number(/(\d+) callees inlined from other pages/.exec(r.stderr)?.[1] ?? 0);
  const dispatches = Number(/jump cache: [\d.]+% hits \((\d+) hits/.exec(r.stderr)?.[1]);
  return { inlined, dispatches, stderr: r.stderr };
}

test('a hot call to a small function on another page is inlined, and stops going through the dispatcher', () => {
  // 3,000 x 2,000 calls from a loop on one page to a function on another: without inlining each
  // call and each return is a dispatch (12 million); inlined, the loop runs inside one function.
  const { inlined, dispatches, stderr } = inlining('smc_inlined_callee', ['3000']);
  assert.ok(inlined >= 1, stderr);
  assert.ok(dispatches < 1_000_000, `${dispatches} dispatches: ${stderr}`);
});

test('--stats breaks the translation time down into its steps, which add up to it', () => {
  const r = runRvjit(primes, { args: ['30000'], rvjitOptions: ['--stats'] });
  assert.equal(r.status, 0, r.stderr);
  const total = Number(/([\d.]+) ms translating \(/.exec(r.stderr)?.[1]);
  const steps = /translating: ([\d.]+) ms planning \+ ([\d.]+) ms emitting wasm \+ ([\d.]+) ms compiling modules \+ ([\d.]+) ms instantiating/.exec(r.stderr);
  assert.ok(steps && total > 0, r.stderr);
  const parts = steps.slice(1).map(Number);
  assert.ok(parts.every((x) => x > 0), r.stderr);
  // Each figure is rounded to 0.1 ms.
  assert.ok(Math.abs(parts.reduce((a, b) => a + b, 0) - total) <= 0.25, r.stderr);
});

test('a hot call through a function pointer to a small function on another page is inlined', () => {
  // 3,000 x 1,000 calls through one pointer: without inlining 6 million dispatches.
  const { inlined, dispatches, stderr } = inlining('isa_indirect_call', ['3000']);
  assert.ok(inlined >= 1, stderr);
  assert.ok(dispatches < 1_500_000, `${dispatches} dispatches: ${stderr}`);
});
