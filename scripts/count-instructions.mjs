#!/usr/bin/env node
// Host instructions that rvjit builds (or measuring knobs) execute on the suite's single-threaded
// programs, counted by valgrind's cachegrind: the count at the `quick` size minus the count at the
// `tiny` size (for interp, twice the quick size minus the quick size), so Node's and rvjit's
// start-up drop out. On this machine one build's wall time moves by 30% from run to run; these
// counts, made under the node flags below, repeated within 1-3% where we repeated them (sort,
// nbody), but hash stays bimodal (~826 M or ~958 M for one build): repeat before trusting a
// difference in a single program. They are not times: a change that trades instructions for cache
// misses or stalls is invisible here, so the wall-time benchmark (`npm run bench`) stays the
// figure of merit.
//
// Usage: node scripts/count-instructions.mjs VARIANT [VARIANT...] [--only a,b] [--jobs N] [--node-flags a,b]
//   VARIANT = name=path/to/bin/rvjit.js[@ENV=1+ENV2=x]
// e.g.  node scripts/count-instructions.mjs new=bin/rvjit.js old=/tmp/base/bin/rvjit.js
//       node scripts/count-instructions.mjs on=bin/rvjit.js off=bin/rvjit.js@RVJIT_MEASURE_NO_POLL=1
// Needs valgrind; builds the programs as `npm run bench -- --quick` does.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROGRAMS, binaries, buildPrograms } from './bench.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const only = option('--only')?.split(',');
// Options for node itself, for every variant. By default V8 compiles every wasm function with
// TurboFan before it first runs and does all its work on one thread: otherwise how long a loop
// runs in baseline (Liftoff) code before its optimised code arrives depends on thread timing,
// which moved the counts of one build by up to 50% between runs (sort, strings). So the counts
// describe optimised code, as it runs in long runs.
const nodeFlags = (option('--node-flags') ?? '--single-threaded,--no-liftoff').split(',').filter(Boolean);
const jobs = Number(option('--jobs') ?? 2) || 2;
const variants = args.map((spec) => {
  const m = /^([^=]+)=([^@]+)(?:@(.*))?$/.exec(spec);
  if (!m) throw new Error(`bad variant ${spec}: expected name=path/to/rvjit.js[@ENV=value+...]`);
  const env = Object.fromEntries((m[3] ?? '').split('+').filter(Boolean).map((kv) => kv.split('=')));
  return { name: m[1], bin: path.resolve(m[2]), env };
});
if (variants.length === 0) {
  console.error('usage: node scripts/count-instructions.mjs name=path/to/bin/rvjit.js[@ENV=1] ... [--only a,b] [--jobs N]');
  process.exit(2);
}

// Go runs threads of its own, whose interleaving changes the count; large is a start-up study.
const programs = PROGRAMS.filter((p) => p.category !== 'go' && p.name !== 'large' && (!only || only.includes(p.name)));
const log = (s) => process.stderr.write(s + '\n');
const errors = await buildPrograms(programs, { variant: 'quick', native: false, log });
for (const [name, e] of errors) log(`  ${name}: build failed: ${e}`);

function count(variant, program, size) {
  const { riscv } = binaries(program, 'quick');
  const argv = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file',
    process.execPath, ...nodeFlags, variant.bin, 'run', riscv, String(size)];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...variant.env } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (status === 0 && m) resolve(Number(m[1].replace(/,/g, '')));
      else reject(new Error(`${program.name} under ${variant.name}: status ${status}: ${err.trim().split('\n').pop()}`));
    });
  });
}

const work = [];
for (const p of programs) {
  if (errors.has(p.name)) continue;
  for (const v of variants) work.push({ p, v });
}
const counts = new Map();
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < work.length) {
      const { p, v } = work[next++];
      // interp's quick size is its tiny one: measure twice the quick size against it instead.
      const [size, base] = p.sizes.tiny < p.sizes.quick ? [p.sizes.quick, p.sizes.tiny] : [2 * p.sizes.quick, p.sizes.quick];
      counts.set(`${p.name}/${v.name}`, (await count(v, p, size)) - (await count(v, p, base)));
    }
  }),
);

const first = variants[0].name;
console.log(`| program | ${variants.map((v) => `${v.name} (M instructions)`).join(' | ')} | ${variants.slice(1).map((v) => `${v.name}/${first}`).join(' | ')} |`);
console.log(`| --- | ${variants.map(() => '---:').join(' | ')} | ${variants.slice(1).map(() => '---:').join(' | ')} |`);
const logs = variants.slice(1).map(() => 0);
let n = 0;
for (const p of programs) {
  if (errors.has(p.name)) continue;
  const c = variants.map((v) => counts.get(`${p.name}/${v.name}`));
  const ratios = c.slice(1).map((x) => x / c[0]);
  ratios.forEach((r, k) => (logs[k] += Math.log(r)));
  n++;
  console.log(`| ${p.name} | ${c.map((x) => (x / 1e6).toFixed(0)).join(' | ')} | ${ratios.map((r) => r.toFixed(3)).join(' | ')} |`);
}
if (n > 0) console.log(`| geometric mean | ${variants.map(() => '').join(' | ')} | ${logs.map((l) => Math.exp(l / n).toFixed(3)).join(' | ')} |`);
