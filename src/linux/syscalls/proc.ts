// Process identity, limits, and system information.

import { sys, NO_RETURN } from './registry.js';
import { Errno, EINVAL, EPERM, ESRCH, EFAULT } from '../errno.js';
import type { Thread } from '../thread.js';
import { ThreadField } from '../shared.js';

const RLIM_INFINITY = 0xffffffffffffffffn;
const RLIMIT_NLIMITS = 16;

sys('exit', 'i', (t) => {
  // A single-threaded process ends with its last thread; multi-threaded exit is in the thread layer.
  t.proc.exitThread(t, t.int(0) & 0xff);
  return NO_RETURN;
});

sys('exit_group', 'i', (t) => {
  t.proc.exitAll({ code: t.int(0) & 0xff, signal: null });
  return NO_RETURN;
});

sys('getpid', '', (t) => t.proc.pid);
sys('getppid', '', (t) => t.proc.ppid);
sys('gettid', '', (t) => t.tid);
sys('getuid', '', (t) => t.proc.host.info().uid);
sys('geteuid', '', (t) => t.proc.host.info().euid);
sys('getgid', '', (t) => t.proc.host.info().gid);
sys('getegid', '', (t) => t.proc.host.info().egid);
sys('getresuid', 'p p p', (t) => putIds(t, t.proc.host.info().uid, t.proc.host.info().euid));
sys('getresgid', 'p p p', (t) => putIds(t, t.proc.host.info().gid, t.proc.host.info().egid));
sys('getgroups', 'i p', (t) => {
  const n = t.int(0);
  if (n < 0) throw new Errno(EINVAL);
  if (n === 0) return 1;
  t.proc.putU32(t.ulong(1), t.proc.host.info().egid);
  return 1;
});
sys('getpgid', 'i', (t) => {
  const pid = t.int(0);
  if (pid !== 0 && pid !== t.proc.pid) throw new Errno(ESRCH);
  return t.proc.pid;
});
sys('getsid', 'i', (t) => {
  const pid = t.int(0);
  if (pid !== 0 && pid !== t.proc.pid) throw new Errno(ESRCH);
  return t.proc.pid;
});
sys('setsid', '', () => {
  throw new Errno(EPERM); // we are a process-group leader of the host's session
});
sys('setpgid', 'i i', (t) => {
  const pid = t.int(0), pgid = t.int(1);
  if ((pid !== 0 && pid !== t.proc.pid) || (pgid !== 0 && pgid !== t.proc.pid)) throw new Errno(EPERM);
  return 0;
});

function putIds(t: Thread, real: number, eff: number): number {
  for (const [i, v] of [[0, real], [1, eff], [2, eff]] as const) t.proc.putU32(t.ulong(i), v);
  return 0;
}

sys('set_tid_address', 'p', (t) => {
  t.clearChildTid = t.ulong(0);
  return t.tid;
});

sys('set_robust_list', 'p u', (t) => {
  if (t.ulong(1) !== 24) throw new Errno(EINVAL); // sizeof(struct robust_list_head)
  t.robustList = t.ulong(0);
  t.robustListLen = t.ulong(1);
  return 0;
});

sys('get_robust_list', 'i p p', (t) => {
  const pid = t.int(0);
  const slot = pid === 0 ? t.slot : t.proc.kernel.slotOfTid(pid);
  if (slot < 0) throw new Errno(ESRCH);
  t.proc.putU64(t.ulong(1), t.proc.kernel.threadF64(slot, ThreadField.RobustList));
  t.proc.putU64(t.ulong(2), t.proc.kernel.threadF64(slot, ThreadField.RobustLen));
  return 0;
});

// rseq: registering is allowed but the area is never updated by "the kernel": glibc only uses it
// for sched_getcpu and restartable sequences, whose cpu_id field we set once (always CPU 0).
sys('rseq', 'p u i x', (t) => {
  const addr = t.ulong(0), len = t.uint(1), flags = t.int(2);
  if (flags & 1) {
    // RSEQ_FLAG_UNREGISTER
    if (t.rseq !== addr) throw new Errno(EINVAL);
    t.rseq = 0;
    return 0;
  }
  if (t.rseq) throw new Errno(t.rseq === addr ? 16 : EINVAL); // EBUSY if already registered
  if (len < 32 || addr % 32 !== 0) throw new Errno(EINVAL);
  t.proc.write(addr, 8);
  t.proc.putU32(addr, 0); // cpu_id_start
  t.proc.putU32(addr + 4, 0); // cpu_id
  t.rseq = addr;
  return 0;
});

function rlimitValue(v: number): bigint {
  return v === Infinity ? RLIM_INFINITY : BigInt(v);
}

