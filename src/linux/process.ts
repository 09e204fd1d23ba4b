// A guest Linux process: its address space, descriptors, working directory, identity and
// threads, and the handling of every exit from generated code (syscalls, faults, traps).

import { AddressSpace, MemoryError, PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/address-space.js';
import { MEMORY_BYTES, WASM_PAGES } from '../memory/layout.js';
import { ExitReason } from '../jit/state.js';
import { Vcpu, type ExitHandler } from '../vcpu/vcpu.js';
import type { Host } from '../host/host.js';
import { HostError } from '../host/host.js';
import { FdTable, FileKind, O_RDWR } from './fdtable.js';
import { Errno, ENOSYS, EIO, EPIPE, errnoName, errnoText } from './errno.js';
import { SYSCALLS, NO_RETURN } from './syscalls/registry.js';
import { SYSCALL_NAMES } from './sysnums.js';
import { formatSyscall, SavedArgs } from './strace.js';
import { Thread } from './thread.js';
import { loadProgram, type ExecInfo } from './exec.js';
import { PathResolver } from './paths.js';
import { signalName, signalText, defaultAction, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGPIPE } from './signals.js';
import './syscalls/index.js';

export interface ProcessOptions {
  /** Host path of the program. */
  program: string;
  argv: string[];
  env: string[];
  sysroot: string | null;
  strace: boolean;
  stats: boolean;
  /** Called with each diagnostic line (strace, fatal-signal message). */
  host: Host;
}

export interface ExitStatus {
  /** Exit code as a shell reports it (128+signal when killed). */
  code: number;
  signal: number | null;
}

export class LinuxProcess implements ExitHandler {
  readonly memory: WebAssembly.Memory;
  readonly mm: AddressSpace;
  /** A view of all of guest memory; callers check access through mm first. */
  readonly dv: DataView;
  readonly fds = new FdTable();
  readonly paths: PathResolver;
  readonly host: Host;
  readonly pid: number;
  readonly ppid: number;
  readonly threads = new Map<number, Thread>();
  umask = 0o022;
  exec!: ExecInfo;
  status: ExitStatus | null = null;
  /** Resource limits: [soft, hard] per RLIMIT_* index (Infinity = RLIM_INFINITY). */
  readonly rlimits: [number, number][];
  private nextVcpu = 0;
  private readonly vcpus: Vcpu[] = [];

  constructor(readonly options: ProcessOptions) {
    this.host = options.host;
    this.memory = new WebAssembly.Memory({ initial: WASM_PAGES, maximum: WASM_PAGES, shared: true });
    if (this.memory.buffer.byteLength !== MEMORY_BYTES) throw new Error('could not reserve 4 GiB of wasm memory');
    this.mm = new AddressSpace(this.memory);
    this.dv = new DataView(this.memory.buffer);
    const info = this.host.info();
    this.pid = info.pid;
    this.ppid = info.ppid;
    this.paths = new PathResolver(this.host, info.cwd, options.sysroot);
    this.fds.onHostClose = (hostFd) => {
      if (hostFd > 2) {
        try {
          this.host.fs.close(hostFd);
        } catch {
          // already gone
        }
      }
    };
    this.rlimits = defaultRlimits();
    this.inheritStdio();
    this.mm.sink = {
      codeInvalidated: (start, end) => {
        for (const t of this.threads.values()) t.cpu.cache.invalidateRange(start, end);
      },
    };
  }

  /** Descriptors 0-2 are the host's, as for any process started by a shell. */
  private inheritStdio(): void {
    for (const fd of [0, 1, 2]) {
      let kind = FileKind.Stream;
      try {
        const st = this.host.fs.fstat(fd);
        if ((st.mode & 0o170000) === 0o100000) kind = FileKind.Seekable;
      } catch {
        continue; // closed in the host process: closed for the guest too
      }
      const f = this.fds.createFile(kind, fd, O_RDWR);
      if (kind === FileKind.Seekable) f.offset = 0;
      this.fds.installAt(f, fd, false);
    }
  }

  /** Loads the program and creates the main thread; returns it ready to run. */
  start(): Thread {
    const cpu = new Vcpu(this.memory, this.nextVcpu++, this, { countJumpCacheHits: this.options.stats });
    this.vcpus.push(cpu);
    const main = new Thread(this, cpu, this.pid);
    this.threads.set(main.tid, main);
    this.exec = loadProgram(this, main, this.options.program, this.options.argv, this.options.env);
    return main;
  }

  /** Runs the main thread until the process exits. */
  run(): ExitStatus {
    const main = this.start();
    main.cpu.run();
    return this.status ?? { code: 0, signal: null };
  }

  allVcpus(): Vcpu[] {
    return this.vcpus;
  }

  // ---- exits from generated code ----

  handleExit(cpu: Vcpu, reason: ExitReason): void {
    const t = this.threadOf(cpu);
    switch (reason) {
      case ExitReason.Ecall:
        this.syscall(t);
        break;
      case ExitReason.LoadFault:
      case ExitReason.StoreFault:
        this.raiseFault(t, SIGSEGV, cpu.faultAddr);
        break;
      case ExitReason.FetchFault:
        this.raiseFault(t, SIGSEGV, cpu.pc);
        break;
      case ExitReason.Misaligned:
        this.raiseFault(t, SIGBUS, cpu.faultAddr);
        break;
      case ExitReason.Illegal:
        this.raiseFault(t, SIGILL, cpu.pc);
        break;
      case ExitReason.Ebreak:
        this.raiseFault(t, SIGTRAP, cpu.pc);
        break;
      case ExitReason.FenceI:
        cpu.cache.revalidate();
        cpu.pc += 4;
        break;
      case ExitReason.ExitRequest:
        cpu.clearExitRequest();
        break;
      default:
        throw new Error(`unexpected exit reason ${reason}`);
    }
  }

  private threadOf(cpu: Vcpu): Thread {
    for (const t of this.threads.values()) if (t.cpu === cpu) return t;
    throw new Error('exit from an unknown vCPU');
  }

  private syscall(t: Thread): void {
    const cpu = t.cpu;
    const nr = cpu.xs(17);
    const def = nr >= 0 && nr < SYSCALLS.length ? SYSCALLS[nr] : undefined;
    const saved = this.options.strace ? new SavedArgs([0, 1, 2, 3, 4, 5].map((i) => cpu.x(10 + i))) : null;
    let result: number | bigint;
    if (!def) {
      result = -ENOSYS;
    } else {
      try {
        const r = def.handler(t);
        if (r === NO_RETURN) {
          if (saved) this.trace(t, saved, nr, null);
          return;
        }
        result = r;
      } catch (e) {
        result = -errnoOf(e, def.name, this.host);
      }
    }
    if (typeof result === 'bigint') cpu.setX(10, result);
    else cpu.setXn(10, result);
    cpu.pc += 4;
    if (saved) this.trace(t, saved, nr, result);
  }

  private trace(t: Thread, args: SavedArgs, nr: number, result: number | bigint | null): void {
    const name = SYSCALL_NAMES[nr] ?? `syscall_${nr}`;
    const def = SYSCALLS[nr];
    let line = `${t.tid} ${formatSyscall(this, args, name, def?.args ?? ['x', 'x', 'x', 'x', 'x', 'x'], result)}`;
    if (result === null) line += ' = ?';
    else if (typeof result === 'number' && result < 0 && result > -4096) line += ` = -1 ${errnoName(-result)} (${errnoText(-result)})`;
    else line += ` = ${typeof result === 'bigint' ? result : formatResult(name, result)}`;
    this.host.diagnostic(line);
  }

  // ---- signals (default actions; handlers arrive with the signal layer) ----

  raiseFault(t: Thread, sig: number, addr: number): void {
    this.terminateBySignal(sig, `at pc 0x${t.cpu.pc.toString(16)}${sig === SIGSEGV || sig === SIGBUS ? `, address 0x${addr.toString(16)}` : ''}`);
  }

  terminateBySignal(sig: number, detail = ''): void {
    this.host.diagnostic(`rvjit: program terminated by ${signalName(sig)} (${signalText(sig)})${detail ? ' ' + detail : ''}`);
    this.exitAll({ code: 128 + sig, signal: sig });
  }

  exitAll(status: ExitStatus): void {
    if (!this.status) {
      this.status = status;
      this.flushSharedMaps(0, Number.MAX_SAFE_INTEGER, true);
    }
    for (const t of this.threads.values()) t.cpu.stop();
  }

  // ---- threads ----

  /** Ends one thread; the process ends with its last thread. */
  exitThread(t: Thread, code: number): void {
    if (this.threads.size <= 1) {
      this.exitAll({ code, signal: null });
      return;
    }
    if (t.clearChildTid) {
      try {
        this.putU32(t.clearChildTid, 0);
      } catch {
        // an unmapped clear-child-tid word is ignored, as in Linux
      }
    }
    t.cpu.stop();
    this.threads.delete(t.tid);
  }

  // ---- signals ----

  /** Raw rt_sigaction records (struct sigaction, 32 bytes) per signal. */
  readonly sigactions: (Uint8Array | undefined)[] = [];

  /** Sends `sig` to the process from thread `t` (kill, tgkill, raise). */
  sendSignal(t: Thread, sig: number): void {
    const act = this.sigactions[sig];
    const handler = act ? new DataView(act.buffer, act.byteOffset).getBigUint64(0, true) : 0n;
    if (handler === 1n) return; // SIG_IGN
    if (handler === 0n && defaultAction(sig) === 'ign') return;
    if (handler !== 0n) {
      this.host.diagnostic(`rvjit: ${signalName(sig)} handlers are not supported yet; taking the default action`);
    }
    void t;
    if (defaultAction(sig) === 'ign' || defaultAction(sig) === 'cont') return;
    this.terminateBySignal(sig);
  }

  // ---- blocking host operations ----

  blockingSleep(t: Thread, ns: bigint): void {
    void t;
    this.host.clock.sleep(ns);
  }

  blockingRead(t: Thread, hostFd: number, buf: Uint8Array): number {
    void t;
    return this.host.fs.read(hostFd, buf, null);
  }

  blockingWrite(t: Thread, hostFd: number, buf: Uint8Array): number {
    try {
      return this.host.fs.write(hostFd, buf, null);
    } catch (e) {
      if (e instanceof HostError && e.errno === EPIPE) this.sendSignal(t, SIGPIPE);
      throw e;
    }
  }

  // ---- files ----

  /** The host path a host descriptor refers to (for /proc/self/fd and mmap names). */
  hostPathOf(hostFd: number): string {
    try {
      return this.host.fs.readlink(`/proc/self/fd/${hostFd}`);
    } catch {
      return '';
    }
  }

  /** Writable MAP_SHARED file mappings: their pages are written back on msync, munmap and exit. */
  readonly sharedFileMaps: { start: number; size: number; hostFd: number; offset: number }[] = [];

  flushSharedMaps(start: number, end: number, remove: boolean): void {
    for (let i = this.sharedFileMaps.length - 1; i >= 0; i--) {
      const m = this.sharedFileMaps[i]!;
      const s = Math.max(m.start, start), e = Math.min(m.start + m.size, end);
      if (s >= e) continue;
      try {
        const size = Number(this.host.fs.fstat(m.hostFd).size);
        const fileEnd = Math.min(e, m.start + Math.max(0, size - m.offset));
        if (fileEnd > s) this.host.fs.write(m.hostFd, this.mm.u8.subarray(s, fileEnd), m.offset + (s - m.start));
      } catch {
        // the file went away; nothing to write back to
      }
      if (remove && s === m.start && e === m.start + m.size) this.sharedFileMaps.splice(i, 1);
    }
  }

  // ---- code changes ----

  /** riscv_flush_icache / fence.i over a range: drop translations of code that changed. */
  flushIcache(t: Thread, start: number, end: number, localOnly: boolean): void {
    const targets = localOnly ? [t] : [...this.threads.values()];
    for (const th of targets) th.cpu.cache.invalidateRange(start, Math.min(end, 0xffffffff));
  }

  // ---- helpers for syscall families ----

  /** Reads guest bytes for a syscall, or throws EFAULT. */
  read(addr: number, len: number): Uint8Array {
    return this.mm.readable(addr, len);
  }

  write(addr: number, len: number): Uint8Array {
    return this.mm.writable(addr, len);
  }

  readString(addr: number): string {
    return new TextDecoder().decode(this.mm.readCString(addr));
  }

  /** Writes a little-endian u64/i64 to guest memory. */
  putU64(addr: number, v: number | bigint): void {
    this.mm.writable(addr, 8);
    this.dv.setBigUint64(addr, BigInt.asUintN(64, BigInt(v)), true);
  }

  putU32(addr: number, v: number): void {
    this.mm.writable(addr, 4);
    this.dv.setUint32(addr, v >>> 0, true);
  }

  getU64(addr: number): bigint {
    this.mm.readable(addr, 8);
    return this.dv.getBigUint64(addr, true);
  }

  getU32(addr: number): number {
    this.mm.readable(addr, 4);
    return this.dv.getUint32(addr, true);
  }
}

function formatResult(name: string, r: number): string {
  return ['mmap', 'brk', 'mremap'].includes(name) ? `0x${r.toString(16)}` : String(r);
}

/** Maps an exception from a syscall handler to an errno; unexpected ones are reported once. */
function errnoOf(e: unknown, name: string, host: Host): number {
  if (e instanceof Errno) return e.errno;
  if (e instanceof MemoryError) return e.errno;
  if (e instanceof HostError) return e.errno;
  host.diagnostic(`rvjit: internal error in ${name}: ${(e as Error)?.message ?? e}`);
  if (host.debug) host.diagnostic(String((e as Error)?.stack));
  return EIO;
}

function defaultRlimits(): [number, number][] {
  const inf = Infinity;
  const l: [number, number][] = Array.from({ length: 16 }, () => [inf, inf] as [number, number]);
  l[3] = [8 * 1024 * 1024, inf]; // RLIMIT_STACK
  l[4] = [0, inf]; // RLIMIT_CORE
  l[7] = [1024, 1024 * 1024]; // RLIMIT_NOFILE
  l[8] = [8 * 1024 * 1024, 8 * 1024 * 1024]; // RLIMIT_MEMLOCK
  l[6] = [63704, 63704]; // RLIMIT_NPROC
  l[11] = [63704, 63704]; // RLIMIT_SIGPENDING
  l[12] = [819200, 819200]; // RLIMIT_MSGQUEUE
  return l;
}

export { PROT_EXEC, PROT_READ, PROT_WRITE };
