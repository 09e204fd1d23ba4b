// Command line of the syscall fuzzer:
//   npm run fuzz-syscalls -- --seed S [--count R] [--calls C] [--first I | --run-seed X] [--jobs J]
//     [--qemu] [--exclude a,b] [--out DIR] [--timeout MS] [--quiet]
// Exit status 0 only when no rvjit bug was found.

import { commandLine, exitWith, intOption, seedOption } from '../fuzz/cli.js';
import { DEFAULTS, runCampaign, type CampaignResult, type RunReport } from './campaign.js';
import { readable } from './compare.js';
import { reproduceCommand } from './run.js';

const USAGE = `usage: npm run fuzz-syscalls -- --seed S [options]

Random system calls with structure-aware arguments from a guest program
(build/guest/fuzz_syscalls), run under rvjit: no internal error, no JavaScript exception, no
hang, no crash, no process left behind may come of them. With --qemu each run is repeated under qemu-riscv64 and the
results compared (differences are listed, not failures: qemu-user is no oracle for everything).

  --seed S       campaign seed (number or any string); default: random, printed
  --count R      guest processes, "runs" (default ${DEFAULTS.runs}; --runs is the same)
  --calls C      system calls per process (default ${DEFAULTS.calls})
  --first I      index of the first run (default 0): --first I --count 1 repeats run I
  --run-seed X   the guest seed of one run, as printed in a report (0x...): every run uses it,
                 so --run-seed X --count 10 repeats that run 10 times; --seed is then ignored
  --jobs J       runs at a time (default ${DEFAULTS.jobs})
  --qemu         compare with qemu-riscv64
  --exclude L    calls or guest features to leave out, comma-separated (e.g. futex,fork)
  --fifo         also open the scratch FIFO (left out by default: rvjit's open of a FIFO
                 without a peer blocks in the host, where no signal interrupts it)
  --out DIR      write a report per bug into DIR
  --timeout MS   a run that takes longer hangs (default ${DEFAULTS.timeoutMs})
  --quiet        no progress line
`;

/** `label`: what the runs' seeds came from ("seed 42", "run seed 0x..."). */
export function summarize(r: CampaignResult, label: string): string[] {
  const out = [
    `syscall fuzzing, ${label}: ${r.runs} runs, ${r.calls} calls completed under rvjit, ${r.bugs.length} bug(s), ` +
      `${(r.ms / 1000).toFixed(1)} s`,
  ];
  const kinds = new Map<string, number>([['ok', r.runs - r.bugs.length - r.generatorProblems.length]]);
  for (const b of r.bugs) if (!b.verdict.ok) kinds.set(b.verdict.kind, (kinds.get(b.verdict.kind) ?? 0) + 1);
  if (r.generatorProblems.length) kinds.set('generator-problem', r.generatorProblems.length);
  out.push(`outcomes: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const b of r.bugs) out.push(...describeBug(b));
  for (const g of r.generatorProblems) {
    out.push(`  generator problem (qemu failed the same way) in run ${g.index}: ${(g.verdict as { lastCall: string }).lastCall}`);
  }
  if (r.differences.size) {
    out.push(`differences from qemu-riscv64 (${r.compared} calls compared), by call and answers:`);
    const groups = [...r.differences.entries()].sort((a, b) => b[1].count - a[1].count);
    for (const [key, g] of groups) {
      const e = g.example;
      out.push(`  ${String(g.count).padStart(5)}  ${key}`);
      out.push(`         e.g. seed ${e.seed} #${e.index}: ${e.call} = rvjit ${readable(e.rvjit)}, qemu ${readable(e.qemu)}`);
    }
  }
  return out;
}

export function describeBug(b: RunReport): string[] {
  if (b.verdict.ok) return [];
  const v = b.verdict;
  return [
    `  BUG ${v.kind} in run ${b.index} (seed ${b.spec.seed}) after ${v.calls} calls`,
    `    call: ${v.lastCall}`,
    ...v.detail.split('\n').map((l) => `    ${l}`),
    `    reproduce: ${reproduceCommand('rvjit', b.spec)}`,
    ...(b.reportFile ? [`    report: ${b.reportFile}`] : []),
  ];
}

/** A guest seed as the guest parses it (tests/guest/fuzz_syscalls.c, parse_u): 0x + 1-16 hex digits, or decimal. */
function runSeedOption(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!/^(0x[0-9a-f]{1,16}|\d{1,19})$/i.test(v)) throw new Error(`--run-seed wants a guest seed such as 0x79121ec1546dfae5, not "${v}"`);
  return v;
}

async function main(): Promise<number> {
  const args = commandLine('fuzz-syscalls', USAGE, {
    seed: { type: 'string' }, runs: { type: 'string' }, count: { type: 'string' }, calls: { type: 'string' }, first: { type: 'string' },
    jobs: { type: 'string' }, qemu: { type: 'boolean' }, fifo: { type: 'boolean' }, exclude: { type: 'string' }, out: { type: 'string' },
    timeout: { type: 'string' }, quiet: { type: 'boolean' }, 'run-seed': { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const { seed, label: seedText } = seedOption(args.seed);
  let done = 0, bugs = 0;
  const t0 = performance.now();
  const opts = {
    seed,
    first: intOption(args.first, 0, 'first'),
    runs: intOption(args.count ?? args.runs, DEFAULTS.runs, 'count', 1),
    calls: intOption(args.calls, DEFAULTS.calls, 'calls', 1),
    jobs: intOption(args.jobs, DEFAULTS.jobs, 'jobs', 1),
    qemu: !!args.qemu,
    exclude: [...(args.fifo ? [] : ['fifo']), ...(args.exclude ?? '').split(',').map((s) => s.trim()).filter(Boolean)],
    timeoutMs: intOption(args.timeout, DEFAULTS.timeoutMs, 'timeout', 1000),
    outDir: args.out ?? null,
    runSeed: runSeedOption(args['run-seed']),
    onRun: (r: RunReport) => {
      done++;
      if (!r.verdict.ok && !r.generatorProblem) {
        bugs++;
        for (const l of describeBug(r)) process.stderr.write(l + '\n');
      }
      if (args.quiet) return;
      // a progress line in place on a terminal, one line every 25 runs in a log file
      if (process.stderr.isTTY) process.stderr.write(`\rfuzz-syscalls: ${done}/${opts.runs} runs`);
      else if (done % 25 === 0 || done === opts.runs) {
        process.stderr.write(`fuzz-syscalls: ${done}/${opts.runs} runs, ${bugs} bug(s), ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
      }
    },
  };
  const what = opts.runSeed ? `run seed ${opts.runSeed}` : `seed ${seedText}`;
  process.stderr.write(`fuzz-syscalls: ${what}, ${opts.runs} runs of ${opts.calls} calls${opts.qemu ? ', with qemu' : ''}\n`);
  const result = await runCampaign(opts);
  if (!args.quiet && process.stderr.isTTY) process.stderr.write('\n');
  for (const line of summarize(result, what)) process.stdout.write(line + '\n');
  return result.bugs.length ? 1 : 0;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  // a bad option value is a usage error: one line, status 2, no stack
  exitWith('fuzz-syscalls', main);
}
