// A syscall-fuzzing campaign: runs of the guest with seeds derived from one campaign seed,
// `jobs` at a time, each judged for rvjit bugs and, optionally, compared with qemu-riscv64.
// Used by the command line (main.ts) and test/syscall-fuzz.test.ts.

import fs from 'node:fs';
import path from 'node:path';
import { mix32 } from '../fuzz/prng.js';
import {
  childLogTails, judge, removeScratch, reproduceCommand, runGuest, scratchDiagnostics, scratchDir, type GuestRun, type RunSpec, type Verdict,
} from './run.js';
import { compareRuns, differenceKey, type Difference } from './compare.js';

export interface CampaignOptions {
  seed: number;
  /** Index of the first run (a campaign is runs [first, first+runs)). */
  first: number;
  runs: number;
  /** Calls per run (per guest process). */
  calls: number;
  jobs: number;
  /** Also run each case under qemu-riscv64 and compare results. */
  qemu: boolean;
  /** Calls or guest features to leave out (the guest's -x). */
  exclude: string[];
  timeoutMs: number;
  /**
   * A guest seed to use for every run instead of deriving one per run from `seed`: a failure
   * seen once is repeated `runs` times (a hang that depends on timing needs many tries).
   */
  runSeed?: string;
  /** Where to write a report for each bug (null: nowhere). */
  outDir: string | null;
  onRun?: (r: RunReport) => void;
}

export const DEFAULTS = { runs: 10, calls: 1000, jobs: 2, timeoutMs: 60_000 };

export interface RunReport {
  index: number;
  spec: RunSpec;
  verdict: Verdict;
  /** Set when the same case also ran under qemu. */
  qemu?: { verdict: Verdict; compared: number; differences: Difference[]; divergedAt: number | null };
  /** Whether a failure is the generator's (qemu failed in the same call) rather than rvjit's. */
  generatorProblem: boolean;
  ms: number;
  reportFile?: string;
}

export interface DifferenceGroup {
  count: number;
  example: Difference & { seed: string };
}

export interface CampaignResult {
  runs: number;
  /** Calls rvjit completed, over all runs. */
  calls: number;
  bugs: RunReport[];
  /** Runs whose failure qemu shares: the generator asked for something fatal. */
  generatorProblems: RunReport[];
  /** Result differences with qemu, grouped (see differenceKey). */
  differences: Map<string, DifferenceGroup>;
  compared: number;
  ms: number;
}

/** The guest seed of run `i`: 64 bits from the campaign seed, printed in hex. */
export function runSeed(seed: number, i: number): string {
  const hi = BigInt(mix32(seed, i)), lo = BigInt(mix32(i ^ 0x5bd1e995, seed));
  return `0x${((hi << 32n) | lo).toString(16)}`;
}

async function runCase(o: CampaignOptions, index: number): Promise<RunReport> {
  const t0 = performance.now();
  // qemu-riscv64 7.2 aborts on pselect6 with more than 1024 descriptors: both runs leave it out,
  // so that they make the same calls.
  const exclude = o.qemu && !o.exclude.includes('big-select') ? [...o.exclude, 'big-select'] : o.exclude;
  const spec: RunSpec = { seed: o.runSeed ?? runSeed(o.seed, index), calls: o.calls, exclude, timeoutMs: o.timeoutMs };
  const rdir = scratchDir('r');
  const qdir = o.qemu ? scratchDir('q') : null;
  let rv: GuestRun, q: GuestRun | null = null;
  let note: string | null = null;
  let childTails: string[] = [];
  try {
    [rv, q] = await Promise.all([runGuest('rvjit', spec, rdir), qdir ? runGuest('qemu', spec, qdir) : Promise.resolve(null)]);
    note = scratchDiagnostics(rdir);
    childTails = childLogTails(rdir);
  } finally {
    removeScratch(rdir);
    if (qdir) removeScratch(qdir);
  }
  const verdict = judge(rv, spec, note, childTails);
  const report: RunReport = { index, spec, verdict, generatorProblem: false, ms: performance.now() - t0 };
  if (q) {
    const qv = judge(q, spec);
    const cmp = compareRuns(rv, q);
    report.qemu = { verdict: qv, ...cmp };
    // The guest must survive every call it makes. If qemu did not either, in the same call, the
    // generator asked for something that ends a process: its problem, not rvjit's.
    if (!verdict.ok && !qv.ok && verdict.kind === 'guest-died' && qv.lastCall === verdict.lastCall) {
      report.generatorProblem = true;
    }
  }
  if (!verdict.ok && o.outDir) report.reportFile = writeReport(o.outDir, report, rv, q);
  return report;
}

function writeReport(dir: string, r: RunReport, rv: GuestRun, q: GuestRun | null): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `syscalls-${r.spec.seed}.txt`);
  const v = r.verdict as Extract<Verdict, { ok: false }>;
  const text = [
    `kind: ${v.kind}`,
    `detail: ${v.detail}`,
    `last call: ${v.lastCall}`,
    `reproduce: ${reproduceCommand('rvjit', r.spec)}`,
    `compare:   ${reproduceCommand('qemu', r.spec)}`,
    '',
    '--- rvjit stderr ---',
    rv.stderr,
    '--- rvjit log (last 40 lines) ---',
    ...rv.lines.slice(-40),
    rv.partial,
    ...(q ? ['--- qemu log near the same call ---', ...q.lines.slice(Math.max(0, rv.lines.length - 20), rv.lines.length + 5)] : []),
    '',
  ].join('\n');
  fs.writeFileSync(file, text);
  return file;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const t0 = performance.now();
  const result: CampaignResult = {
    runs: 0, calls: 0, bugs: [], generatorProblems: [], differences: new Map(), compared: 0, ms: 0,
  };
  let next = o.first;
  const end = o.first + o.runs;
  const worker = async () => {
    while (next < end) {
      const index = next++;
      const r = await runCase(o, index);
      result.runs++;
      result.calls += r.verdict.calls;
      if (r.generatorProblem) result.generatorProblems.push(r);
      else if (!r.verdict.ok) result.bugs.push(r);
      if (r.qemu) {
        result.compared += r.qemu.compared;
        for (const d of r.qemu.differences) {
          const key = differenceKey(d);
          const g = result.differences.get(key);
          if (g) g.count++;
          else result.differences.set(key, { count: 1, example: { ...d, seed: r.spec.seed } });
        }
      }
      o.onRun?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
  result.bugs.sort((a, b) => a.index - b.index);
  result.ms = performance.now() - t0;
  return result;
}
