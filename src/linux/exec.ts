// Starting a program in a process: read the ELF, map it (and its interpreter), build the stack,
// set the registers.

import { parseElf, ElfError, type ElfImage } from './elf.js';
import {
  mapImage, chooseBias, buildStack, stackLayout, PIE_BASE, HWCAP_IMAFDC,
  AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID,
  AT_SECURE, AT_CLKTCK, AT_HWCAP, AT_MINSIGSTKSZ,
} from './loader.js';
import { MemoryError, PROT_READ, PROT_WRITE, PROT_EXEC } from '../memory/address-space.js';
import { HostError, type Host } from '../host/host.js';
import { errnoText } from './errno.js';
import { O_NONBLOCK, O_RDONLY } from './fdtable.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';

/** A failure to start a program; the message is the one line the user sees. */
export class ExecError extends Error {}

export interface ExecInfo {
  /** Host path of the main program. */
  path: string;
  argv: string[];
  env: string[];
  entry: number;
  auxv: Uint8Array;
  interpBase: number;
  /** Address of the rt_sigreturn trampoline signal handlers return through (in [vdso]). */
  sigreturn: number;
  /**
   * Whether the program is known to catch signals from its first instructions: a Go program (its
   * runtime installs a handler for every signal while it starts).
   */
  catchesSignalsAtStart: boolean;
}

/** `li a7, 139 (rt_sigreturn); ecall` — what Linux's vDSO __vdso_rt_sigreturn holds. */
const SIGRETURN_CODE = new Uint8Array([0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00]);

import { FRAME_BYTES } from './signal-delivery.js';

/** AT_MINSIGSTKSZ: what a signal frame needs, as Linux computes it (frame size, 16-aligned). */
const MINSIGSTKSZ = FRAME_BYTES;

export function readProgramFile(host: Host, path: string): { bytes: Uint8Array; dev: number; inode: number } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must not hang (execve refuses it with EACCES).
    fd = host.fs.open(path, O_RDONLY | O_NONBLOCK, 0);
  } catch (e) {
    const errno = e instanceof HostError ? e.errno : 5;
    throw new ExecError(`${path}: ${errnoText(errno)}`);
  }
  try {
    const st = host.fs.fstat(fd);
    if ((st.mode & 0o170000) === 0o040000) throw new ExecError(`${path}: Is a directory`);
    if ((st.mode & 0o170000) !== 0o100000) throw new ExecError(`${path}: Permission denied (not a regular file)`);
    const size = Number(st.size);
    if (size > 1 << 30) throw new ExecError(`${path}: file too large (${size} bytes)`);
    const bytes = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = host.fs.read(fd, bytes.subarray(off), off);
      if (n <= 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off), dev: Number(st.dev), inode: Number(st.ino) };
  } finally {
    host.fs.close(fd);
  }
}

/** Parses `bytes`; a refusal says `what` (the program's path, and which interpreter) first. */
function parse(what: string, bytes: Uint8Array, asInterpreter = false): ElfImage {
  try {
    return parseElf(bytes, asInterpreter);
  } catch (e) {
    if (e instanceof ElfError) throw new ExecError(`${what}: ${e.message}`);
    throw e;
  }
}

/** A program read and validated, ready to be mapped (exec's "point of no return" comes after). */
export interface PreparedProgram {
  path: string;
  hostPath: string;
  file: { bytes: Uint8Array; dev: number; inode: number };
  elf: ElfImage;
  interp: { path: string; file: { bytes: Uint8Array; dev: number; inode: number }; elf: ElfImage } | null;
}

/** Reads and checks the program and its interpreter; throws ExecError. */
export function prepareProgram(proc: LinuxProcess, path: string): PreparedProgram {
  const host = proc.host;
  const file = readProgramFile(host, path);
  const elf = parse(path, file.bytes);
  let interp: PreparedProgram['interp'] = null;
  if (elf.interp) {
    const ipath = proc.paths.interpreter(elf.interp);
    let ifile;
    try {
      ifile = readProgramFile(host, ipath);
    } catch (e) {
      if (e instanceof ExecError) {
        const hint = proc.paths.sysroot ? '' : ' (a dynamically linked program needs --sysroot/-L, e.g. -L /usr/riscv64-linux-gnu)';
        throw new ExecError(`${path}: cannot load interpreter ${elf.interp}: ${e.message.replace(ipath + ': ', '')}${hint}`);
      }
      throw e;
    }
    interp = { path: ipath, file: ifile, elf: parse(`${path}: interpreter ${elf.interp}`, ifile.bytes, true) };
  }
  return { path, hostPath: safeRealpath(host, path), file, elf, interp };
}