function readRlimit(t: Thread, addr: number): [number, number] {
  const soft = t.proc.getU64(addr), hard = t.proc.getU64(addr + 8);
  const n = (v: bigint) => (v === RLIM_INFINITY ? Infinity : Number(v));
  return [n(soft), n(hard)];
}

function prlimit(t: Thread, resource: number, newAddr: number, oldAddr: number): number {
  if (resource < 0 || resource >= RLIMIT_NLIMITS) throw new Errno(EINVAL);
  const cur = t.proc.kernel.rlimit(resource);
  let next: [number, number] | null = null;
  if (newAddr) {
    next = readRlimit(t, newAddr);
    if (next[0] > next[1]) throw new Errno(EINVAL);
    if (next[1] > cur[1]) throw new Errno(EPERM);
  }
  if (oldAddr) {
    t.proc.putU64(oldAddr, rlimitValue(cur[0]));
    t.proc.putU64(oldAddr + 8, rlimitValue(cur[1]));
  }
  if (next) t.proc.setRlimit(resource, next);
  return 0;
}

sys('prlimit64', 'i i p p', (t) => {
  const pid = t.int(0);
  if (pid !== 0 && pid !== t.proc.pid) throw new Errno(ESRCH);
  return prlimit(t, t.int(1), t.ulong(2), t.ulong(3));
});
sys('getrlimit', 'i p', (t) => prlimit(t, t.int(0), 0, t.ulong(1)));
sys('setrlimit', 'i p', (t) => prlimit(t, t.int(0), t.ulong(1), 0));

/** Writes a NUL-padded field of a fixed-size struct. */
function putField(t: Thread, addr: number, size: number, s: string): void {
  const b = new Uint8Array(size);
  b.set(new TextEncoder().encode(s).subarray(0, size - 1));
  t.proc.write(addr, size).set(b);
}

sys('uname', 'p', (t) => {
  const a = t.ulong(0);
  const info = t.proc.host.info();
  t.proc.write(a, 65 * 6);
  putField(t, a, 65, 'Linux');
  putField(t, a + 65, 65, info.hostname);
  putField(t, a + 130, 65, info.release);
  putField(t, a + 195, 65, '#1 SMP rvjit');
  putField(t, a + 260, 65, 'riscv64');
  putField(t, a + 325, 65, '(none)');
  return 0;
});

sys('sysinfo', 'p', (t) => {
  const a = t.ulong(0);
  const info = t.proc.host.info();
  t.proc.write(a, 112).fill(0);
  const dv = t.proc.dv;
  dv.setBigInt64(a, BigInt(Math.floor(info.uptimeSeconds)), true);
  info.loadavg.forEach((l, i) => dv.setBigUint64(a + 8 + 8 * i, BigInt(Math.round(l * 65536)), true));
  dv.setBigUint64(a + 32, BigInt(info.totalMem), true);
  dv.setBigUint64(a + 40, BigInt(info.freeMem), true);
  dv.setUint16(a + 80, Math.min(t.proc.threadCount(), 65535), true); // procs
  dv.setUint32(a + 104, 1, true); // mem_unit
  return 0;
});

sys('sched_yield', '', () => 0);

sys('sched_getaffinity', 'i u p', (t) => {
  const pid = t.int(0), len = t.ulong(1), addr = t.ulong(2);
  if (pid !== 0 && t.proc.kernel.slotOfTid(pid) < 0) throw new Errno(ESRCH);
  const cpus = t.proc.host.info().cpus;
  const bytes = Math.ceil(cpus / 64) * 8;
  if (len < bytes || len % 8 !== 0) throw new Errno(EINVAL);
  const mask = new Uint8Array(bytes);
  for (let c = 0; c < cpus; c++) mask[c >> 3]! |= 1 << (c & 7);
  t.proc.write(addr, bytes).set(mask);
  return bytes;
});

sys('sched_setaffinity', 'i u p', (t) => {
  const pid = t.int(0), len = t.ulong(1);
  if (pid !== 0 && t.proc.kernel.slotOfTid(pid) < 0) throw new Errno(ESRCH);
  const mask = t.proc.read(t.ulong(2), len);
  // A mask with none of our CPUs (a short one counts as zero-filled) leaves nowhere to run.
  const cpus = t.proc.host.info().cpus;
  let any = false;
  for (let c = 0; c < cpus && c < 8 * len; c++) any ||= (mask[c >> 3]! & (1 << (c & 7))) !== 0;
  if (!any) throw new Errno(EINVAL);
  return 0;
});

sys('getcpu', 'p p p', (t) => {
  if (t.ulong(0)) t.proc.putU32(t.ulong(0), 0);
  if (t.ulong(1)) t.proc.putU32(t.ulong(1), 0);
  return 0;
});

