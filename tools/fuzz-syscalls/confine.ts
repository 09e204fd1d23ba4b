// A second line of defence for the confinement the guest promises (tests/guest/fuzz_syscalls.c,
// docs/fuzzing.md): every logged call is checked after the run, so that a change to the
// generator that lets a signal or a path escape shows up as a failure at once, in CI, instead of
// as a stray signal or file on the machine some day.

/** Pids above PID_MAX_LIMIT (2^22) belong to no process and no process group. */
const PID_MAX_LIMIT = 4194304;
const INT_MIN = -2147483648;

/** Calls that name a process or thread as their first argument(s), and how many such arguments. */
const SIGNALLING: Record<string, number> = { kill: 1, tkill: 1, tgkill: 2, rt_sigqueueinfo: 1, rt_tgsigqueueinfo: 2 };

/** Calls that only look at a path: they may name anything (/, /proc/self/...). */
const LOOK_ONLY = new Set(['statfs', 'faccessat', 'faccessat2', 'readlinkat', 'newfstatat', 'statx', 'execve', 'execveat']);

/** Whether a logged pid argument is one the guest may signal. */
function allowedTarget(arg: string, call: string): boolean {
  if (arg === 'self' || /^child\d+$/.test(arg)) return true;
  // 0 and -self: the guest's own process group (only kill has groups)
  if (call === 'kill' && (arg === '0' || arg === '-self')) return true;
  const n = Number(arg);
  return Number.isInteger(n) && (Math.abs(n) >= PID_MAX_LIMIT || n === INT_MIN);
}

/** Splits the argument list of a logged call at its top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quoted = false, cur = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '{' || ch === '[')) depth++;
    if (!quoted && (ch === '}' || ch === ']')) depth--;
    if (!quoted && depth === 0 && ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The logged calls that break the confinement, with the reason. */
export function confinementProblems(lines: string[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    const m = /^\d+ (\w+)\((.*)\)(?: = \S+)?$/.exec(line);
    if (!m) continue;
    const [, name, argText] = m as unknown as [string, string, string];
    const args = splitArgs(argText);
    const targets = SIGNALLING[name];
    if (targets) {
      for (const a of args.slice(0, targets)) {
        if (!allowedTarget(a, name)) problems.push(`${line}: signals "${a}", not this process tree`);
      }
    }
    if (!LOOK_ONLY.has(name)) {
      for (const a of args) {
        if (a.startsWith('"/')) problems.push(`${line}: absolute path ${a} in a call that may change things`);
        if (/^"(\.\.|.*\/\.\.\/\.\.)/.test(a)) problems.push(`${line}: path ${a} leaves the scratch directory`);
      }
    }
  }
  return problems;
}
