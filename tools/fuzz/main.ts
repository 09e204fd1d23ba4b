// Command line: npm run fuzz -- --seed S --count N [--first I] [--insns K] [--jobs J]
//   [--per-elf M] [--exclude a,b] [--keep DIR] [--narrow D] [--quiet]
// Exit status 0 only when no divergence was found.

import { commandLine, exitWith, intOption, progressLine, seedOption } from './cli.js';
import { DEFAULTS, runCampaign } from './campaign.js';
import { ALL_KEYS, RVC_BASE } from './classes.js';
import { TIERS } from './run.js';

const USAGE = `usage: npm run fuzz -- --seed S --count N [options]

Differential fuzzing of rvjit against qemu-riscv64: random RV64GC+Zba/Zbb/Zbs programs, each
run under both, final register/fcsr/memory states compared bit for bit.

  --seed S        seed (number or any string); default: random, printed
  --count N       number of programs (default 100)
  --first I       index of the first program (default 0): --first I --count 1 reruns case I
  --insns K       random instructions per program (default ${DEFAULTS.insns})
  --jobs J        worker threads (default ${DEFAULTS.jobs})
  --per-elf M     programs per ELF, i.e. per process (default ${DEFAULTS.perElf})
  --exclude LIST  instruction names never to generate, comma-separated (c.* names, or base names,
                  which also exclude their compressed forms)
  --only LIST     draw the random instructions only from these names (a focused campaign)
  --keep DIR      save the ELF of each narrowed divergence (whole case and minimal) in DIR
  --narrow D      narrow down (bisect, shrink) at most D divergences (default ${DEFAULTS.narrow})
  --no-quirks     do not steer around known QEMU bugs (tools/fuzz/quirks.ts), e.g. with a newer QEMU
  --tier T        rvjit execution tier to test: jit (translate every block at once, the
                  default), interp (never translate) or mixed (the default threshold)
  --quiet         no progress line
`;

async function main(): Promise<number> {
  const args = commandLine('fuzz', USAGE, {
    seed: { type: 'string' }, count: { type: 'string' }, first: { type: 'string' }, insns: { type: 'string' },
    jobs: { type: 'string' }, 'per-elf': { type: 'string' }, exclude: { type: 'string' }, only: { type: 'string' },
    keep: { type: 'string' }, tier: { type: 'string' },
    narrow: { type: 'string' }, 'no-quirks': { type: 'boolean' }, quiet: { type: 'boolean' },
  });
  if (typeof args === 'number') return args;
  const { seed, label } = seedOption(args.seed);
  const list = (v: string | undefined, name: string) => {
    const names = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const known = new Set([...ALL_KEYS, ...Object.values(RVC_BASE)]);
    for (const n of names) if (!known.has(n)) throw new Error(`--${name}: the generator never emits "${n}"`);
    return names;
  };
  const exclude = list(args.exclude, 'exclude');
  const only = list(args.only, 'only');
  const opts = {
    seed, exclude, only, quirks: !args['no-quirks'],
    first: intOption(args.first, 0, 'first'),
    count: intOption(args.count, 100, 'count', 1),
    insns: intOption(args.insns, DEFAULTS.insns, 'insns', 1),
    jobs: intOption(args.jobs, DEFAULTS.jobs, 'jobs', 1),
    perElf: intOption(args['per-elf'], DEFAULTS.perElf, 'per-elf', 1),
    narrow: intOption(args.narrow, DEFAULTS.narrow, 'narrow'),
    keepDir: args.keep ?? null,
    shrinkBudget: DEFAULTS.shrinkBudget,
    hangMs: DEFAULTS.hangMs,
  };
  if (args.tier !== undefined) {
    if (!(TIERS as readonly string[]).includes(args.tier)) throw new Error(`--tier wants one of ${TIERS.join(', ')}, not "${args.tier}"`);
    // The workers that run rvjit read it from their (inherited) environment.
    process.env.RVJIT_FUZZ_TIER = args.tier;
  }
  const tier = process.env.RVJIT_FUZZ_TIER ?? 'jit';
  const progress = progressLine(args.quiet);
  console.log(`fuzz: seed ${label}, cases ${opts.first}..${opts.first + opts.count - 1}, ` +
    `${opts.insns} instructions each, ${opts.perElf} per ELF, ${opts.jobs} jobs${exclude.length ? `, excluding ${exclude.join(',')}` : ''}` +
    `${only.length ? `, only ${only.join(',')}` : ''}${opts.quirks ? '' : ', QEMU quirks not avoided'}, rvjit tier ${tier}`);
  const result = await runCampaign({
    ...opts,
    onDivergence: (d) => {
      progress.clear();
      console.log(d.text);
    },
    onProgress: (done, total) => progress.show(`${done}/${total} programs`),
  });
  progress.clear();
  const culprits = new Map<string, number>();
  for (const d of result.divergences) if (d.culprit) culprits.set(d.culprit, (culprits.get(d.culprit) ?? 0) + 1);
  const by = culprits.size ? ` (narrowed to: ${[...culprits].map(([k, v]) => `${k} x${v}`).join(', ')})` : '';
  console.log(`fuzz: seed ${seed}: ${result.programs} programs in ${result.elfs} ELFs, ${result.divergences.length} divergences${by}, ` +
    `${(result.ms / 1000).toFixed(1)} s`);
  return result.divergences.length ? 1 : 0;
}

exitWith('fuzz', main);
