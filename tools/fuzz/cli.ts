// Command-line helpers shared by the fuzzers' main.ts files.

/** An integer option: `def` when absent; an Error naming the option when not an integer >= min. */
export function intOption(v: string | undefined, def: number, name: string, min = 0): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} wants an integer >= ${min}, not "${v}"`);
  return n;
}

/** A fresh seed when none is given (printed by the caller, so that the run can be repeated). */
export function randomSeedText(): string {
  return String((Date.now() ^ (process.pid << 16)) >>> 0);
}
