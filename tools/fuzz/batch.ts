// One batch: the ELF for a list of cases, run under both emulators and compared; diverging cases
// are narrowed down (up to a limit, since narrowing costs hundreds of runs). Used by the worker
// threads and, for --jobs 1, directly.

import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { assemble } from './assemble.js';
import { generateProgram, type GenerateOptions } from './generate.js';
import { compareAll, record, runBoth, type Mismatch, type Outcome } from './run.js';
import { narrow } from './narrow.js';
import { parseDump } from './block.js';
import { diffDumps, regName } from './format.js';

export interface BatchJob {
  seed: number;
  cases: number[];
  insns: number;
  exclude: string[];
  /** Steer around known QEMU bugs (quirks.ts). */
  quirks: boolean;
  /** Draw items only from these names (empty: all). */
  only: string[];
  /** How many of this batch's divergences to narrow down. */
  narrow: number;
  shrinkBudget: number;
  keepDir: string | null;
  tmpDir: string;
}

export interface Divergence {
  caseIndex: number;
  text: string;
  culprit: string | null;
  /** Whether bisection and shrinking were spent on it. */
  narrowed: boolean;
}

export interface BatchResult {
  /** Programs compared (each diverging or not). */
  ran: number;
  divergences: Divergence[];
  /** Cases that never ran because the process ended early on one side: to run in a new batch. */
  rerun: number[];
  ms: number;
}

export interface GeneratorFlags {
  insns: number;
  exclude: string[];
  only: string[];
  quirks: boolean;
}

/** The command line that regenerates exactly this case. */
export function reproduceCommand(seed: number, caseIndex: number, g: GeneratorFlags): string {
  const ex = g.exclude.length ? ` --exclude ${g.exclude.join(',')}` : '';
  const only = g.only.length ? ` --only ${g.only.join(',')}` : '';
  const tier = process.env.RVJIT_FUZZ_TIER && process.env.RVJIT_FUZZ_TIER !== 'jit' ? ` --tier ${process.env.RVJIT_FUZZ_TIER}` : '';
  return `npm run fuzz -- --seed ${seed} --first ${caseIndex} --count 1 --insns ${g.insns}${ex}${only}${g.quirks ? '' : ' --no-quirks'}${tier}`;
}

export function generateOptions(g: GeneratorFlags): GenerateOptions {
  return { insns: g.insns, exclude: new Set(g.exclude), quirks: g.quirks, only: g.only.length ? new Set(g.only) : undefined };
}

function shortText(job: BatchJob, m: Mismatch, qemu: Outcome, rvjit: Outcome, caseIndex: number): string {
  let what = m.detail;
  if (m.what === 'state') {
    const q = record(qemu, m.program), r = record(rvjit, m.program);
    const d = q && r ? diffDumps(parseDump(q), parseDump(r)) : [];
    const more = d.length > 1 ? ` (+${d.length - 1} more)` : '';
    what = d.length ? `${regName(d[0]!.where)}: qemu ${d[0]!.qemu}, rvjit ${d[0]!.rvjit}${more}` : 'state differs';
  }
  return `DIVERGENCE: seed ${job.seed}, case ${caseIndex}: ${what}\n  reproduce: ${reproduceCommand(job.seed, caseIndex, job)}`;
}

let seq = 0;

export async function runBatch(job: BatchJob, alive: () => void = () => {}): Promise<BatchResult> {
  const t0 = performance.now();
  const gen: GenerateOptions = generateOptions(job);
  const programs = job.cases.map((c) => generateProgram(job.seed, c, gen));
  const { elf } = assemble(programs);
  const file = path.join(job.tmpDir, `batch-${process.pid}-${threadId}-${seq++}.elf`);
  fs.writeFileSync(file, elf, { mode: 0o755 });
  let outcome: { qemu: Outcome; rvjit: Outcome };
  try {
    outcome = await runBoth(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
  const { qemu, rvjit } = outcome;
  const cmp = compareAll(qemu, rvjit, programs.length, programs[programs.length - 1]!.kind === 'badfrm');
  const divergences: Divergence[] = [];
  let narrowLeft = job.narrow;
  for (const m of cmp.mismatches) {
    const caseIndex = job.cases[m.program]!;
    const brief = shortText(job, m, qemu, rvjit, caseIndex);
    // Both ending early is agreement: narrowing looks for differences, so it has nothing to do.
    if (m.what !== 'both-died' && narrowLeft-- > 0) {
      alive();
      const ctx = {
        gen, tmpDir: job.tmpDir, keepDir: job.keepDir, shrinkBudget: job.shrinkBudget,
        reproduce: (c: number) => reproduceCommand(job.seed, c, job),
      };
      const r = await narrow(ctx, job.seed, caseIndex, brief.split('\n')[0]!, alive);
      divergences.push({ caseIndex, text: r.text, culprit: r.culprit, narrowed: true });
    } else {
      divergences.push({ caseIndex, text: brief, culprit: null, narrowed: false });
    }
  }
  const ran = cmp.rerunFrom === null ? programs.length : cmp.rerunFrom;
  const rerun = cmp.rerunFrom === null ? [] : job.cases.slice(cmp.rerunFrom);
  return { ran, divergences, rerun, ms: performance.now() - t0 };
}
