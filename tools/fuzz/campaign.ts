// A fuzzing campaign: cases [first, first+count) of a seed, grouped into ELFs of up to perElf
// programs, spread over worker threads. Used by the command line (main.ts) and the CI test.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { caseKind } from './generate.js';
import type { BatchJob, Divergence } from './batch.js';
import { reproduceCommand } from './batch.js';
import type { FromWorker, ToWorker } from './worker.js';

export interface CampaignOptions {
  seed: number;
  first: number;
  count: number;
  insns: number;
  jobs: number;
  perElf: number;
  exclude: string[];
  /** Steer around known QEMU bugs (quirks.ts). */
  quirks: boolean;
  /** Draw items only from these names (empty: all). */
  only: string[];
  keepDir: string | null;
  /** Divergences to narrow down (bisect + shrink); the rest are reported briefly. */
  narrow: number;
  shrinkBudget: number;
  /** A batch that shows no sign of life for this long is declared hung. */
  hangMs: number;
  /** Called with each divergence as soon as it is known. */
  onDivergence?: (d: Divergence) => void;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULTS = { insns: 200, jobs: 2, perElf: 50, narrow: 5, shrinkBudget: 200, hangMs: 120_000 };

export interface CampaignResult {
  programs: number;
  elfs: number;
  divergences: Divergence[];
  ms: number;
}

/** Consecutive cases share an ELF; a 'badfrm' case may end its process, so it closes its ELF. */
export function planBatches(seed: number, first: number, count: number, perElf: number): number[][] {
  const batches: number[][] = [];
  let cur: number[] = [];
  for (let c = first; c < first + count; c++) {
    cur.push(c);
    if (cur.length >= perElf || caseKind(seed, c) === 'badfrm') {
      batches.push(cur);
      cur = [];
    }
  }
  if (cur.length) batches.push(cur);
  return batches;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const t0 = performance.now();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fuzz-'));
  const queue = planBatches(o.seed, o.first, o.count, o.perElf);
  const divergences: Divergence[] = [];
  let narrowLeft = o.narrow, programs = 0, elfs = 0, nextJobId = 0;
  const report = (d: Divergence) => {
    divergences.push(d);
    o.onDivergence?.(d);
  };
  const workerUrl = new URL('./worker.js', import.meta.url);

  const runWorker = () => new Promise<void>((resolve) => {
    let worker: Worker;
    let current: { jobId: number; cases: number[]; budget: number } | null = null;
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onHang, o.hangMs);
    };
    const dispatch = () => {
      const cases = queue.shift();
      if (!cases) {
        if (timer) clearTimeout(timer);
        void worker.terminate().then(() => resolve());
        return;
      }
      // The whole remaining narrowing budget goes to one batch at a time (and what it does not
      // use comes back), so --narrow D is a real bound even with parallel workers.
      const budget = narrowLeft;
      narrowLeft = 0;
      const job: BatchJob = {
        seed: o.seed, cases, insns: o.insns, exclude: o.exclude, quirks: o.quirks, only: o.only, narrow: budget,
        shrinkBudget: o.shrinkBudget, keepDir: o.keepDir, tmpDir,
      };
      current = { jobId: nextJobId++, cases, budget };
      elfs++;
      arm();
      worker.postMessage({ type: 'job', jobId: current.jobId, job } satisfies ToWorker);
    };
    const onMessage = (msg: FromWorker) => {
      if (!current || msg.jobId !== current.jobId) return;
      if (msg.type === 'alive') {
        arm();
        return;
      }
      if (msg.type === 'failed') {
        programs += current.cases.length;
        report({ caseIndex: current.cases[0]!, culprit: null, narrowed: false, text: `FUZZER ERROR in cases ${range()}:\n${msg.error}` });
      } else {
        const r = msg.result;
        programs += r.ran;
        narrowLeft += current.budget - r.divergences.filter((d) => d.narrowed).length;
        for (const d of r.divergences) report(d);
        // Split what is left after a crash into its own batch (still ending before any badfrm case).
        if (r.rerun.length) queue.unshift(r.rerun);
      }
      o.onProgress?.(programs, o.count);
      current = null;
      dispatch();
    };
    const start = () => {
      worker = new Worker(workerUrl);
      worker.on('message', onMessage);
      // A worker that dies (out of memory, a crash in V8) loses its batch: report it, carry on.
      worker.on('error', (e) => current && giveUp(`FUZZER ERROR in cases ${range()}: worker died: ${e.stack ?? e}`));
    };
    const range = () => `${current!.cases[0]}-${current!.cases.at(-1)}`;
    /** Reports the current batch as lost, replaces the worker and goes on with the next batch. */
    const giveUp = (text: string) => {
      if (!current) return;
      narrowLeft += current.budget;
      programs += current.cases.length;
      report({ caseIndex: current.cases[0]!, culprit: null, narrowed: false, text });
      current = null;
      void worker.terminate();
      start();
      dispatch();
    };
    const onHang = () => {
      if (!current) return;
      const repro = reproduceCommand(o.seed, current.cases[0]!, o).replace('--count 1', `--count ${current.cases.length}`);
      giveUp(`HANG: no result for cases ${range()} within ${o.hangMs / 1000} s (rvjit runs in-process; qemu is killed after 60 s)\n` +
        `  reproduce: ${repro}`);
    };
    start();
    dispatch();
  });

  try {
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, runWorker));
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  divergences.sort((a, b) => a.caseIndex - b.caseIndex);
  return { programs, elfs, divergences, ms: performance.now() - t0 };
}
