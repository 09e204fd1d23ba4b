// Unit tests for the pieces of the file-system layer that do not need a running guest: the
// Node host's additions (flag translation, anonymous files, synthetic directories, reopening,
// renames with flags, mknod) and the /proc text formats. The guest programs tests/guest/fs_*.c
// cover the syscalls themselves against qemu-riscv64.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFs, hostOpenFlags, genericOpenFlags } from '../src/host/node/index.js';
import { HostError } from '../src/host/host.js';
import { maps, devMajor, devMinor } from '../src/linux/procfs.js';
import type { LinuxProcess } from '../src/linux/process.js';

const O_RDWR = 2, O_NONBLOCK = 0o4000, O_APPEND = 0o2000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000;

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fsunit-'));
}

function errnoOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof HostError) return e.errno;
    throw e;
  }
  return 0;
}

test('open flags translate to the host and back', () => {
  for (const f of [O_RDWR, O_RDWR | O_APPEND | O_NONBLOCK, O_DIRECTORY | O_NOFOLLOW, 0o100000 | O_RDWR]) {
    assert.equal(genericOpenFlags(hostOpenFlags(f)), f);
  }
  assert.equal(hostOpenFlags(O_DIRECTORY), fs.constants.O_DIRECTORY);
  assert.equal(hostOpenFlags(O_NOFOLLOW), fs.constants.O_NOFOLLOW);
});

test('dev_t splits into major and minor like the kernel', () => {
  // glibc makedev(259, 70000): minor above 255 spills into the high bits.
  const dev = (259n << 8n) | (70000n & 0xffn) | ((70000n & ~0xffn) << 12n);
  assert.equal(devMajor(dev), 259);
  assert.equal(devMinor(dev), 70000);
  assert.equal(devMajor(0xfe00n), 0xfe);
  assert.equal(devMinor(0xfe00n), 0);
});

test('maps lines use the kernel layout: fixed columns, names at column 73', () => {
  const fake = {
    mm: {
      vmas: [
        { start: 0x10000, end: 0x71000, prot: 5, shared: false, name: '/bin/prog', offset: 0, dev: 0xfe00, inode: 1234 },
        { start: 0x7d000, end: 0x9f000, prot: 3, shared: false, name: '[heap]', offset: 0, dev: 0, inode: 0 },
        { start: 0x200000, end: 0x201000, prot: 1, shared: true, name: '', offset: 0x3000, dev: 0, inode: 0 },
      ],
    },
  } as unknown as LinuxProcess;
  const lines = maps(fake).split('\n');
  assert.equal(lines[0], '00010000-00071000 r-xp 00000000 fe:00 1234' + ' '.repeat(31) + '/bin/prog');
  assert.equal(lines[0]!.indexOf('/bin/prog'), 73);
  assert.equal(lines[1]!.indexOf('[heap]'), 73);
  assert.equal(lines[2], '00200000-00201000 r--s 00003000 00:00 0 ');
  assert.equal(lines[3], '');
});

test('tmpfile gives an anonymous read-write file with the requested mode', () => {
  const nfs = new NodeFs();
  const dir = scratch();
  try {
    const fd = nfs.tmpfile(dir, 0o640);
    assert.equal(nfs.write(fd, new TextEncoder().encode('abc'), 0), 3);
    const st = nfs.fstat(fd);
    assert.equal(st.mode & 0o7777, 0o640);
    assert.equal(st.nlink, 0);
    assert.deepEqual(fs.readdirSync(dir), []);
    nfs.close(fd);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a synthetic directory lists its entries and disappears when closed', () => {
  const nfs = new NodeFs();
  const fd = nfs.syntheticDir([{ name: '0', target: '/dev/null' }, { name: 'info', target: null }]);
  const backing = fs.readlinkSync(`/proc/self/fd/${fd}`);
  const entries = nfs.readdir(fd).map((e) => `${e.name}:${e.type}`).sort();
  assert.deepEqual(entries, ['0:10', 'info:8']);
  nfs.close(fd);
  assert.equal(fs.existsSync(backing), false);
});

test('reopen gives a new description with new status flags', () => {
  const nfs = new NodeFs();
  const dir = scratch();
  try {
    const p = path.join(dir, 'f');
    fs.writeFileSync(p, 'xy');
    const fd = nfs.open(p, O_RDWR, 0);
    const again = nfs.reopen(fd, O_RDWR | O_APPEND);
    assert.ok(nfs.statusFlags(again) & O_APPEND);
    assert.equal(nfs.statusFlags(fd) & O_APPEND, 0);
    nfs.write(again, new TextEncoder().encode('z'), 0); // O_APPEND wins over the position
    assert.equal(fs.readFileSync(p, 'utf8'), 'xyz');
    assert.equal(nfs.tell(fd), 0);
    nfs.close(fd);
    nfs.close(again);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rename honours RENAME_NOREPLACE and RENAME_EXCHANGE', () => {
  const nfs = new NodeFs();
  const dir = scratch();
  try {
    const a = path.join(dir, 'a'), b = path.join(dir, 'b'), c = path.join(dir, 'c');
    fs.writeFileSync(a, 'A');
    fs.writeFileSync(b, 'B');
    assert.equal(errnoOf(() => nfs.rename(a, b, 1)), 17);
    nfs.rename(a, b, 2);
    assert.equal(fs.readFileSync(a, 'utf8'), 'B');
    assert.equal(fs.readFileSync(b, 'utf8'), 'A');
    assert.equal(errnoOf(() => nfs.rename(a, c, 2)), 2);
    nfs.rename(a, c, 1);
    assert.equal(fs.existsSync(a), false);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['b', 'c']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('mknod makes regular files and FIFOs with the exact mode', () => {
  const nfs = new NodeFs();
  const dir = scratch();
  try {
    nfs.mknod(path.join(dir, 'r'), 0o100666, 0, 0);
    nfs.mknod(path.join(dir, 'p'), 0o010604, 0, 0);
    assert.equal(fs.statSync(path.join(dir, 'r')).mode, 0o100666);
    assert.equal(fs.statSync(path.join(dir, 'p')).mode, 0o010604);
    assert.equal(errnoOf(() => nfs.mknod(path.join(dir, 'p'), 0o010600, 0, 0)), 17);
    assert.equal(errnoOf(() => nfs.mknod(path.join(dir, 'no', 'p'), 0o010600, 0, 0)), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('statfs reports the file system and its mount flags', () => {
  const s = new NodeFs().statfs('/proc');
  assert.equal(s.type, 0x9fa0n);
  assert.ok(s.flags & 0x20n); // ST_VALID
  assert.equal(s.namelen, 255n);
});
