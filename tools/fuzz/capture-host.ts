// A Host for running rvjit in-process with the guest's stdout captured in memory. Everything but
// descriptor 1 is the real Node host (reached through the prototype chain, so members added to
// the Host interface later are inherited too); descriptor 1 looks like a pipe to the guest, so
// rvjit's Linux layer treats it as a stream, and whatever is written to it is kept.

import type { Host, HostFs, HostStat } from '../../src/host/host.js';
import { NodeHost } from '../../src/host/node/index.js';

const S_IFIFO = 0o010000;
const O_WRONLY = 1;

const pipeStat = (): HostStat => ({
  dev: 0n, ino: 0n, mode: S_IFIFO | 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0n, size: 0n, blksize: 4096, blocks: 0n,
  atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n, birthtimeNs: 0n,
});

/** One NodeHost per thread is enough: it holds no per-run state. */
let shared: NodeHost | null = null;

export interface Capture {
  host: Host;
  stdout(): Uint8Array;
  /** What rvjit printed through host.diagnostic (its own stderr). */
  diagnostics: string[];
}

export function captureHost(): Capture {
  const inner = (shared ??= new NodeHost());
  const chunks: Uint8Array[] = [];
  const diagnostics: string[] = [];
  const real = inner.fs;
  const fs = Object.create(real) as HostFs;
  fs.write = (fd, buf, position) => {
    if (fd !== 1) return real.write(fd, buf, position);
    chunks.push(buf.slice());
    return buf.length;
  };
  // Tried first for pipes (HostFs.tryWrite); the real one would write to this process's own
  // descriptor 1 whenever that is a pipe, and nothing would be captured.
  fs.tryWrite = (fd, buf) => (fd === 1 ? fs.write(fd, buf, null) : real.tryWrite(fd, buf));
  fs.fstat = (fd) => (fd === 1 ? pipeStat() : real.fstat(fd));
  fs.isatty = (fd) => (fd === 1 ? false : real.isatty(fd));
  fs.statusFlags = (fd) => (fd === 1 ? O_WRONLY : real.statusFlags(fd));
  const host = Object.create(inner) as Host;
  Object.defineProperty(host, 'fs', { value: fs });
  Object.defineProperty(host, 'debug', { value: false });
  host.diagnostic = (line: string) => void diagnostics.push(line);
  return { host, stdout: () => Buffer.concat(chunks), diagnostics };
}
