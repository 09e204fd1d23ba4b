// getdents64. A directory descriptor's offset (OpenFile.pos) is an index into the directory's
// entries: "." and "..", then the host's in the host's order. d_off of an entry is the offset of
// the next one, so lseek(fd, d_off, SEEK_SET) resumes after it and lseek(fd, 0, SEEK_SET)
// rewinds; a read from offset 0 lists the directory afresh, like rewinddir.

import { sys } from './registry.js';
import { Errno, EINVAL, ENOTDIR } from '../errno.js';
import { FileKind, type OpenFile } from '../fdtable.js';
import type { HostDirEntry } from '../../host/host.js';
import type { Thread } from '../thread.js';
import { fileOf } from './fs-common.js';

const DT_DIR = 4;
/** struct linux_dirent64 without its name: d_ino, d_off, d_reclen, d_type. */
const DIRENT_HEADER = 19;

interface Listing {
  hostFd: number;
  dev: bigint;
  ino: bigint;
  entries: HostDirEntry[];
}

/** The entries last listed for each open file description (by id), reused while reading on. */
const listings = new Map<number, Listing>();

function listDirectory(t: Thread, f: OpenFile): Listing {
  const fs = t.proc.host.fs;
  const self = fs.fstat(f.hostFd);
  let parentIno = self.ino;
  try {
    parentIno = fs.stat(`/proc/self/fd/${f.hostFd}/..`, true).ino;
  } catch {
    // a removed directory has no parent to show; Linux lists nothing for it anyway
  }
  const entries = [
    { name: '.', type: DT_DIR, ino: self.ino },
    { name: '..', type: DT_DIR, ino: parentIno },
    ...fs.readdir(f.hostFd),
  ];
  return { hostFd: f.hostFd, dev: self.dev, ino: self.ino, entries };
}

/** The listing to read from: fresh at offset 0, else the one being read (if it is this directory's). */
function listingFor(t: Thread, f: OpenFile): HostDirEntry[] {
  const cached = listings.get(f.id);
  if (f.pos !== 0 && cached && cached.hostFd === f.hostFd) {
    const st = t.proc.host.fs.fstat(f.hostFd);
    if (st.dev === cached.dev && st.ino === cached.ino) return cached.entries;
  }
  const fresh = listDirectory(t, f);
  listings.set(f.id, fresh);
  return fresh.entries;
}

function recordLength(nameBytes: number): number {
  return (DIRENT_HEADER + nameBytes + 1 + 7) & ~7;
}

/** Writes one struct linux_dirent64 at `addr`. */
function putDirent(t: Thread, addr: number, e: HostDirEntry, name: Uint8Array, reclen: number, next: number): void {
  const b = t.proc.write(addr, reclen);
  b.fill(0);
  const dv = t.proc.dv;
  dv.setBigUint64(addr, e.ino, true);
  dv.setBigInt64(addr + 8, BigInt(next), true);
  dv.setUint16(addr + 16, reclen, true);
  dv.setUint8(addr + 18, e.type);
  b.set(name, DIRENT_HEADER);
}

sys('getdents64', 'fd p u', (t) => {
  const f = fileOf(t, t.int(0));
  const addr = t.ulong(1), count = t.uint(2);
  if (f.kind !== FileKind.Directory) throw new Errno(ENOTDIR);
  const entries = listingFor(t, f);
  const encoder = new TextEncoder();
  let used = 0, i = f.pos;
  for (; i < entries.length; i++) {
    const e = entries[i]!;
    const name = encoder.encode(e.name);
    const reclen = recordLength(name.length);
    if (used + reclen > count) {
      if (used === 0) throw new Errno(EINVAL); // not even one entry fits
      break;
    }
    try {
      putDirent(t, addr + used, e, name, reclen, i + 1);
    } catch (err) {
      if (used === 0) throw err;
      break;
    }
    used += reclen;
  }
  f.pos = i;
  return used;
});
