// Threads: clone and clone3 (the thread flavours; process creation is in the process family),
// and futex.

import { sys } from './registry.js';
import { Errno, EAGAIN, EINVAL, ENOSYS, ETIMEDOUT, EINTR, ERESTARTSYS } from '../errno.js';
import { getTimespec, clockNow } from './time.js';
import type { Thread } from '../thread.js';

const CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000,
  CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000,
  CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
  CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000, CLONE_UNTRACED = 0x800000,
  CLONE_CHILD_SETTID = 0x1000000, CLONE_IO = 0x80000000, CLONE_NEWUSER = 0x10000000;
/** New namespaces (mount, cgroup, UTS, IPC, user, pid, network): rvjit has none to create. */
const CLONE_NAMESPACES = CLONE_NEWNS | 0x02000000 | 0x04000000 | 0x08000000 | CLONE_NEWUSER | 0x20000000 | 0x40000000;
const THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
const ALLOWED = THREAD_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |
  CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_UNTRACED | CLONE_IO | CLONE_PIDFD | CLONE_VFORK | CLONE_PARENT |
  CLONE_NEWNS;

export interface CloneRequest {
  flags: number;
  stack: number;
  parentTid: number;
  childTid: number;
  tls: bigint;
}

import { forkProcess } from '../fork.js';
import { elapsedMs } from '../../host/elapsed.js';

function clone(t: Thread, req: CloneRequest): number {
  const f = req.flags;
  // Linux's consistency rules (kernel/fork.c).
  if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND)) throw new Errno(EINVAL);
  if ((f & CLONE_SIGHAND) && !(f & CLONE_VM)) throw new Errno(EINVAL);
  if ((f & (CLONE_NEWNS | CLONE_FS)) === (CLONE_NEWNS | CLONE_FS)) throw new Errno(EINVAL);
  // Linux would create the namespaces (or refuse CLONE_NEWUSER|CLONE_FS); a child silently
  // sharing the parent's instead would be worse than an error. qemu-user refuses them too.
  if (f & CLONE_NAMESPACES) throw new Errno(EINVAL);
  if ((f & CLONE_THREAD) === 0) return forkProcess(t.proc, t, req);
  if ((f & THREAD_FLAGS) !== THREAD_FLAGS || f & ~ALLOWED) throw new Errno(EINVAL);
  const proc = t.proc;
  if (!proc.spawnThread) throw new Errno(EAGAIN);
  const { slot, tid } = proc.kernel.allocThread(proc.pid, false);
  const child = proc.prepareThreadState(t, slot);
  child.setX(10, 0n);
  if (req.stack) child.setXn(2, req.stack);
  if (f & CLONE_SETTLS) child.setX(4, req.tls);
  child.pc = t.cpu.pc + 4;
  try {
    if (f & CLONE_PARENT_SETTID) proc.putU32(req.parentTid, tid);
    if (f & CLONE_CHILD_SETTID) proc.putU32(req.childTid, tid);
  } catch (e) {
    proc.kernel.releaseThread(slot);
    throw e;
  }
  proc.initThreadSlot(slot, f & CLONE_CHILD_CLEARTID ? req.childTid : 0, t.sigmask);
  proc.launchThread(slot, tid);
  return tid;
}

// riscv64 uses the generic argument order: flags, newsp, parent_tid, tls, child_tid.
sys('clone', 'x p p x p', (t) =>
  clone(t, { flags: t.uint(0), stack: t.ulong(1), parentTid: t.ulong(2), tls: t.big(3), childTid: t.ulong(4) }));

