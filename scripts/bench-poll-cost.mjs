#!/usr/bin/env node
// What RCU's exit-request polls cost single-threaded programs (issue #5: "the RCU machinery costs
// at most 3% on the single-threaded benchmarks of #4"). Runs each single-threaded program of the
// suite alternately under rvjit as shipped and under rvjit with RVJIT_MEASURE_NO_POLL=1, which
// leaves out the polls generated code makes at backward jumps and in the dispatcher — the only
// part of the machinery on the execution path. (The rest, announcing "in code"/"out of code"
// and catching up with the invalidation log, runs once per exit to the runtime: a few hundred
// times per run, as --stats shows.) The polls also serve signals and exit_group, so this is an
// upper bound on what RCU costs. Reports medians of wall time and their ratio.
//
// Usage: node scripts/bench-poll-cost.mjs [--runs N] [--quick] [--only a,b] [--out DIR]
// (`npm run bench -- --only poll-cost` runs it; bench/README.md.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, BUILD, PROGRAMS, binaries, buildPrograms, median } from './bench.mjs';

const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 5) || 5;
const variant = args.includes('--quick') ? 'quick' : 'bench';
const only = flag('--only')?.split(',');
const outDir = flag('--out') ? path.resolve(flag('--out')) : variant === 'quick' ? path.join(BUILD, 'results') : path.join(ROOT, 'bench', 'results');

// Go runs several threads of its own, so the polls are not optional there.
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
  const polled = [], unpolled = [];
  for (let i = 0; i < runs; i++) {
    const a = timed(p, {});
    const b = timed(p, { RVJIT_MEASURE_NO_POLL: '1' });
    if (a.stdout !== b.stdout) throw new Error(`${p.name}: output differs without polls`);
    polled.push(a.seconds);
    unpolled.push(b.seconds);
  }
  const row = { name: p.name, category: p.category, polled: median(polled), unpolled: median(unpolled) };
  row.ratio = row.polled / row.unpolled;
  rows.push(row);
  log(`  ${p.name}: ${row.polled.toFixed(3)} s with polls, ${row.unpolled.toFixed(3)} s without, ratio ${row.ratio.toFixed(3)}`);
}

const geomean = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
const worst = rows.reduce((w, r) => (r.ratio > w.ratio ? r : w), rows[0]);
const date = new Date().toISOString();
const md = [
  '# Cost of the exit-request polls (RCU quiescent states) on single-threaded programs',
  '',
  `- date: ${date}; ${runs} alternating runs per program${variant === 'quick' ? ' (quick sizes)' : ''}; medians of wall time`,
  '- ratio = rvjit as shipped / rvjit with RVJIT_MEASURE_NO_POLL=1 (1.03 would be a 3% cost); made by scripts/bench-poll-cost.mjs',
  '',
  '| program | category | with polls s | without s | ratio |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.category} | ${r.polled.toFixed(3)} | ${r.unpolled.toFixed(3)} | ${r.ratio.toFixed(3)} |`),
  '',
  `Geometric mean of the ratio: **${geomean.toFixed(3)}**; largest: ${worst.name} ${worst.ratio.toFixed(3)}.`,
  '',
].join('\n');
console.log(md);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'poll-cost.md'), md);
fs.writeFileSync(path.join(outDir, 'poll-cost.json'), JSON.stringify({ date, runs, variant, rows, geomean }, null, 2) + '\n');
log(`bench: wrote ${path.relative(ROOT, path.join(outDir, 'poll-cost.md'))} and poll-cost.json`);
