// fork, vfork and posix_spawn's clone: a new guest process is a new rvjit process. The parent
// writes a snapshot of itself (linux/child-spec.ts) to anonymous files and starts the child with
// them and its descriptors; the child rebuilds the process and continues where fork returned.
// With CLONE_VFORK the parent waits until the child has exec'd or exited, as Linux's vfork does.

import { Errno, EAGAIN, ENOMEM } from './errno.js';
import { FileKind, O_NONBLOCK } from './fdtable.js';
import { PAGE_SHIFT, PAGE_SIZE } from '../memory/layout.js';
import { S_X } from '../jit/state.js';
import {
  encodeMemory, rlimitsToJson, sigactionToJson, type ChildFd, type ChildSpec, type MemoryRun,
} from './child-spec.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';
import type { CloneRequest } from './syscalls/thread.js';

const CLONE_VFORK = 0x4000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
  CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;

/** What the host layer needs to start a child process. */
export interface ChildLaunch {
  /** rvjit child: run `rvjit __child <specFd>`; host program: run `program` with `argv`/`env`. */
  kind: 'rvjit' | 'host';
  program?: string;
  argv?: string[];
  env?: string[];
  cwd: string;
  /** fds[i] = host descriptor the child gets as descriptor i (null: closed). */
  fds: (number | null)[];
  specFd?: number;
  /** Host descriptor of the status file the child writes its final status to. */
  statusFd: number;
}

/** Descriptors of the guest that a child inherits (close-on-exec ones too: fork keeps them). */
export function inheritedFds(proc: LinuxProcess, forExec: boolean): { list: ChildFd[]; hostFds: (number | null)[] } {
  const list: ChildFd[] = [];
  const hostFds: (number | null)[] = [];
  for (const fd of proc.fds.openFds()) {
    const cloexec = (proc.fds.fdFlagsOf(fd) & 1) !== 0;
    if (forExec && cloexec) continue;
    const f = proc.fds.get(fd);
    // Emulated objects (eventfd, epoll) have no host descriptor to hand over.
    if (f.hostFd < 0 || f.kind === FileKind.EventFd || f.kind === FileKind.Epoll) continue;
    list.push({ fd, kind: f.kind, flags: f.flags, cloexec, offset: f.offset, pos: f.pos });
    hostFds[fd] = f.hostFd;
  }
  return { list, hostFds };
}

/** Runs of pages inside mappings that may hold data. */
function memoryRuns(proc: LinuxProcess): MemoryRun[] {
  const runs: MemoryRun[] = [];
  const dirty = proc.mm.shared.dirty;
  for (const v of proc.mm.vmas) {
    for (let p = v.start >>> PAGE_SHIFT; p < v.end >>> PAGE_SHIFT; p++) {
      if (!dirty[p]) continue;
      let q = p;
      while (q < v.end >>> PAGE_SHIFT && dirty[q]) q++;
      const start = p * PAGE_SIZE;
      runs.push({ start, bytes: proc.mm.u8.subarray(start, q * PAGE_SIZE) });
      p = q;
    }
  }
  return runs;
}

/** Common part of a child's spec: process settings and descriptors. */
export function baseSpec(proc: LinuxProcess, t: Thread, mode: ChildSpec['mode'], fds: ChildFd[], statusFd: number): ChildSpec {
  const sigactions: ChildSpec['sigactions'] = [];
  for (let sig = 1; sig <= 64; sig++) {
    const a = proc.kernel.sigaction(sig);
    // exec keeps only ignored signals; fork keeps every disposition.
    if (a.handler === 0n && a.flags === 0n && a.mask === 0n) continue;
    if (mode === 'exec' && a.handler !== 1n) continue;
    sigactions.push(sigactionToJson(sig, a));
  }
  return {
    mode,
    options: {
      sysroot: proc.options.sysroot, strace: proc.options.strace, stats: false, invalidation: proc.options.invalidation, jitThreshold: proc.options.jitThreshold,
    },
    cwd: proc.paths.cwd,
    umask: proc.umask,
    rlimits: rlimitsToJson(proc.rlimits),
    sigactions,
    sigmask: t.sigmask.toString(),
    fds,
    statusPath: String(statusFd),
  };
}

/** Writes `bytes` to a new anonymous host file; returns its descriptor. */
export function anonymousFile(proc: LinuxProcess, bytes: Uint8Array): number {
  const fs = proc.host.fs;
  const fd = fs.tmpfile(null, 0o600);
  for (let done = 0; done < bytes.length; ) {
    const n = fs.write(fd, bytes.subarray(done, Math.min(bytes.length, done + (1 << 24))), done);
    if (n <= 0) throw new Errno(ENOMEM);
    done += n;
  }
  return fd;
}