sys('getrandom', 'p u x', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), flags = t.uint(2);
  if (flags & ~7) throw new Errno(EINVAL);
  const n = Math.min(len, 33554431);
  const buf = t.proc.write(addr, n);
  const tmp = new Uint8Array(n);
  t.proc.host.randomBytes(tmp);
  buf.set(tmp);
  return n;
});

sys('umask', 'o', (t) => {
  const old = t.proc.umask;
  t.proc.umask = t.uint(0) & 0o777;
  return old;
});

sys('personality', 'x', (t) => {
  const p = t.uint(0);
  if (p !== 0xffffffff && p !== 0) throw new Errno(EINVAL);
  return 0;
});

const PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_SET_DUMPABLE = 4,
  PR_GET_DUMPABLE = 3, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39, PR_SET_VMA = 0x53564d41;
sys('prctl', 'i x x x x', (t) => {
  const opt = t.int(0);
  switch (opt) {
    case PR_SET_NAME: {
      const bytes = t.proc.mm.readCString(t.ulong(1), 4096);
      t.name = new TextDecoder().decode(bytes.subarray(0, 15));
      return 0;
    }
    case PR_GET_NAME:
      putField(t, t.ulong(1), 16, t.name);
      return 0;
    case PR_SET_PDEATHSIG:
      return 0;
    case PR_GET_PDEATHSIG:
      t.proc.putU32(t.ulong(1), 0);
      return 0;
    case PR_GET_DUMPABLE:
      return 1;
    case PR_SET_DUMPABLE:
      return 0;
    case PR_SET_NO_NEW_PRIVS:
    case PR_SET_VMA:
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      return 0;
    default:
      throw new Errno(EINVAL);
  }
});

// riscv_hwprobe: key/value pairs describing the hart. We report the base IMA, F/D, C and the
// Zba/Zbb/Zbs extensions the translator implements; unknown keys get key -1 as Linux does.
const RISCV_HWPROBE_KEY_MVENDORID = 0, RISCV_HWPROBE_KEY_MARCHID = 1, RISCV_HWPROBE_KEY_MIMPID = 2,
  RISCV_HWPROBE_KEY_BASE_BEHAVIOR = 3, RISCV_HWPROBE_KEY_IMA_EXT_0 = 4, RISCV_HWPROBE_KEY_CPUPERF_0 = 5;
const BASE_BEHAVIOR_IMA = 1n;
const IMA_FD = 1n << 0n, IMA_C = 1n << 1n, IMA_ZBA = 1n << 3n, IMA_ZBB = 1n << 4n, IMA_ZBS = 1n << 5n;
const MISALIGNED_FAST = 3n;
sys('riscv_hwprobe', 'p u u p x', (t) => {
  const pairs = t.ulong(0), count = t.ulong(1), cpusetSize = t.ulong(2), flags = t.ulong(4);
  if (flags !== 0) throw new Errno(EINVAL);
  if (cpusetSize) t.proc.read(t.ulong(3), cpusetSize);
  for (let i = 0; i < count; i++) {
    const a = pairs + 16 * i;
    const key = t.proc.getU64(a);
    let value = 0n;
    switch (Number(BigInt.asIntN(64, key))) {
      case RISCV_HWPROBE_KEY_MVENDORID:
      case RISCV_HWPROBE_KEY_MARCHID:
      case RISCV_HWPROBE_KEY_MIMPID:
        value = 0n;
        break;
      case RISCV_HWPROBE_KEY_BASE_BEHAVIOR:
        value = BASE_BEHAVIOR_IMA;
        break;
      case RISCV_HWPROBE_KEY_IMA_EXT_0:
        value = IMA_FD | IMA_C | IMA_ZBA | IMA_ZBB | IMA_ZBS;
        break;
      case RISCV_HWPROBE_KEY_CPUPERF_0:
        value = MISALIGNED_FAST;
        break;
      default:
        t.proc.putU64(a, -1n);
        break;
    }
    t.proc.putU64(a + 8, value);
  }
  return 0;
});

sys('getrusage', 'i p', (t) => {
  const who = t.int(0);
  if (who !== 0 && who !== -1 && who !== 1) throw new Errno(EINVAL);
  const a = t.ulong(1);
  t.proc.write(a, 144).fill(0);
  const ns = who === -1 ? 0n : t.proc.host.clock.processCpuNs();
  const us = ns / 1000n;
  t.proc.putU64(a, us / 1_000_000n);
  t.proc.putU64(a + 8, us % 1_000_000n);
  return 0;
});

sys('times', 'p', (t) => {
  const a = t.ulong(0);
  const ticks = t.proc.host.clock.processCpuNs() / 10_000_000n;
  if (a) {
    t.proc.write(a, 32).fill(0);
    t.proc.putU64(a, ticks);
  }
  return t.proc.host.clock.monotonicNs() / 10_000_000n;
});

export { EFAULT };
