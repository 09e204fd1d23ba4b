// The guest's view of /proc/self (and /proc/<pid>, /proc/thread-self, /dev/fd, /dev/std*).
// The host's /proc/self describes the Node process: its descriptors, memory map and command
// line are not the guest's. Paths under those names are looked up here first; the answer says
// which host path stands in for each operation, and, for files whose content is ours, how to
// generate it. Generated files are written at open time into an unlinked host temp file, so the
// guest gets an ordinary seekable descriptor (read, lseek, fstat, mmap all work, across threads).

import type { SyntheticEntry } from '../host/host.js';
import { FileKind, O_CLOEXEC, type OpenFile } from './fdtable.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';
import { devMajor, devMinor } from '../host/host.js';

export interface ProcNode {
  /** Host path for operations that follow a final symlink (open, stat, access). */
  host: string;
  /** Host path for operations on the name itself (lstat, readlink on the host, unlink). */
  hostNoFollow: string;
  /** Canonical guest path (/proc/<pid>/...), shown by readlink of /proc/self/fd/N. */
  guest: string;
  /** Content of an emulated regular file, generated on open. */
  content?: () => Uint8Array;
  /**
   * Entries of an emulated directory, generated on open. `selfFd` is the descriptor the
   * directory itself is about to get, which Linux lists too (it is open while being read).
   */
  listing?: (selfFd: number) => SyntheticEntry[];
  /** The text readlink returns, for emulated symbolic links. */
  link?: () => string;
  /** The name does not exist for the guest (e.g. /proc/self/fd/N of a closed N). */
  missing?: boolean;
}

/**
 * An open-file-description flag bit Linux never uses: the description stands for a name under
 * /proc (an emulated file, an emulated directory, or a /proc directory used as a dirfd). The
 * flags live in the shared descriptor table, so every guest thread sees the mark; the guest name
 * itself is read back from the host (see guestNameOf), never from per-thread memory.
 */
export const PROC_BACKED = 0x40000000;

const LABEL = /\/\.rvjit-guest-[0-9a-f]+-([^/ ]+)(?: \(deleted\))?$/;

/**
 * A host file name that carries `guest`: the host shows it in the /proc/self/fd link of any
 * descriptor open on the file, in every thread. Null when it would be too long for a name.
 */
export function label(proc: LinuxProcess, guest: string): string | null {
  const tag = new Uint8Array(4);
  proc.host.randomBytes(tag);
  const hexTag = [...tag].map((b) => b.toString(16).padStart(2, '0')).join('');
  const name = `.rvjit-guest-${hexTag}-${encodeURIComponent(guest)}`;
  return name.length <= 255 ? name : null;
}

