// execve and execveat. A riscv64 ELF replaces the process image in place (same pid, kept
// descriptors minus close-on-exec ones, handlers reset, other threads gone). A script runs its
// interpreter. A program for the host runs on the host, as qemu-riscv64 without binfmt does: it
// inherits the guest's descriptors and the emulator exits with its status when it ends.

import { sys, NO_RETURN } from './registry.js';
import { Errno, E2BIG, EACCES, EFAULT, ELOOP, ENOENT, ENOEXEC, EINVAL } from '../errno.js';
import { HostError } from '../../host/host.js';
import { ElfError, EM_RISCV } from '../elf.js';
import { prepareProgram, ExecError } from '../exec.js';
import { AT_FDCWD } from '../paths.js';
import { resolveAt, hostPathFor, hostPathOfFd } from './fs-at.js';
import type { Thread } from '../thread.js';

const AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100;
/** Linux's limits on exec arguments: MAX_ARG_STRLEN per string, and a total (we use 2 MiB). */
const MAX_ARG_STRLEN = 32 * 4096;
const MAX_ARG_TOTAL = 2 * 1024 * 1024;
const MAX_ARGS = 0x7fffffff;
/** How many #! interpreters may be chained (Linux: BINPRM_MAX_RECURSION). */
const MAX_INTERPRETERS = 4;

/** Reads a NULL-terminated array of C strings (argv, envp); a NULL array is empty. */
function readStringArray(t: Thread, addr: number, total: { bytes: number }): string[] {
  const out: string[] = [];
  if (!addr) return out;
  const dec = new TextDecoder();
  for (let k = 0; k < MAX_ARGS; k++) {
    const p = Number(t.proc.getU64(addr + 8 * k));
    if (!p) break;
    const bytes = t.proc.mm.readCString(p, MAX_ARG_STRLEN);
    total.bytes += bytes.length + 1 + 8;
    if (total.bytes > MAX_ARG_TOTAL) throw new Errno(E2BIG);
    out.push(dec.decode(bytes));
  }
  return out;
}

interface Resolved {
  hostPath: string;
  /** The guest path as given, for AT_EXECFN and scripts. */
  guestPath: string;
}

/** The first line of a #! script: interpreter and optional single argument, or null. */
function shebang(head: Uint8Array): { interp: string; arg: string | null } | null {
  if (head[0] !== 0x23 || head[1] !== 0x21) return null;
  let end = head.indexOf(0x0a);
  if (end < 0) end = head.length;
  const line = new TextDecoder().decode(head.subarray(2, end)).replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  if (!line) return null;
  const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return null;
  return { interp: m[1]!, arg: m[2] ?? null };
}

function readHead(t: Thread, hostPath: string): Uint8Array {
  const fs = t.proc.host.fs;
  let fd: number;
  try {
    fd = fs.open(hostPath, 0o4000 /* O_NONBLOCK: never hang on a FIFO */, 0);
  } catch (e) {
    throw new Errno(e instanceof HostError ? e.errno : EACCES);
  }
  try {
    const st = fs.fstat(fd);
    if ((st.mode & 0o170000) !== 0o100000) throw new Errno(EACCES);
    const head = new Uint8Array(256);
    const n = fs.read(fd, head, 0);
    return head.subarray(0, n);
  } finally {
    fs.close(fd);
  }
}

function checkExecutable(t: Thread, hostPath: string): void {
  try {
    t.proc.host.fs.access(hostPath, 1 /* X_OK */);
  } catch (e) {
    throw new Errno(e instanceof HostError ? e.errno : EACCES);
  }
}

function execve(t: Thread, file: Resolved, argv: string[], env: string[], depth: number): never | typeof NO_RETURN {
  const proc = t.proc;
  checkExecutable(t, file.hostPath);
  const head = readHead(t, file.hostPath);
  const script = shebang(head);
  if (script) {
    if (depth >= MAX_INTERPRETERS) throw new Errno(ELOOP);
    const interpHost = proc.paths.resolve(script.interp);
    const args = [script.interp, ...(script.arg !== null ? [script.arg] : []), file.guestPath, ...argv.slice(1)];
    return execve(t, { hostPath: interpHost, guestPath: script.interp }, args, env, depth + 1);
  }
  if (head.length >= 20 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
    const machine = head[18]! | (head[19]! << 8);
    if (machine !== EM_RISCV) {
      // Not ours: a program for the host.
      proc.execOnHost(t, file.hostPath, argv, env);
      return NO_RETURN;
    }
    let prepared;
    try {
      prepared = prepareProgram(proc, file.hostPath);
    } catch (e) {
      if (e instanceof ExecError || e instanceof ElfError) throw new Errno(ENOEXEC);
      throw e;
    }
    proc.execInPlace(t, prepared, argv, env, file.guestPath);
    return NO_RETURN;
  }
  throw new Errno(ENOEXEC);
}

function doExecve(t: Thread, dirfd: number, pathAddr: number, argvAddr: number, envAddr: number, flags: number): typeof NO_RETURN {
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) throw new Errno(EINVAL);
  const guestPath = pathAddr ? t.proc.readString(pathAddr) : '';
  if (!guestPath && !(flags & AT_EMPTY_PATH)) throw new Errno(pathAddr ? ENOENT : EFAULT);
  const total = { bytes: 0 };
  const argv = readStringArray(t, argvAddr, total);
  const env = readStringArray(t, envAddr, total);
  const r = resolveAt(t, dirfd, guestPath, (flags & AT_EMPTY_PATH) !== 0);
  // /proc/self/exe and friends resolve to the host file they stand for.
  const hostPath = r.kind === 'fd' ? hostPathOfFd(r.file) : hostPathFor(r, !(flags & AT_SYMLINK_NOFOLLOW));
  if (!t.proc.host.fs.exists(hostPath)) throw new Errno(ENOENT);
  return execve(t, { hostPath, guestPath: guestPath || hostPath }, argv, env, 0) as typeof NO_RETURN;
}

sys('execve', 's p p', (t) => doExecve(t, AT_FDCWD, t.ulong(0), t.ulong(1), t.ulong(2), 0));
sys('execveat', 'dfd s p p x', (t) => doExecve(t, t.int(0), t.ulong(1), t.ulong(2), t.ulong(3), t.int(4)));
