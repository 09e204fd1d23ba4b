// Parsing the command line. Everything after the program name belongs to the guest.

export interface CliRun {
  command: 'run';
  program: string;
  args: string[];
  sysroot: string | null;
  /** -E and -U in command-line order: [name, value] sets, [name, null] removes. */
  envEdits: [string, string | null][];
  strace: boolean;
  stats: boolean;
  invalidation: 'rcu' | 'exclusive';
  jitThreshold: number | undefined;
}

export type CliCommand = CliRun | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `usage: rvjit run [options] <program> [args...]
       rvjit --version | --help

Runs a RISC-V 64-bit (RV64GC) Linux program, translating its code to WebAssembly.

options:
  -L, --sysroot DIR   prefix for the ELF interpreter and for absolute paths the host
                      lacks (like qemu-riscv64 -L; QEMU_LD_PREFIX is used if unset)
  -E VAR=value        set VAR in the guest environment (repeatable)
  -U VAR              remove VAR from the guest environment (repeatable)
  --strace            print each guest system call on stderr
  --stats             print translation and dispatch statistics on stderr at exit
  --invalidate=MODE   how other threads drop stale translations when code changes:
                      rcu (default: regions replaced under RCU) or exclusive
                      (stop every thread and flush, as QEMU's tb_flush)
  --jit-threshold=N   interpret a block of guest code N times before translating it
                      to WebAssembly (default 32; 0 translates everything at once)
  -h, --help          show this help
  --version           print the rvjit version`;

function takeValue(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined) throw new UsageError(`option ${flag} needs a value`);
  return v;
}

export function parseArgs(argv: string[], env: Record<string, string | undefined>): CliCommand {
  if (argv.length === 0) throw new UsageError('no command given');
  const [cmd, ...rest] = argv;
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') return { command: 'help' };
  if (cmd === '--version' || cmd === '-V' || cmd === 'version') return { command: 'version' };
  if (cmd !== 'run') throw new UsageError(`unknown command '${cmd}'`);
  const run: CliRun = {
    command: 'run', program: '', args: [], sysroot: env.QEMU_LD_PREFIX || null, envEdits: [],
    strace: false, stats: false, invalidation: 'rcu', jitThreshold: undefined,
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') {
      if (i + 1 >= rest.length) throw new UsageError('no program given');
      run.program = rest[i + 1]!;
      run.args = rest.slice(i + 2);
      return run;
    }
    if (!a.startsWith('-') || a === '-') {
      run.program = a;
      run.args = rest.slice(i + 1);
      return run;
    }
    if (a === '-h' || a === '--help') return { command: 'help' };
    if (a === '--version') return { command: 'version' };
    if (a === '--strace') run.strace = true;
    else if (a === '--stats') run.stats = true;
    else if (a === '--invalidate' || a.startsWith('--invalidate=')) {
      const v = a === '--invalidate' ? takeValue(rest, i++, a) : a.slice('--invalidate='.length);
      if (v !== 'rcu' && v !== 'exclusive') throw new UsageError(`--invalidate must be rcu or exclusive, got '${v}'`);
      run.invalidation = v;
    }
    else if (a === '--jit-threshold' || a.startsWith('--jit-threshold=')) {
      const v = a === '--jit-threshold' ? takeValue(rest, i++, a) : a.slice('--jit-threshold='.length);
      if (!/^[0-9]+$/.test(v) || Number(v) > 2 ** 31) throw new UsageError(`--jit-threshold needs a count (0 to 2^31), got '${v}'`);
      run.jitThreshold = Number(v);
    }
    else if (a === '-L' || a === '--sysroot') run.sysroot = takeValue(rest, i++, a);
    else if (a.startsWith('--sysroot=')) run.sysroot = a.slice('--sysroot='.length);
    else if (a === '-E' || a.startsWith('-E')) {
      const v = a === '-E' ? takeValue(rest, i++, a) : a.slice(2);
      const eq = v.indexOf('=');
      if (eq <= 0) throw new UsageError(`-E needs VAR=value, got '${v}'`);
      run.envEdits.push([v.slice(0, eq), v.slice(eq + 1)]);
    } else if (a === '-U' || a.startsWith('-U')) {
      const v = a === '-U' ? takeValue(rest, i++, a) : a.slice(2);
      if (!v || v.includes('=')) throw new UsageError(`-U needs a variable name, got '${v}'`);
      run.envEdits.push([v, null]);
    } else {
      throw new UsageError(`unknown option '${a}'`);
    }
  }
  throw new UsageError('no program given');
}

/** The guest environment: the host's, edited by -E and -U in command-line order (as qemu does). */
export function guestEnv(host: Record<string, string | undefined>, run: CliRun): string[] {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(host)) if (v !== undefined) env.set(k, v);
  for (const [k, v] of run.envEdits) {
    if (v === null) env.delete(k);
    else env.set(k, v);
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}
