// Memory management: brk, mmap, munmap, mprotect, mremap, madvise, msync, mincore, and
// riscv_flush_icache.

import { sys } from './registry.js';
import { Errno, EINVAL, EACCES, ENOMEM, EEXIST, ENODEV } from '../errno.js';
import { FdTable, FileKind, O_WRONLY, O_RDWR } from '../fdtable.js';
import { PROT_READ, PROT_WRITE, PROT_EXEC } from '../../memory/address-space.js';
import { GUEST_LIMIT, PAGE_SIZE, pageAlignUp } from '../../memory/layout.js';
import { fdLink } from '../procfs.js';

const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_TYPE = 0x0f, MAP_FIXED = 0x10,
  MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100, MAP_FIXED_NOREPLACE = 0x100000;

sys('brk', 'p', (t) => t.proc.mm.brk(t.ulong(0)));

sys('mmap', 'p u pr mf fd x', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), prot = t.int(2), flags = t.int(3), fd = t.int(4);
  const offset = t.ulong(5);
  const proc = t.proc;
  const mm = proc.mm;
  const type = flags & MAP_TYPE;
  if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) throw new Errno(EINVAL);
  if (len === 0 || offset % PAGE_SIZE !== 0) throw new Errno(EINVAL);
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) throw new Errno(EINVAL);
  const size = pageAlignUp(len);
  if (size > GUEST_LIMIT) throw new Errno(ENOMEM);
  const anonymous = (flags & MAP_ANONYMOUS) !== 0;
  let file = null;
  if (!anonymous) {
    file = proc.fds.get(fd);
    if (file.kind !== FileKind.Seekable) throw new Errno(file.kind === FileKind.Directory ? ENODEV : EACCES);
    const acc = FdTable.accessMode(file.flags);
    if (acc === O_WRONLY) throw new Errno(EACCES);
    if (type !== MAP_PRIVATE && (prot & PROT_WRITE) && acc !== O_RDWR) throw new Errno(EACCES);
  }
  let dev = 0, inode = 0, name = '', writeback = -1;
  if (file) {
    const st = proc.host.fs.fstat(file.hostFd);
    dev = Number(st.dev);
    inode = Number(st.ino);
    name = fdLink(proc, file);
    // Node cannot map files, so a shared writable mapping is a copy written back on msync,
    // munmap and exit — through a descriptor of its own, as the mapping outlives close(fd).
    if (type !== MAP_PRIVATE && (prot & PROT_WRITE)) writeback = proc.host.fs.reopen(file.hostFd, O_RDWR);
  }
  const attrs = { shared: type !== MAP_PRIVATE, name, offset, dev, inode, growsDown: (flags & MAP_GROWSDOWN) !== 0, writeback };
  let start: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
    if (addr + size > GUEST_LIMIT || addr < PAGE_SIZE) throw new Errno(ENOMEM);
    if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !mm.isFree(addr, addr + size)) throw new Errno(EEXIST);
    proc.flushSharedMaps(addr, addr + size);
    start = mm.map(addr, size, prot, attrs).start;
  } else {
    // A hint is honoured when the range is free, as in Linux.
    start = mm.mapAnywhere(size, addr - (addr % PAGE_SIZE), prot, attrs).start;
  }
  if (file) {
    // Node cannot map files: copy the file's bytes in. Pages past the end of the file stay zero.
    const dst = mm.kernelWritable(start, start + size);
    let done = 0;
    while (done < size) {
      const n = proc.host.fs.read(file.hostFd, dst.subarray(done), offset + done);
      if (n <= 0) break;
      done += n;
    }
  }
  proc.closeUnusedWriteback();
  return start;
});

sys('munmap', 'p u', (t) => {
  const addr = t.ulong(0), len = t.ulong(1);
  if (addr % PAGE_SIZE !== 0 || len === 0) throw new Errno(EINVAL);
  t.proc.flushSharedMaps(addr, addr + pageAlignUp(len));
  t.proc.mm.munmap(addr, len);
  t.proc.closeUnusedWriteback();
  return 0;
});

const PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;
sys('mprotect', 'p u pr', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), prot = t.int(2);
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) throw new Errno(EINVAL);
  // No mapping grows up on riscv64 (no VM_GROWSUP), so PROT_GROWSUP, alone or with
  // PROT_GROWSDOWN, is refused whatever the range.
  if (prot & PROT_GROWSUP) throw new Errno(EINVAL);
  t.proc.mm.mprotect(addr, len, prot & 7);
  return 0;
});

const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;
sys('mremap', 'p u u x p', (t) => {
  const oldAddr = t.ulong(0), oldLen = t.ulong(1), newLen = t.ulong(2), flags = t.int(3), newAddr = t.ulong(4);
  if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) throw new Errno(EINVAL);
  if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) throw new Errno(EINVAL);
  if (flags & MREMAP_DONTUNMAP) throw new Errno(EINVAL);
  return t.proc.mm.mremap(oldAddr, oldLen, newLen, (flags & MREMAP_MAYMOVE) !== 0, flags & MREMAP_FIXED ? newAddr : null);
});

const MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3, MADV_DONTNEED = 4,
  MADV_FREE = 8, MADV_REMOVE = 9, MADV_DONTFORK = 10, MADV_DOFORK = 11, MADV_MERGEABLE = 12,
  MADV_UNMERGEABLE = 13, MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15, MADV_DONTDUMP = 16, MADV_DODUMP = 17,
  MADV_WIPEONFORK = 18, MADV_KEEPONFORK = 19, MADV_COLD = 20, MADV_PAGEOUT = 21;
const KNOWN_ADVICE = new Set([
  MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_REMOVE,
  MADV_DONTFORK, MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
  MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT,
]);
sys('madvise', 'p u i', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), advice = t.int(2);
  if (addr % PAGE_SIZE !== 0 || !KNOWN_ADVICE.has(advice)) throw new Errno(EINVAL);
  const end = addr + pageAlignUp(len);
  if (len === 0) return 0;
  const mm = t.proc.mm;
  // Every page in the range must be mapped (ENOMEM otherwise), as Linux checks.
  for (let p = addr; p < end; p += PAGE_SIZE) if (!mm.find(p)) throw new Errno(ENOMEM);
  if (advice === MADV_DONTNEED) mm.discard(addr, end);
  return 0;
});

const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;
sys('msync', 'p u x', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), flags = t.int(2);
  if (addr % PAGE_SIZE !== 0 || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) throw new Errno(EINVAL);
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) throw new Errno(EINVAL);
  const end = addr + pageAlignUp(len);
  for (let p = addr; p < end; p += PAGE_SIZE) if (!t.proc.mm.find(p)) throw new Errno(ENOMEM);
  t.proc.flushSharedMaps(addr, end);
  return 0;
});

sys('mincore', 'p u p', (t) => {
  const addr = t.ulong(0), len = t.ulong(1), vec = t.ulong(2);
  if (addr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
  const pages = pageAlignUp(len) / PAGE_SIZE;
  for (let i = 0; i < pages; i++) if (!t.proc.mm.find(addr + i * PAGE_SIZE)) throw new Errno(ENOMEM);
  t.proc.write(vec, pages).fill(1);
  return 0;
});

for (const name of ['mlock', 'munlock']) sys(name, 'p u', () => 0);
const MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
sys('mlockall', 'x', (t) => {
  const flags = t.int(0);
  // Linux: at least CURRENT or FUTURE, nothing unknown (ONFAULT only modifies them).
  if (!(flags & (MCL_CURRENT | MCL_FUTURE)) || flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) throw new Errno(EINVAL);
  return 0;
});
sys('munlockall', '', () => 0);

// riscv_flush_icache(start, end, flags): make stores to [start, end) visible to instruction
// fetch. flags 0 = all harts; SYS_RISCV_FLUSH_ICACHE_LOCAL (1) = this hart only. We drop the
// regions translated from changed code in the range (every vCPU's, unless LOCAL).
sys('riscv_flush_icache', 'p p x', (t) => {
  const start = t.ulong(0), end = t.ulong(1), flags = t.ulong(2);
  if (flags & ~1) throw new Errno(EINVAL);
  if (end < start) return 0;
  t.proc.flushIcache(t, start, end, (flags & 1) !== 0);
  return 0;
});
