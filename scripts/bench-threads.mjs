#!/usr/bin/env node
// The multi-threaded part of `npm run bench` (issue #5): bench/src/threads.c under
// rvjit --invalidate=rcu, rvjit --invalidate=exclusive and qemu-riscv64, with 1, 2 and 4 compute
// threads, in three modes: no invalidation (the machinery's overhead), a thread that keeps
// remapping and mprotecting a code page, and cross-thread self-modifying code with
// riscv_flush_icache. Reports the compute threads' throughput and the invalidating calls'
// latency (both measured inside the guest), and the scaling figure: two threads of independent
// work against one thread doing half of it.
//
// Usage: node scripts/bench-threads.mjs [--runs N] [--quick] [--out DIR]
// (scripts/bench.mjs runs it after the single-threaded suite.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');
const SRC = path.join(ROOT, 'bench', 'src', 'threads.c');
const BIN = path.join(ROOT, 'build', 'bench', 'riscv64', 'threads');

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : path.join(ROOT, quick ? 'build/bench/results' : 'bench/results');
// Rounds per compute thread: about a second of qemu time per thread at full size.
const WORK = quick ? 5000 : 40000;

const TOOLS = [
  ['rvjit-rcu', process.execPath, [RVJIT, 'run', '--invalidate=rcu', BIN]],
  ['rvjit-exclusive', process.execPath, [RVJIT, 'run', '--invalidate=exclusive', BIN]],
  ['qemu', 'qemu-riscv64', [BIN]],
];

function build() {
  if (fs.existsSync(BIN) && fs.statSync(BIN).mtimeMs >= fs.statSync(SRC).mtimeMs) return;
  fs.mkdirSync(path.dirname(BIN), { recursive: true });
  const r = spawnSync('riscv64-linux-gnu-gcc', ['-O2', '-static', '-pthread', '-o', BIN, SRC], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('cannot build bench/src/threads.c');
}

const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One run: the guest's own figures from its stderr, and its checksum line. */
function once(tool, cmd, base, mode, threads, work) {
  const r = spawnSync(cmd, [...base, mode, String(threads), String(work)], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { error: `${tool}: status ${r.status} ${r.signal ?? ''} ${(r.stderr ?? '').trim().split('\n').pop()}` };
  const num = (name) => {
    const m = new RegExp(`^${name} ([\\d.]+)$`, 'm').exec(r.stderr);
    return m ? Number(m[1]) : null;
  };
  return {
    checksum: r.stdout.trim(), seconds: num('compute_s'), throughput: num('throughput'),
    invalidations: num('invalidations'), latencyMedian: num('latency_us_median'), latencyP90: num('latency_us_p90'),
  };
}

function measure(mode, threads, work, log) {
  const samples = Object.fromEntries(TOOLS.map(([t]) => [t, []]));
  const notes = [];
  for (let i = 0; i < runs; i++) {
    for (const [tool, cmd, base] of TOOLS) {
      const r = once(tool, cmd, base, mode, threads, work);
      if (r.error) { notes.push(r.error); continue; }
      samples[tool].push(r);
    }
  }
  const checksums = new Set(Object.values(samples).flat().map((r) => r.checksum));
  if (checksums.size > 1) notes.push(`outputs differ: ${[...checksums].join(' / ')}`);
  const row = { mode, threads, work, notes, tools: {} };
  for (const [tool] of TOOLS) {
    const s = samples[tool];
    row.tools[tool] = {
      seconds: median(s.map((r) => r.seconds)),
      throughput: median(s.map((r) => r.throughput)),
      invalidations: median(s.map((r) => r.invalidations)),
      latencyMedianUs: median(s.filter((r) => r.latencyMedian != null).map((r) => r.latencyMedian)),
      latencyP90Us: median(s.filter((r) => r.latencyP90 != null).map((r) => r.latencyP90)),
    };
  }
  const f = (x, d = 0) => (x == null ? 'n/a' : x.toFixed(d));
  log(`  ${mode} x${threads}: ` + TOOLS.map(([t]) => `${t} ${f(row.tools[t].throughput)} rounds/s` +
    (mode === 'none' ? '' : `, ${f(row.tools[t].invalidations)} inval, median ${f(row.tools[t].latencyMedianUs, 1)} us`)).join(' | ') +
    (notes.length ? ` [${notes.join('; ')}]` : ''));
  return row;
}

function markdown(result) {
  const f = (x, d = 0) => (x == null ? 'n/a' : x.toFixed(d));
  const lines = [
    `# rvjit threads study (issue #5)`, '',
    `- date: ${result.date}`, `- machine: ${result.machine}`,
    `- method: bench/src/threads.c, medians of ${result.runs} alternating runs; throughput = compute rounds per second over all compute threads, latency = the invalidating call (mprotect dropping PROT_EXEC / MAP_FIXED remap, or riscv_flush_icache) measured in the guest.`, '',
    '| mode | threads | ' + TOOLS.map(([t]) => `${t} rounds/s`).join(' | ') + ' | ' + TOOLS.map(([t]) => `${t} invalidations, median / p90 us`).join(' | ') + ' | note |',
    '| --- | ---: | ' + TOOLS.map(() => '---:').join(' | ') + ' | ' + TOOLS.map(() => '---:').join(' | ') + ' | --- |',
  ];
  for (const r of result.rows) {
    lines.push(`| ${r.mode} | ${r.threads} | ` + TOOLS.map(([t]) => f(r.tools[t].throughput)).join(' | ') + ' | ' +
      TOOLS.map(([t]) => (r.mode === 'none' ? '-' : `${f(r.tools[t].invalidations)}, ${f(r.tools[t].latencyMedianUs, 1)} / ${f(r.tools[t].latencyP90Us, 1)}`)).join(' | ') +
      ` | ${r.notes.join('; ')} |`);
  }
  lines.push('', '## Scaling', '',
    'Wall time of the compute phase with two threads of W rounds each, divided by one thread doing W rounds (1.0 = perfect; issue #5 asks for at most 1.15 under rvjit).', '',
    '| tool | 1 thread s | 2 threads s | ratio |', '| --- | ---: | ---: | ---: |');
  for (const [tool, s] of Object.entries(result.scaling)) lines.push(`| ${tool} | ${f(s.one, 3)} | ${f(s.two, 3)} | ${f(s.ratio, 2)} |`);
  return lines.join('\n') + '\n';
}

function main() {
  const log = (s) => process.stderr.write(s + '\n');
  build();
  log(`bench threads: ${runs} alternating runs, ${WORK} rounds per compute thread`);
  const rows = [];
  for (const mode of ['none', 'remap', 'smc']) for (const threads of [1, 2, 4]) rows.push(measure(mode, threads, WORK, log));
  const scaling = {};
  for (const [tool] of TOOLS) {
    const one = rows.find((r) => r.mode === 'none' && r.threads === 1).tools[tool].seconds;
    const two = rows.find((r) => r.mode === 'none' && r.threads === 2).tools[tool].seconds;
    scaling[tool] = { one, two, ratio: one && two ? two / one : null };
  }
  const cpu = (() => { try { return /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]; } catch { return null; } })();
  const result = { date: new Date().toISOString(), machine: `${cpu ?? 'unknown CPU'}, ${(fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm) ?? []).length} cores`, runs, work: WORK, rows, scaling };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'threads.json'), JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'threads.md'), markdown(result));
  console.log(markdown(result));
  log(`bench threads: wrote ${path.relative(ROOT, path.join(outDir, 'threads.json'))} and threads.md`);
}

main();