/**
 * fork and the fork-like clones. Returns the child's pid in the parent; the child continues as
 * the same thread with a0 = 0.
 */
export function forkProcess(proc: LinuxProcess, t: Thread, req: CloneRequest): number {
  if (!proc.spawnChildProcess) throw new Errno(EAGAIN);
  const fs = proc.host.fs;
  const { list, hostFds } = inheritedFds(proc, false);

  // The child's registers: the parent's, returning 0 from the syscall, after the ecall.
  const state = proc.mm.u8.slice(t.cpu.base, t.cpu.base + 4096);
  const sv = new DataView(state.buffer);
  sv.setBigInt64(S_X + 8 * 10, 0n, true);
  if (req.stack) sv.setBigUint64(S_X + 8 * 2, BigInt(req.stack), true);
  if (req.flags & CLONE_SETTLS) sv.setBigUint64(S_X + 8 * 4, BigInt.asUintN(64, req.tls), true);
  sv.setBigUint64(512 /* S_PC */, BigInt(t.cpu.pc + 4), true);

  proc.flushSharedMaps(0, Number.MAX_SAFE_INTEGER);
  const memFd = anonymousFile(proc, encodeMemory(memoryRuns(proc)));
  const statusFd = fs.tmpfile(null, 0o600);
  const spec = baseSpec(proc, t, 'fork', list, statusFd);
  const alt = proc.signals.altstack(t);
  spec.fork = {
    memoryPath: '',
    vmas: proc.mm.vmas.map((v) => ({ ...v, writeback: -1 })),
    brkStart: proc.mm.brkStart,
    brkCurrent: proc.mm.brkCurrent,
    mmapBase: proc.mm.mmapBase,
    execInfo: proc.kernel.execInfo(),
    state: Buffer.from(state).toString('base64'),
    childTid: req.flags & CLONE_CHILD_SETTID ? req.childTid : 0,
    name: t.name,
    altstack: [alt.sp, alt.size, alt.flags],
  };
  if (req.flags & CLONE_CHILD_CLEARTID) spec.fork.childTid = -req.childTid; // negative: also clear at exit
  const launch: ChildLaunch = { kind: 'rvjit', cwd: proc.paths.cwd, fds: hostFds, statusFd };
  // vfork: the parent sleeps until the child has exec'd or exited; it watches the status file.
  const vfork = (req.flags & CLONE_VFORK) !== 0;
  spec.vfork = vfork;
  const watch = vfork ? fs.reopen(statusFd, 0) : -1;
  try {
    const pid = startChild(proc, launch, spec, memFd);
    if (req.flags & CLONE_PARENT_SETTID) proc.putU32(req.parentTid, pid);
    if (vfork) proc.waitForVforkRelease(t, pid, watch);
    return pid;
  } finally {
    if (watch >= 0) fs.close(watch);
  }
}

/**
 * Starts a child rvjit process for `spec` (the spec travels in an anonymous file handed over
 * as an extra descriptor, like the memory image and the status file). Returns its pid.
 */
export function startChild(proc: LinuxProcess, launch: ChildLaunch, spec: ChildSpec, memFd = -1): number {
  const fs = proc.host.fs;
  // Extra descriptors go above every guest descriptor: the child's own numbers must not move.
  let next = Math.max(2, launch.fds.length - 1) + 1;
  const fds = [...launch.fds];
  const place = (hostFd: number) => {
    const at = next++;
    fds[at] = hostFd;
    return at;
  };
  // Node (libuv) makes a child's descriptors 0-2 blocking, and O_NONBLOCK belongs to the open
  // file description, which the parent shares: a non-blocking guest descriptor 0-2 would turn
  // blocking in the parent too, where a read with nothing to read then never returns. Those
  // travel in extra slots instead (the child's own 0-2 are then /dev/null, which it never uses).
  for (const f of spec.fds) {
    if (f.fd <= 2 && (f.flags & O_NONBLOCK) && fds[f.fd] != null) {
      f.hostFd = place(fds[f.fd]!);
      fds[f.fd] = null;
    }
  }
  spec.statusPath = String(place(launch.statusFd));
  if (memFd >= 0 && spec.fork) spec.fork.memoryPath = String(place(memFd));
  const specFd = anonymousFile(proc, new TextEncoder().encode(JSON.stringify(spec)));
  const specAt = place(specFd);
  try {
    const pid = proc.spawnChildProcess!({ ...launch, fds, specFd: specAt });
    if (pid < 0) throw new Errno(-pid);
    proc.kernel.addChild(pid);
    return pid;
  } finally {
    // The child has its own copies now; the status file belongs to whoever watches the child.
    fs.close(specFd);
    if (memFd >= 0) fs.close(memFd);
  }
}