/** The guest name a labelled host file carries, from its host link text. */
function labelledName(hostLink: string): string | null {
  const m = LABEL.exec(hostLink);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * The /proc name a PROC_BACKED description stands for: from its label, or for a host /proc
 * directory its host path, which is the guest's (the guest's pid is the host process's).
 */
export function guestNameOf(proc: LinuxProcess, file: OpenFile): string | null {
  if (!(file.flags & PROC_BACKED)) return null;
  const link = proc.hostPathOf(file.hostFd);
  return labelledName(link) ?? (link.startsWith('/proc/') ? link : null);
}

/** The guest path of a directory descriptor opened under /proc, for dirfd-relative lookups. */
export function guestDirOf(proc: LinuxProcess, file: OpenFile): string | null {
  return file.kind === FileKind.Directory ? guestNameOf(proc, file) : null;
}

/**
 * The host path whose metadata fstat should report for a description, or null for its own:
 * an emulated /proc file shows the procfs metadata of the host's file of the same name.
 */
export function statPathOf(proc: LinuxProcess, file: OpenFile): string | null {
  return guestNameOf(proc, file);
}

/** True when a guest path may name something emulated here (a cheap test before lookup). */
export function mayBeSpecial(guestPath: string): boolean {
  return guestPath.includes('/proc') || guestPath.includes('/dev/');
}

/** Lexical normalisation: enough for matching /proc names, where no symlinks hide in between. */
function components(p: string): string[] {
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return out;
}

/** Looks up an absolute guest path; null when the host's file is the right one. */
export function lookup(t: Thread, guestPath: string): ProcNode | null {
  const c = components(guestPath);
  if (c[0] === 'dev' && c.length >= 2) return devNode(t, c.slice(1));
  if (c[0] !== 'proc' || c.length < 2) return null;
  const pid = t.proc.pid;
  if (c[1] === 'cpuinfo' && c.length === 2) {
    return { host: '/proc/cpuinfo', hostNoFollow: '/proc/cpuinfo', guest: '/proc/cpuinfo', content: () => text(cpuinfo(t.proc)) };
  }
  if (c[1] === 'self' || c[1] === String(pid)) return selfNode(t, c.slice(2), t);
  if (c[1] !== 'thread-self') return null;
  if (c.length > 2) return selfNode(t, c.slice(2), t);
  // The host's own thread-self names a host thread; ours names the calling guest thread.
  const taskDir = `/proc/${pid}/task/${t.tid}`;
  return { host: '/proc/self', hostNoFollow: '/proc/thread-self', guest: taskDir, link: () => `${pid}/task/${t.tid}` };
}

/** /dev/fd/N and /dev/std{in,out,err}: links into /proc/self/fd, which must be the guest's. */
function devNode(t: Thread, c: string[]): ProcNode | null {
  const std = ['stdin', 'stdout', 'stderr'].indexOf(c[0]!);
  if (std >= 0 && c.length === 1) {
    const target = fdNode(t, String(std), []);
    return { ...target, hostNoFollow: `/dev/${c[0]}`, link: () => `/proc/self/fd/${std}` };
  }
  if (c[0] !== 'fd') return null;
  if (c.length === 1) {
    const dir = selfNode(t, ['fd'], t)!;
    return { ...dir, hostNoFollow: '/dev/fd', link: () => '/proc/self/fd' };
  }
  return fdNode(t, c[1]!, c.slice(2));
}

const GENERATED: Record<string, (t: Thread, th: Thread | null) => Uint8Array> = {
  maps: (t) => text(maps(t.proc)),
  auxv: (t) => t.proc.exec.auxv.slice(),
  cmdline: (t) => nulList(t.proc.exec.argv),
  environ: (t) => nulList(t.proc.exec.env),
  stat: (t) => text(statLine(t.proc)),
  status: (t) => text(status(t.proc)),
  comm: (t, th) => text(commOf(t.proc, th) + '\n'),
};

/** Whether `tid` is a live thread of the process (it may run in another worker's view). */
function liveTid(proc: LinuxProcess, name: string): boolean {
  if (!/^\d+$/.test(name)) return false;
  const tid = Number(name);
  return proc.threads.has(tid) || proc.kernel.slotOfTid(tid) >= 0;
}

/**
 * Anything below /proc/self (c: the components after "self"); `th` is the thread a per-thread
 * file is about, when this view runs it (null for a thread running in another worker).
 */
function selfNode(t: Thread, c: string[], th: Thread | null): ProcNode | null {
  const proc = t.proc;
  const guest = `/proc/${proc.pid}${c.length ? '/' + c.join('/') : ''}`;
  const hostSelf = `/proc/self${c.length ? '/' + c.join('/') : ''}`;
  const plain: ProcNode = { host: hostSelf, hostNoFollow: hostSelf, guest };
  if (c.length === 0) return plain;
  const [first, ...rest] = c as [string, ...string[]];
  if (first === 'task' && rest.length >= 2 && liveTid(proc, rest[0]!)) {
    const inner = selfNode(t, rest.slice(1), proc.threads.get(Number(rest[0])) ?? null);
    return inner && { ...inner, guest: `/proc/${proc.pid}/task/${rest.join('/')}` };
  }
  if (first === 'fd') return rest.length ? fdNode(t, rest[0]!, rest.slice(1)) : { ...plain, listing: (self) => fdEntries(t, true, self, guest) };
  if (first === 'fdinfo') {
    if (rest.length === 0) return { ...plain, listing: (self) => fdEntries(t, false, self, guest) };
    return fdinfoNode(t, rest[0]!, rest.length > 1);
  }
  if (rest.length > 0) return plain;
  const gen = GENERATED[first];
  if (gen) return { ...plain, content: () => gen(t, th) };
  if (first === 'exe') return { host: proc.exec.path, hostNoFollow: hostSelf, guest, link: () => proc.paths.guestView(proc.exec.path) };
  if (first === 'cwd') return { host: proc.paths.cwd, hostNoFollow: hostSelf, guest, link: () => proc.paths.guestView(proc.paths.cwd) };
  if (first === 'root') return { host: '/', hostNoFollow: hostSelf, guest, link: () => '/' };
  return plain;
}

function openFileOf(t: Thread, name: string): { fd: number; file: OpenFile } | null {
  if (!/^\d+$/.test(name)) return null;
  const fd = Number(name);
  if (!t.proc.fds.isOpen(fd)) return null;
  return { fd, file: t.proc.fds.get(fd) };
}

/** /proc/self/fd/N[/rest]: follows to the host descriptor behind guest fd N. */
function fdNode(t: Thread, name: string, rest: string[]): ProcNode {
  const guest = `/proc/${t.proc.pid}/fd/${[name, ...rest].join('/')}`;
  const of = openFileOf(t, name);
  if (!of) return { host: '/nonexistent', hostNoFollow: '/nonexistent', guest, missing: true };
  const host = `/proc/self/fd/${of.file.hostFd}${rest.length ? '/' + rest.join('/') : ''}`;
  if (rest.length) return { host, hostNoFollow: host, guest };
  return { host, hostNoFollow: host, guest, link: () => fdLink(t.proc, of.file) };
}

function fdinfoNode(t: Thread, name: string, deeper: boolean): ProcNode {
  const guest = `/proc/${t.proc.pid}/fdinfo/${name}`;
  const of = openFileOf(t, name);
  if (!of || deeper) return { host: '/nonexistent', hostNoFollow: '/nonexistent', guest, missing: true };
  const host = `/proc/self/fdinfo/${of.file.hostFd}`;
  return { host, hostNoFollow: host, guest, content: () => text(fdinfo(t.proc, of.fd, of.file)) };
}

/** What readlink("/proc/self/fd/N") shows for an open file description. */
export function fdLink(proc: LinuxProcess, file: OpenFile): string {
  const hostLink = proc.hostPathOf(file.hostFd);
  const labelled = labelledName(hostLink);
  if (labelled !== null) return labelled;
  // Our pipes are unlinked FIFOs (Node has no pipe(2)); Linux shows a pipe as pipe:[inode].
  if (hostLink.endsWith(' (deleted)') && file.kind === FileKind.Stream) {
    try {
      const st = proc.host.fs.fstat(file.hostFd);
      if ((st.mode & 0o170000) === 0o010000) return `pipe:[${st.ino}]`;
    } catch {
      // fall through to the host's text
    }
  }
  return hostLink.startsWith('/') ? proc.paths.guestView(hostLink) : hostLink;
}

function fdEntries(t: Thread, links: boolean, selfFd: number, selfGuest: string): SyntheticEntry[] {
  const entries = t.proc.fds.openFds().map((fd) => ({
    name: String(fd),
    target: links ? fdLink(t.proc, t.proc.fds.get(fd)) : null,
  }));
  if (selfFd >= 0 && !t.proc.fds.isOpen(selfFd)) {
    entries.push({ name: String(selfFd), target: links ? selfGuest : null });
    entries.sort((a, b) => Number(a.name) - Number(b.name));
  }
  return entries;
}

// ---- generated content ----

const encoder = new TextEncoder();

function text(s: string): Uint8Array {
  return encoder.encode(s);
}

function nulList(items: string[]): Uint8Array {
  return text(items.map((s) => s + '\0').join(''));
}

function hex(v: number, width: number): string {
  return v.toString(16).padStart(width, '0');
}

export { devMajor, devMinor };

/**
 * /proc/self/maps, formatted like show_map_vma(): the fixed columns, then (for named mappings)
 * spaces up to column 72 and one more before the name; unnamed lines keep their trailing space.
 */
export function maps(proc: LinuxProcess): string {
  let out = '';
  for (const v of proc.mm.vmas) {
    const perms = (v.prot & 1 ? 'r' : '-') + (v.prot & 2 ? 'w' : '-') + (v.prot & 4 ? 'x' : '-') + (v.shared ? 's' : 'p');
    const dev = BigInt(v.dev);
    const head = `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(v.offset, 8)} ` +
      `${hex(devMajor(dev), 2)}:${hex(devMinor(dev), 2)} ${v.inode} `;
    out += (v.name ? head + ' '.repeat(Math.max(0, 72 - head.length)) + ' ' + v.name : head) + '\n';
  }
  return out;
}

/**
 * The comm of a thread: its prctl(PR_SET_NAME) name, or the program's file name
 * (TASK_COMM_LEN - 1 bytes). A thread of another worker's view shows the program's name.
 */
function commOf(proc: LinuxProcess, th: Thread | null): string {
  if (th?.name) return th.name;
  const prog = proc.options.program;
  return prog.slice(prog.lastIndexOf('/') + 1).slice(0, 15);
}

/** The main thread, when this view runs it. */
function mainThread(proc: LinuxProcess): Thread | null {
  return proc.threads.get(proc.pid) ?? null;
}

function processComm(proc: LinuxProcess): string {
  return commOf(proc, mainThread(proc));
}

function vmTotals(proc: LinuxProcess): { size: number; text: [number, number]; stack: [number, number]; brk: number } {
  let size = 0;
  let textRange: [number, number] = [0, 0];
  let stack: [number, number] = [0, 0];
  for (const v of proc.mm.vmas) {
    size += v.end - v.start;
    if ((v.prot & 4) && v.name === proc.paths.guestView(proc.exec.path) && textRange[0] === 0) textRange = [v.start, v.end];
    if (v.name === '[stack]') stack = [v.start, v.end];
  }
  return { size, text: textRange, stack, brk: proc.mm.brkStart };
}

function sigmaskHex(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** Signals the process ignores and catches, from the rt_sigaction records. */
function sigDispositions(proc: LinuxProcess): { ignored: bigint; caught: bigint } {
  let ignored = 0n, caught = 0n;
  proc.sigactions.forEach((act, sig) => {
    if (!act || sig < 1) return;
    const handler = new DataView(act.buffer, act.byteOffset).getBigUint64(0, true);
    if (handler === 1n) ignored |= 1n << BigInt(sig - 1);
    else if (handler !== 0n) caught |= 1n << BigInt(sig - 1);
  });
  return { ignored, caught };
}

/** /proc/self/stat: the 52 fields of do_task_stat(), with the values we can know. */
function statLine(proc: LinuxProcess): string {
  const info = proc.host.info();
  const vm = vmTotals(proc);
  const ticks = proc.host.clock.processCpuNs() / 10_000_000n;
  const { ignored, caught } = sigDispositions(proc);
  const blocked = mainThread(proc)?.sigmask ?? 0n;
  const f: (string | number | bigint)[] = [
    proc.pid, `(${processComm(proc)})`, 'R', proc.ppid, proc.pid, proc.pid, 0, -1, 4194304,
    0, 0, 0, 0, ticks, 0, 0, 0, 20, 0, proc.threadCount(), 0,
    Math.floor(info.uptimeSeconds * 100), vm.size, 0, '18446744073709551615',
    vm.text[0], vm.text[1], vm.stack[1], 0, 0, 0, blocked, ignored, caught, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0,
    0, 0, vm.brk, 0, 0, 0, 0, 0,
  ];
  return f.join(' ') + '\n';
}

function status(proc: LinuxProcess): string {
  const info = proc.host.info();
  const vmKb = Math.floor(vmTotals(proc).size / 1024);
  const { ignored, caught } = sigDispositions(proc);
  const caps = info.euid === 0 ? '000001ffffffffff' : '0000000000000000';
  const cpus = info.cpus;
  const lines: [string, string | number][] = [
    ['Name', processComm(proc)],
    ['Umask', proc.umask.toString(8).padStart(4, '0')],
    ['State', 'R (running)'],
    ['Tgid', proc.pid], ['Ngid', 0], ['Pid', proc.pid], ['PPid', proc.ppid], ['TracerPid', 0],
    ['Uid', `${info.uid}\t${info.euid}\t${info.euid}\t${info.euid}`],
    ['Gid', `${info.gid}\t${info.egid}\t${info.egid}\t${info.egid}`],
    ['FDSize', Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, ...proc.fds.openFds().map((fd) => fd + 1)))))],
    ['Groups', `${info.egid} `],
    ['VmPeak', `${String(vmKb).padStart(8)} kB`], ['VmSize', `${String(vmKb).padStart(8)} kB`],
    ['Threads', proc.threadCount()],
    ['SigQ', `0/${proc.rlimits[11]![0]}`],
    ['SigPnd', sigmaskHex(0n)], ['ShdPnd', sigmaskHex(0n)],
    ['SigBlk', sigmaskHex(mainThread(proc)?.sigmask ?? 0n)], ['SigIgn', sigmaskHex(ignored)], ['SigCgt', sigmaskHex(caught)],
    ['CapInh', '0000000000000000'], ['CapPrm', caps], ['CapEff', caps], ['CapBnd', '000001ffffffffff'],
    ['CapAmb', '0000000000000000'], ['NoNewPrivs', 0], ['Seccomp', 0],
    ['Cpus_allowed', ((1n << BigInt(cpus)) - 1n).toString(16)],
    ['Cpus_allowed_list', cpus > 1 ? `0-${cpus - 1}` : '0'],
    ['voluntary_ctxt_switches', 0], ['nonvoluntary_ctxt_switches', 0],
  ];
  return lines.map(([k, v]) => `${k}:\t${v}\n`).join('');
}

