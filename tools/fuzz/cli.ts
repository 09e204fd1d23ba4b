// Command-line plumbing shared by the fuzzers (tools/fuzz, tools/fuzz-elf): integer options, the
// seed, the progress line on a terminal, and the exit status of main().

import { parseSeed } from './prng.js';

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