const CLONE_ARGS_SIZE_VER0 = 64;
sys('clone3', 'p u', (t) => {
  const addr = t.ulong(0), size = t.ulong(1);
  if (size < CLONE_ARGS_SIZE_VER0 || size > 4096) throw new Errno(EINVAL);
  const proc = t.proc;
  const u64 = (off: number) => (off + 8 <= size ? proc.getU64(addr + off) : 0n);
  const flags = u64(0);
  if (flags >> 32n) throw new Errno(EINVAL);
  const stack = Number(u64(40)), stackSize = Number(u64(48));
  if ((stack === 0) !== (stackSize === 0)) throw new Errno(EINVAL);
  if (u64(64) || u64(72)) throw new Errno(EINVAL); // set_tid is for pid namespaces
  const req: CloneRequest = {
    flags: Number(flags), stack: stack ? stack + stackSize : 0, parentTid: Number(u64(24)),
    childTid: Number(u64(16)), tls: u64(56),
  };
  // The exit signal (u64(32)) matters only for new processes.
  return clone(t, req);
});

// ---- futex ----

const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5,
  FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
const FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = -1;
const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;

function checkAligned(addr: number): void {
  if (addr % 4 !== 0) throw new Errno(EINVAL);
}

function futexWait(t: Thread, addr: number, val: number, timeoutAddr: number, bitset: number, absolute: boolean, realtime: boolean): number {
  const proc = t.proc;
  checkAligned(addr);
  proc.read(addr, 4);
  if (bitset === 0) throw new Errno(EINVAL);
  let deadline: number | null = null;
  if (timeoutAddr) {
    const ns = getTimespec(t, timeoutAddr);
    const clock = realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    // Deadlines are kept on the elapsedMs() scale; convert from the requested clock.
    const rel = absolute ? Number(ns - clockNow(t, clock)) / 1e6 : Number(ns) / 1e6;
    deadline = elapsedMs() + Math.max(0, rel);
  }
  const outcome = t.blocking(() =>
    proc.futexes.wait(proc.kernel, proc.guestI32, t.slot, addr, val, bitset, deadline, t.wakeWord, () => proc.interrupted(t)));
  if (outcome === 'mismatch') throw new Errno(EAGAIN);
  if (outcome === 'timeout') throw new Errno(ETIMEDOUT);
  if (outcome === 'interrupted') throw new Errno(t.proc.kernel.exiting ? EINTR : ERESTARTSYS);
  return 0;
}

sys('futex', 'p i i p p i', (t) => {
  const proc = t.proc;
  const addr = t.ulong(0), op = t.int(1), val = t.int(2);
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const realtime = (op & FUTEX_CLOCK_REALTIME) !== 0;
  if (realtime && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAIT) throw new Errno(ENOSYS);
  switch (cmd) {
    case FUTEX_WAIT:
      return futexWait(t, addr, val, t.ulong(3), FUTEX_BITSET_MATCH_ANY, false, false);
    case FUTEX_WAIT_BITSET:
      return futexWait(t, addr, val, t.ulong(3), t.int(5), true, realtime);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      checkAligned(addr);
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : t.int(5);
      if (bitset === 0) throw new Errno(EINVAL);
      return proc.futexes.wake(proc.kernel, addr, Math.max(0, val), bitset);
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      checkAligned(addr);
      const addr2 = t.ulong(4);
      checkAligned(addr2);
      const nMove = t.int(3); // val2 travels in the timeout argument
      if (val < 0 || nMove < 0) throw new Errno(EINVAL);
      if (cmd === FUTEX_CMP_REQUEUE) proc.read(addr, 4);
      const r = proc.futexes.requeue(proc.kernel, proc.guestI32, addr, val, nMove, addr2, cmd === FUTEX_CMP_REQUEUE ? t.int(5) : null);
      if (r < 0) throw new Errno(EAGAIN);
      return r;
    }
    case FUTEX_WAKE_OP: {
      checkAligned(addr);
      const addr2 = t.ulong(4);
      checkAligned(addr2);
      proc.write(addr2, 4);
      const r = proc.futexes.wakeOp(proc.kernel, proc.guestI32, addr, Math.max(0, val), addr2, Math.max(0, t.int(3)), t.int(5));
      if (r < 0) throw new Errno(-r);
      return r;
    }
    default:
      throw new Errno(ENOSYS);
  }
});