/** /proc/cpuinfo as arch/riscv prints it, one block per host CPU. */
export function cpuinfo(proc: LinuxProcess): string {
  let out = '';
  for (let i = 0; i < proc.host.info().cpus; i++) {
    out += `processor\t: ${i}\nhart\t\t: ${i}\nisa\t\t: rv64imafdc_zicsr_zifencei_zba_zbb_zbs\nmmu\t\t: sv39\n` +
      `mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n`;
  }
  return out;
}

const O_NONBLOCK = 0o4000, FASYNC = 0o20000, O_DIRECT = 0o40000, O_APPEND = 0o2000, O_NOATIME = 0o1000000;
/** The status flags F_SETFL can change. */
export const SETFL_MASK = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;

/**
 * The file status flags (F_GETFL). Host descriptors 0-2 are the host process's own stdio open
 * file descriptions, whose access mode and O_APPEND the shell chose: for those the host knows.
 */
export function statusFlagsOf(proc: LinuxProcess, file: OpenFile): number {
  if (file.hostFd > 2) return file.flags & ~PROC_BACKED;
  const host = proc.host.fs.statusFlags(file.hostFd) & ~(O_CLOEXEC | O_NONBLOCK);
  return host | (file.flags & SETFL_MASK);
}

/** The file offset; the host keeps it for its own stdio descriptions (see fs-common.ts). */
function offsetOf(proc: LinuxProcess, file: OpenFile): number {
  if (file.kind === FileKind.Directory) return file.pos;
  if (file.kind !== FileKind.Seekable) return 0;
  return file.hostFd <= 2 ? proc.host.fs.tell(file.hostFd) ?? file.offset : file.offset;
}

/** /proc/self/fdinfo/N: our offset and flags, plus the host's lines about the file itself. */
function fdinfo(proc: LinuxProcess, fd: number, file: OpenFile): string {
  const flags = statusFlagsOf(proc, file) | (proc.fds.fdFlagsOf(fd) & 1 ? O_CLOEXEC : 0);
  const pos = offsetOf(proc, file);
  const hostLines = readHostText(proc, `/proc/self/fdinfo/${file.hostFd}`).split('\n')
    .filter((l) => l && !l.startsWith('pos:') && !l.startsWith('flags:'));
  return [`pos:\t${pos}`, `flags:\t0${flags.toString(8)}`, ...hostLines].join('\n') + '\n';
}

function readHostText(proc: LinuxProcess, path: string): string {
  const fs = proc.host.fs;
  let fd: number;
  try {
    fd = fs.open(path, 0, 0);
  } catch {
    return '';
  }
  try {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const buf = new Uint8Array(4096);
      const n = fs.read(fd, buf, null);
      if (n <= 0) break;
      chunks.push(buf.subarray(0, n));
    }
    return chunks.map((c) => new TextDecoder().decode(c)).join('');
  } finally {
    fs.close(fd);
  }
}