/**
 * Maps a prepared program into an empty address space, builds its stack and sets `main`'s
 * registers. `execfn` is the name AT_EXECFN reports (the path the program was started by).
 */
export function installProgram(proc: LinuxProcess, main: Thread, p: PreparedProgram, argv: string[], env: string[], execfn: string): ExecInfo {
  const host = proc.host;
  const mm = proc.mm;
  const layout = stackLayout();
  mm.mmapBase = layout.mmapBase;
  const { elf } = p;
  // The stack first, as Linux does (setup_arg_pages before the segments are mapped): a segment
  // that would land on it is refused rather than silently replaced.
  mm.map(layout.top - layout.size, layout.size, PROT_READ | PROT_WRITE | (elf.execStack ? PROT_EXEC : 0), {
    name: '[stack]', growsDown: true,
  });
  let image;
  try {
    image = mapImage(mm, p.file.bytes, elf, chooseBias(mm, elf, PIE_BASE), proc.paths.guestView(p.hostPath), p.file);
  } catch (e) {
    if (e instanceof ElfError) throw new ExecError(`${p.path}: ${e.message}`);
    throw e;
  }
  mm.initBrk(image.brk);

  let entry = image.entry;
  let interpBase = 0;
  if (p.interp) {
    try {
      const iimg = mapImage(mm, p.interp.file.bytes, p.interp.elf, chooseBias(mm, p.interp.elf, 0),
        proc.paths.guestView(safeRealpath(host, p.interp.path)), p.interp.file);
      interpBase = iimg.bias;
      entry = iimg.entry;
    } catch (e) {
      if (e instanceof ElfError) throw new ExecError(`${p.path}: interpreter ${elf.interp}: ${e.message}`);
      throw e;
    }
  }

  const info = host.info();
  const random = new Uint8Array(16);
  host.randomBytes(random);
  const stack = buildStack(mm, {
    argv,
    env,
    execfn,
    random,
    platform: 'riscv64',
    auxv: [
      [AT_HWCAP, HWCAP_IMAFDC],
      [AT_PAGESZ, 4096],
      [AT_CLKTCK, 100],
      [AT_PHDR, image.phdr],
      [AT_PHENT, 56],
      [AT_PHNUM, elf.phnum],
      [AT_BASE, interpBase],
      [AT_FLAGS, 0],
      [AT_ENTRY, image.entry],
      [AT_UID, info.uid],
      [AT_EUID, info.euid],
      [AT_GID, info.gid],
      [AT_EGID, info.egid],
      [AT_SECURE, 0],
    ],
    auxvTail: [[AT_MINSIGSTKSZ, MINSIGSTKSZ]],
  });
  let vdso;
  try {
    vdso = mm.mapAnywhere(4096, 0, PROT_READ | PROT_WRITE, { name: '[vdso]' }).start;
  } catch (e) {
    // The segments took all the room there is below the stack.
    if (e instanceof MemoryError) throw new ExecError(`${p.path}: no room left in the guest address space for the vDSO`);
    throw e;
  }
  mm.poke(vdso, SIGRETURN_CODE);
  mm.mprotect(vdso, 4096, PROT_READ | PROT_EXEC);
  const cpu = main.cpu;
  cpu.reset();
  cpu.setXn(2, stack.sp);
  cpu.pc = entry;
  return {
    path: p.hostPath,
    argv,
    env,
    entry,
    auxv: mm.u8.slice(stack.auxvAddr, stack.auxvAddr + stack.auxvBytes),
    interpBase,
    sigreturn: vdso,
    catchesSignalsAtStart: elf.goBuildId,
  };
}

export function loadProgram(proc: LinuxProcess, main: Thread, path: string, argv: string[], env: string[]): ExecInfo {
  return installProgram(proc, main, prepareProgram(proc, path), argv, env, argv[0] ?? path);
}

function safeRealpath(host: Host, p: string): string {
  try {
    return host.fs.realpath(p);
  } catch {
    return p;
  }
}
