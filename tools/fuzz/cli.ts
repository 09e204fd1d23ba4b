// Command-line plumbing shared by the fuzzers (tools/fuzz, tools/fuzz-elf, tools/fuzz-syscalls):
// parsing with --help, integer options, the seed, the progress line on a terminal, and the exit
// status of main().

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseSeed } from './prng.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** An integer option: `def` when absent; a usage error (thrown) when not an integer >= min. */
export function intOption(v: string | undefined, def: number, name: string, min = 0): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} wants an integer >= ${min}, not "${v}"`);
  return n;
}

/** The campaign seed from --seed (random when absent, printed so that any run can be repeated). */
export function seedOption(text: string | undefined): { seed: number; label: string } {
  const seedText = text ?? String((Date.now() ^ (process.pid << 16)) >>> 0);
  const seed = parseSeed(seedText);
  return { seed, label: `${seed}${seedText !== String(seed) ? ` ("${seedText}")` : ''}` };
}

/** A progress line rewritten in place on a terminal's stderr; printing a line clears it first. */
export function progressLine(quiet: boolean | undefined) {
  const tty = process.stderr.isTTY && !quiet;
  return {
    show: (text: string) => { if (tty) process.stderr.write(`\r${text}`); },
    clear: () => { if (tty) process.stderr.write('\r\x1b[K'); },
  };
}

/** Runs main() and exits with its status; a thrown error is a usage or set-up error (status 2). */
export function exitWith(tool: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${tool}: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

/**
 * Parses the command line against `options` (plus -h/--help). Returns the values, or the exit
 * status main() should return: 0 after printing `usage` for --help, 2 after a parse error.
 */
export function commandLine<const O extends ParseArgsOptionsConfig>(tool: string, usage: string, options: O): Values<O> | number {
  let values;
  try {
    values = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`${tool}: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return values as Values<O>;
}
