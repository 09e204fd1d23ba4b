// A campaign: cases [first, first + count) run `jobs` at a time (each case is a child process, so
// the parallelism is just that many cases in flight), with counts by outcome and every FAIL
// reported and saved.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASES_DIR, LD_SO, generateCase, type FuzzCase, type SeedFile } from './generate.js';
import { HANG, judgeQemu, judgeRvjit, type QemuOutcome, type Verdict } from './oracle.js';
import { prepareFixtures } from './interp.js';

export interface CampaignOptions {
  seed: number;
  first: number;
  count: number;
  jobs: number;
  seeds: SeedFile[];
  /** A static program, copied as an interpreter fixture. */
  staticSeedPath: string;
  timeoutMs: number;
  qemu: boolean;
  /** Where failing files are saved; null: not saved. */
  failuresDir: string | null;
  onFailure?: (f: Failure) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface Failure {
  fuzzCase: FuzzCase;
  verdict: Verdict;
  qemu: QemuOutcome | null;
  saved: string | null;
  text: string;
}

export interface CampaignResult {
  cases: number;
  /** By outcome (ran-exit, ran-signal, ran-hang, refused, FAIL). */
  outcomes: Map<string, number>;
  /** By detail within an outcome: "refused: <message>", "ran-exit: exit 0"... */
  details: Map<string, number>;
  /** rvjit outcome against qemu outcome, for triage. */
  versusQemu: Map<string, number>;
  failures: Failure[];
  ms: number;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

function describe(seed: number, c: FuzzCase, v: Verdict, qemu: QemuOutcome | null, saved: string | null): string {
  const lines = [
    `FAIL seed ${seed} case ${c.index} (seed file ${c.seed}): ${v.detail}`,
    ...c.mutations.map((m) => `  mutation ${m}`),
    ...(c.interp?.mutations ?? []).map((m) => `  interpreter mutation ${m}`),
    `  qemu-riscv64: ${qemu ?? 'not run'}`,
    ...v.stderr.split('\n').filter(Boolean).slice(0, 12).map((l) => `  stderr| ${l}`),
  ];
  if (saved) lines.push(`  saved as ${saved}`);
  lines.push(`  rerun: npm run fuzz-elf -- --seed ${seed} --first ${c.index} --count 1`);
  return lines.join('\n');
}

/** Saves a failing case's file (and its mutated interpreter) in `dir`; returns the file's path. */
function save(dir: string, seed: number, c: FuzzCase): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `seed${seed}-case${c.index}.elf`);
  fs.writeFileSync(file, c.bytes, { mode: 0o755 });
  // Run it from `dir`: its PT_INTERP names cases/case-N.interp relative to there.
  if (c.interp) {
    fs.mkdirSync(path.join(dir, CASES_DIR), { recursive: true });
    fs.writeFileSync(path.join(dir, c.interp.name), c.interp.bytes, { mode: 0o755 });
  }
  return file;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const t0 = performance.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fuzz-elf-'));
  const result: CampaignResult = {
    cases: 0, outcomes: new Map(), details: new Map(), versusQemu: new Map(), failures: [], ms: 0,
  };
  try {
    // The cwd of every run: relative PT_INTERP names resolve here.
    prepareFixtures(work, o.staticSeedPath);
    const casesDir = path.join(work, CASES_DIR);
    fs.mkdirSync(casesDir);
    const ldso = fs.readFileSync(LD_SO);
    let next = o.first;
    const end = o.first + o.count;
    const one = async (index: number) => {
      const c = generateCase(o.seeds, ldso, o.seed, index);
      const file = path.join(casesDir, `case-${index}`);
      fs.writeFileSync(file, c.bytes, { mode: 0o755 });
      if (c.interp) fs.writeFileSync(path.join(work, c.interp.name), c.interp.bytes, { mode: 0o755 });
      let v = await judgeRvjit(file, work, o.timeoutMs);
      const q = o.qemu ? await judgeQemu(file, work, Math.min(o.timeoutMs, 5000)) : null;
      // On a machine shared with other heavy jobs a run that takes 1 s alone can exceed the limit:
      // a hang must repeat with three times the time before it counts.
      if (v.outcome === 'FAIL' && v.detail.startsWith(HANG) && q !== 'hang') v = await judgeRvjit(file, work, 3 * o.timeoutMs);
      // A mutated entry point or segment can make a program loop forever on any emulator (and on
      // Linux): a hang is rvjit's fault only when qemu-riscv64 finishes the same file.
      if (v.outcome === 'FAIL' && v.detail.startsWith(HANG) && q === 'hang') {
        v = { ...v, outcome: 'ran-hang', detail: 'loops forever (so does qemu-riscv64)' };
      }
      bump(result.outcomes, v.outcome);
      bump(result.details, `${v.outcome}: ${v.detail}`);
      if (q) bump(result.versusQemu, `rvjit ${v.outcome.startsWith('ran-') ? 'ran' : v.outcome}, qemu ${q}`);
      if (v.outcome === 'FAIL') {
        const saved = o.failuresDir ? save(o.failuresDir, o.seed, c) : null;
        const f: Failure = { fuzzCase: c, verdict: v, qemu: q, saved, text: describe(o.seed, c, v, q, saved) };
        if (saved) fs.writeFileSync(saved.replace(/\.elf$/, '.txt'), f.text + '\n');
        result.failures.push(f);
        o.onFailure?.(f);
      }
      fs.rmSync(file, { force: true });
      if (c.interp) fs.rmSync(path.join(work, c.interp.name), { force: true });
      result.cases++;
      o.onProgress?.(result.cases, o.count);
    };
    const lane = async () => {
      while (next < end) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, lane));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  result.ms = performance.now() - t0;
  return result;
}

/** The summary lines: counts by outcome, then by detail (most frequent first), then against qemu. */
export function summarise(r: CampaignResult): string[] {
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const order = ['ran-exit', 'ran-signal', 'ran-hang', 'refused', 'FAIL'];
  return [
    `outcomes: ${order.map((k) => `${k} ${r.outcomes.get(k) ?? 0}`).join(', ')}`,
    ...sorted(r.details).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`),
    ...(r.versusQemu.size ? ['against qemu-riscv64 (triage only):', ...sorted(r.versusQemu).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`)] : []),
  ];
}
