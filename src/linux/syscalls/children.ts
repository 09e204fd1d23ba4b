// Waiting for child processes: wait4 and waitid.

import { sys } from './registry.js';
import { Errno, ECHILD, EINVAL, ERESTARTSYS, ESRCH } from '../errno.js';
import { waitUntilReady } from '../readiness.js';
import { SIGCHLD } from '../signals.js';
import type { Thread } from '../thread.js';

const WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;
const __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = 0x80000000;
const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

/** Wait status word: exit code in bits 8-15, or the signal in bits 0-6 (bit 7: core dumped). */
export function waitStatus(code: number | null, signal: number | null, core = false): number {
  if (signal !== null) return (signal & 0x7f) | (core ? 0x80 : 0);
  return ((code ?? 0) & 0xff) << 8;
}

/**
 * Waits for a child matching `pid` (-1: any) to have ended; returns it, or null for WNOHANG
 * with only running children. ECHILD when none matches.
 */
function waitChild(t: Thread, pid: number, nohang: boolean, keep: boolean): { pid: number; status: number } | null {
  const k = t.proc.kernel;
  let found: ReturnType<typeof k.takeChild> = null;
  const check = () => {
    found = k.takeChild(pid, keep);
    return found !== 'running';
  };
  if (check()) {
    if (found === null) throw new Errno(ECHILD);
    return found;
  }
  if (nohang) return null;
  const r = waitUntilReady(t, check, null, false);
  if (r === 'interrupted') throw new Errno(ERESTARTSYS);
  if (found === null || found === 'running') throw new Errno(ECHILD);
  return found;
}

/** Converts wait4's pid argument: process groups are this process's own group (all children). */
function selector(t: Thread, pid: number): number {
  if (pid < -1) return -1;
  if (pid === 0) return -1;
  return pid;
}

sys('wait4', 'i p x p', (t) => {
  const pid = t.int(0), statusAddr = t.ulong(1), options = t.int(2), rusage = t.ulong(3);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)) throw new Errno(EINVAL);
  // -INT_MIN does not exist: Linux refuses it before anything else
  if (pid === -0x80000000) throw new Errno(ESRCH);
  if (statusAddr) t.proc.write(statusAddr, 4);
  const r = waitChild(t, selector(t, pid), (options & WNOHANG) !== 0, false);
  if (!r) return 0;
  if (statusAddr) t.proc.putU32(statusAddr, r.status);
  if (rusage) t.proc.write(rusage, 144).fill(0);
  return r.pid;
});

sys('waitid', 'i i p x p', (t) => {
  const idtype = t.int(0), id = t.int(1), infop = t.ulong(2), options = t.int(3), rusage = t.ulong(4);
  if (options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE)) throw new Errno(EINVAL);
  if (!(options & (WEXITED | WSTOPPED | WCONTINUED))) throw new Errno(EINVAL);
  let want: number;
  if (idtype === P_ALL || idtype === P_PGID) want = -1;
  else if (idtype === P_PID) {
    if (id <= 0) throw new Errno(EINVAL);
    want = id;
  } else if (idtype === P_PIDFD) throw new Errno(EINVAL);
  else throw new Errno(EINVAL);
  // Only exits are reported: stops and continues need job control, which rvjit lacks.
  if (!(options & WEXITED)) {
    if (options & WNOHANG) return 0;
    throw new Errno(ECHILD);
  }
  const r = waitChild(t, want, (options & WNOHANG) !== 0, (options & WNOWAIT) !== 0);
  if (infop) t.proc.write(infop, 128).fill(0);
  if (!r) return 0;
  if (infop) {
    const dv = t.proc.dv;
    const signaled = (r.status & 0x7f) !== 0;
    dv.setInt32(infop, SIGCHLD, true);
    dv.setInt32(infop + 8, signaled ? (r.status & 0x80 ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED, true);
    dv.setInt32(infop + 16, r.pid, true);
    dv.setUint32(infop + 20, t.proc.host.info().uid, true);
    dv.setInt32(infop + 24, signaled ? r.status & 0x7f : (r.status >> 8) & 0xff, true);
  }
  if (rusage) t.proc.write(rusage, 144).fill(0);
  return 0;
});
