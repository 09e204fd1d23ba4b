// Command line: npm run fuzz-elf -- --seed S --count N [--first I] [--jobs J] [--timeout SEC]
//   [--seeds a,b] [--no-qemu] [--failures DIR] [--quiet]
// Exit status 0 only when no case failed.

import path from 'node:path';
import { commandLine, exitWith, intOption, progressLine, seedOption } from '../fuzz/cli.js';
import { DEFAULT_SEEDS, loadSeeds } from './generate.js';
import { runCampaign, summarise } from './campaign.js';
import { ROOT, SYSROOT } from './oracle.js';

const GUEST_DIR = path.join(ROOT, 'build', 'guest');

const USAGE = `usage: npm run fuzz-elf -- --seed S --count N [options]

Structure-aware random mutation of ELF files for rvjit's loader: each case is a seed program
(build/guest) with 1-4 mutations of its headers, interpreter path or length, run as
\`rvjit run -L ${SYSROOT} <file>\`. It must run (and exit or die of a guest signal) or be
refused with status 1 and one "rvjit: " line; anything else (internal error, JavaScript error
text, a hang, node dying) is a FAIL, printed and saved.

  --seed S        seed (number or any string); default: random, printed
  --count N       number of cases (default 100)
  --first I       index of the first case (default 0): --first I --count 1 reruns case I
  --jobs J        cases run in parallel (default 2)
  --timeout SEC   how long a case may run before it counts as a hang (default 10)
  --seeds LIST    seed programs in build/guest, comma-separated (default ${DEFAULT_SEEDS.join(',')})
  --no-qemu       do not also run qemu-riscv64 (its outcome is only recorded, for triage)
  --failures DIR  where failing files are saved (default build/fuzz-elf-failures)
  --quiet         no progress line
`;

async function main(): Promise<number> {
  const args = commandLine('fuzz-elf', USAGE, {
    seed: { type: 'string' }, count: { type: 'string' }, first: { type: 'string' }, jobs: { type: 'string' },
    timeout: { type: 'string' }, seeds: { type: 'string' }, 'no-qemu': { type: 'boolean' }, failures: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (typeof args === 'number') return args;
  const { seed, label } = seedOption(args.seed);
  const names = args.seeds ? args.seeds.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_SEEDS;
  const opts = {
    seed,
    first: intOption(args.first, 0, 'first'),
    count: intOption(args.count, 100, 'count', 1),
    jobs: intOption(args.jobs, 2, 'jobs', 1),
    timeoutMs: intOption(args.timeout, 10, 'timeout', 1) * 1000,
    seeds: loadSeeds(GUEST_DIR, names),
    staticSeedPath: path.join(GUEST_DIR, 'hello'),
    qemu: !args['no-qemu'],
    failuresDir: path.resolve(args.failures ?? path.join(ROOT, 'build', 'fuzz-elf-failures')),
  };
  const progress = progressLine(args.quiet);
  console.log(`fuzz-elf: seed ${label}, cases ${opts.first}..${opts.first + opts.count - 1}, ` +
    `seeds ${names.join(',')}, ${opts.jobs} jobs, timeout ${opts.timeoutMs / 1000} s${opts.qemu ? '' : ', no qemu'}`);
  const result = await runCampaign({
    ...opts,
    onFailure: (f) => {
      progress.clear();
      console.log(f.text);
    },
    onProgress: (done, total) => progress.show(`${done}/${total} cases`),
  });
  progress.clear();
  for (const line of summarise(result)) console.log(line);
  console.log(`fuzz-elf: seed ${seed}: ${result.cases} cases, ${result.failures.length} FAIL, ${(result.ms / 1000).toFixed(1)} s`);
  return result.failures.length ? 1 : 0;
}

exitWith('fuzz-elf', main);
