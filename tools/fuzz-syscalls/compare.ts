// Comparing a run under rvjit with the same run (same seed) under qemu-riscv64. Not an oracle
// for the tests: qemu-user is not Linux (it has its own bugs and gaps), so differences are
// findings to read, not failures. The logs are compared line by line while both describe the
// same call; once the descriptions part (the two processes' states have drifted apart, e.g. a
// descriptor number differs), the rest is not comparable.

import { splitLine, type GuestRun } from './run.js';

export interface Difference {
  index: number;
  /** System call name (syscall_<n> for unknown numbers). */
  name: string;
  /** The call as logged (without its index). */
  call: string;
  rvjit: string;
  qemu: string;
}

export interface Comparison {
  /** Calls whose results were compared. */
  compared: number;
  differences: Difference[];
  /** Index of the first call the two logs describe differently, if any. */
  divergedAt: number | null;
}

export function compareRuns(rvjit: GuestRun, qemu: GuestRun): Comparison {
  const differences: Difference[] = [];
  let compared = 0;
  let divergedAt: number | null = null;
  const n = Math.min(rvjit.lines.length, qemu.lines.length);
  for (let i = 0; i < n; i++) {
    const a = rvjit.lines[i]!, b = qemu.lines[i]!;
    if (a === b) {
      if (splitLine(a)) compared++;
      continue;
    }
    const ra = splitLine(a), rb = splitLine(b);
    if (!ra || !rb || ra.call !== rb.call) {
      // "setup fds" lines differ when the emulators start with different descriptors
      if (a.startsWith('setup') && b.startsWith('setup')) {
        differences.push({ index: -1, name: 'setup', call: 'setup', rvjit: a, qemu: b });
        continue;
      }
      divergedAt = ra ? Number(ra.call.split(' ')[0]) : i;
      break;
    }
    compared++;
    const call = ra.call.replace(/^\d+ /, '');
    differences.push({
      index: Number(ra.call.split(' ')[0]), name: call.slice(0, call.indexOf('(')), call, rvjit: ra.result, qemu: rb.result,
    });
  }
  return { compared, differences, divergedAt };
}

const ERRNO: Record<string, string> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF',
  10: 'ECHILD', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV',
  19: 'ENODEV', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 23: 'ENFILE', 24: 'EMFILE', 25: 'ENOTTY', 26: 'ETXTBSY',
  27: 'EFBIG', 28: 'ENOSPC', 29: 'ESPIPE', 30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 33: 'EDOM', 34: 'ERANGE',
  35: 'EDEADLK', 36: 'ENAMETOOLONG', 38: 'ENOSYS', 39: 'ENOTEMPTY', 40: 'ELOOP', 61: 'ENODATA', 75: 'EOVERFLOW',
  95: 'EOPNOTSUPP', 110: 'ETIMEDOUT', 512: 'ERESTARTSYS',
};

/** A result as a reader wants it: "-22" becomes "EINVAL", values stay as they are. */
export function readable(result: string): string {
  const m = /^-(\d+)$/.exec(result);
  if (!m) return result;
  return ERRNO[m[1]!] ?? result;
}

/**
 * The group a difference belongs to, for counting: the call name and how each side answered
 * (values collapse to "value" so that, say, all read lengths count together).
 */
export function differenceKey(d: Difference): string {
  const shape = (r: string) => (/^-\d+$/.test(r) ? readable(r) : 'value');
  return `${d.name}: rvjit ${shape(d.rvjit)}, qemu ${shape(d.qemu)}`;
}
