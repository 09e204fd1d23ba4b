#!/usr/bin/env node
// What one piece of generated code costs single-threaded programs: runs each single-threaded
// program of the suite alternately under rvjit as shipped and under rvjit with one measuring
// knob set, and reports medians of wall time and their ratio. The knobs (src/jit/state.ts) exist
// only for this; each breaks something a real program may need.
//
// - poll-cost, RVJIT_MEASURE_NO_POLL=1: no exit-request poll in the dispatcher, and regions that
//   return to it every 2^20 backward jumps instead of every 1,024 — the only part of the RCU
//   machinery on the execution path (issue #5: "the RCU machinery costs at most 3%"; docs/rcu.md,
//   "Polls"). The rest (announcing "in code"/"out of code", catching up with the invalidation
//   log) runs once per exit to the runtime, a few hundred times per run as --stats shows. The
//   polls also serve signals and exit_group, so this is an upper bound.
// - check-cost, RVJIT_MEASURE_NO_CHECKS=1: no page-permission check on loads and stores, which
//   qemu-user does not need (the host MMU faults for it) and WebAssembly cannot avoid (issue #4:
//   how much of the gap to qemu the checks explain).
//
// Usage: node scripts/bench-knob-cost.mjs <poll-cost|check-cost> [--runs N] [--quick] [--only a,b] [--out DIR]
// (`npm run bench -- --only poll-cost` or `--only check-cost` runs it; bench/README.md.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, BUILD, PROGRAMS, binaries, buildPrograms, median } from './bench.mjs';

const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');
const STUDIES = {
  'poll-cost': {
    env: 'RVJIT_MEASURE_NO_POLL', title: 'Cost of the exit-request polls (RCU quiescent states) on single-threaded programs',
    with: 'with polls', without: 'without', note: '(1.03 would be a 3% cost)',
  },
  'check-cost': {
    env: 'RVJIT_MEASURE_NO_CHECKS', title: 'Cost of the page-permission checks on loads and stores',
    with: 'with checks', without: 'without', note: '(1.25 would mean the checks are 20% of the run)',
  },
};
const study = STUDIES[process.argv[2]];
if (!study) {
  console.error(`usage: node scripts/bench-knob-cost.mjs <${Object.keys(STUDIES).join('|')}> [--runs N] [--quick] [--only a,b] [--out DIR]`);
  process.exit(2);
}
const studyName = process.argv[2];
const args = process.argv.slice(3);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 5) || 5;
const variant = args.includes('--quick') ? 'quick' : 'bench';
const only = flag('--only')?.split(',');
const outDir = flag('--out') ? path.resolve(flag('--out')) : variant === 'quick' ? path.join(BUILD, 'results') : path.join(ROOT, 'bench', 'results');

// Go runs several threads of its own, which need the polls; it stays out of both studies alike.
const programs = PROGRAMS.filter((p) => p.category !== 'go' && (!only || only.includes(p.name)));

function timed(program, env) {
  const { riscv } = binaries(program, variant);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [RVJIT, 'run', riscv, String(program.sizes[variant])], {
    cwd: ROOT, encoding: 'latin1', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${program.name}: exit status ${r.status}: ${(r.stderr ?? '').trim().split('\n').pop()}`);
  return { seconds, stdout: r.stdout };
}

const log = (s) => process.stderr.write(s + '\n');
const errors = await buildPrograms(programs, { variant, native: false, log });
const rows = [];
for (const p of programs) {
  if (errors.has(p.name)) {
    log(`  ${p.name}: build failed: ${errors.get(p.name)}`);
    continue;
  }
  const shipped = [], knobbed = [];
  for (let i = 0; i < runs; i++) {
    const a = timed(p, {});
    const b = timed(p, { [study.env]: '1' });
    if (a.stdout !== b.stdout) throw new Error(`${p.name}: output differs with ${study.env}=1`);
    shipped.push(a.seconds);
    knobbed.push(b.seconds);
  }
  const row = { name: p.name, category: p.category, shipped: median(shipped), knobbed: median(knobbed) };
  row.ratio = row.shipped / row.knobbed;
  rows.push(row);
  log(`  ${p.name}: ${row.shipped.toFixed(3)} s ${study.with}, ${row.knobbed.toFixed(3)} s ${study.without}, ratio ${row.ratio.toFixed(3)}`);
}

const geomean = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
const worst = rows.reduce((w, r) => (r.ratio > w.ratio ? r : w), rows[0]);
const date = new Date().toISOString();
const md = [
  `# ${study.title}`,
  '',
  `- date: ${date}; ${runs} alternating runs per program${variant === 'quick' ? ' (quick sizes)' : ''}; medians of wall time`,
  `- ratio = rvjit as shipped / rvjit with ${study.env}=1 ${study.note}; made by scripts/bench-knob-cost.mjs ${studyName}`,
  '',
  `| program | category | ${study.with} s | ${study.without} s | ratio |`,
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.category} | ${r.shipped.toFixed(3)} | ${r.knobbed.toFixed(3)} | ${r.ratio.toFixed(3)} |`),
  '',
  `Geometric mean of the ratio: **${geomean.toFixed(3)}**; largest: ${worst.name} ${worst.ratio.toFixed(3)}.`,
  '',
].join('\n');
console.log(md);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `${studyName}.md`), md);
fs.writeFileSync(path.join(outDir, `${studyName}.json`), JSON.stringify({ date, runs, variant, rows, geomean }, null, 2) + '\n');
log(`bench: wrote ${path.relative(ROOT, path.join(outDir, `${studyName}.md`))} and ${studyName}.json`);
