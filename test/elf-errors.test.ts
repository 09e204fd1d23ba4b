// Programs rvjit must refuse to start: malformed, truncated or foreign files, and paths that are
// not programs at all. Each must end promptly with exit status 1 and exactly one line on stderr
// that starts with "rvjit: " — no JavaScript stack trace, no internal-error exit (70), no hang.
// The malformed ELF files are mutated copies of a real guest program (build/guest/hello), made
// in a temporary directory at test time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RVJIT, SYSROOT, guest, tempDir } from './support/guest.js';

const TIMEOUT_MS = 30_000;
const PHDR = 56;
const PT_LOAD = 1;
const PT_INTERP = 3;
const PT_GNU_STACK = 0x6474e551;

let dir = '';
let hello: Buffer;

before(() => {
  const src = guest('hello');
  assert.ok(fs.existsSync(src), `${src} is not built (node scripts/build-guests.mjs hello)`);
  hello = fs.readFileSync(src);
  dir = tempDir('rvjit-elf-');
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Refusal {
  status: number | null;
  stdout: string;
  stderr: string;
  line: string;
}

/** Runs `rvjit run <file>` and checks the common contract; returns the message line. */
function refuse(file: string, extraEnv: Record<string, string> = {}): Refusal {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  delete env.QEMU_LD_PREFIX; // so the interpreter is looked up where the ELF file says
  delete env.RVJIT_DEBUG;
  const r = spawnSync(process.execPath, [RVJIT, 'run', file], { encoding: 'utf8', timeout: TIMEOUT_MS, env });
  assert.equal(r.error, undefined, `rvjit did not finish within ${TIMEOUT_MS} ms (or failed to spawn): ${r.error}`);
  assert.equal(r.signal, null, `rvjit was killed by ${r.signal}`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(r.status, 1, `exit status (stderr: ${r.stderr})`);
  assert.equal(lines.length, 1, `expected exactly one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^rvjit: /);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'stack trace on stderr');
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(r.stdout, '', 'nothing may reach stdout');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, line: lines[0]! };
}

/** Writes `bytes` to a new executable file in the temp dir. */
function put(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  fs.chmodSync(file, 0o755);
  return file;
}

/** A copy of hello with `edit` applied to a DataView of it. */
function mutate(name: string, edit: (dv: DataView, bytes: Buffer) => Buffer | void): string {
  const copy = Buffer.from(hello);
  const dv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const replaced = edit(dv, copy);
  return put(name, replaced ?? copy);
}

interface Phdr { index: number; at: number; type: number; offset: bigint; vaddr: bigint; filesz: bigint; memsz: bigint }

function phdrs(dv: DataView): Phdr[] {
  const phoff = Number(dv.getBigUint64(32, true));
  const phnum = dv.getUint16(56, true);
  const out: Phdr[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR;
    out.push({
      index: i, at, type: dv.getUint32(at, true), offset: dv.getBigUint64(at + 8, true),
      vaddr: dv.getBigUint64(at + 16, true), filesz: dv.getBigUint64(at + 32, true), memsz: dv.getBigUint64(at + 40, true),
    });
  }
  return out;
}

function loads(dv: DataView): Phdr[] {
  return phdrs(dv).filter((p) => p.type === PT_LOAD);
}

/** End of the file data the PT_LOAD segments need. */
function loadEnd(): number {
  const dv = new DataView(hello.buffer, hello.byteOffset, hello.byteLength);
  return Math.max(...loads(dv).map((p) => Number(p.offset + p.filesz)));
}

/** Turns hello's PT_GNU_STACK entry into a PT_INTERP whose path bytes are appended to the file. */
function withInterp(name: string, pathBytes: Buffer): string {
  return mutate(name, (dv, bytes) => {
    const stack = phdrs(dv).find((p) => p.type === PT_GNU_STACK);
    assert.ok(stack, 'hello has no PT_GNU_STACK to repurpose');
    dv.setUint32(stack.at, PT_INTERP, true);
    dv.setBigUint64(stack.at + 8, BigInt(bytes.length), true);
    dv.setBigUint64(stack.at + 32, BigInt(pathBytes.length), true);
    dv.setBigUint64(stack.at + 40, BigInt(pathBytes.length), true);
    return Buffer.concat([bytes, pathBytes]);
  });
}

// ---- not ELF at all ----

test('random bytes', () => {
  let seed = 12345;
  const bytes = Buffer.alloc(8192);
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  bytes[0] = 0x13; // neither "\x7fELF" nor "#!"
  const r = refuse(put('random.bin', bytes));
  assert.match(r.line, /not an ELF/i);
});

test('empty file', () => {
  refuse(put('empty', ''));
});

test('only the ELF magic', () => {
  refuse(put('magic-only', Buffer.from([0x7f, 0x45, 0x4c, 0x46])));
});

test('shell script', () => {
  const r = refuse(put('script.sh', '#!/bin/sh\necho should not run\n'));
  assert.match(r.line, /script/);
});

test('a directory', () => {
  const r = refuse(dir);
  assert.match(r.line, /directory/i);
});

test('a nonexistent path', () => {
  const r = refuse(path.join(dir, 'no-such-program'));
  assert.match(r.line, /no-such-program/);
  assert.match(r.line, /No such file or directory/);
});

test('a file without read permission', { skip: process.getuid?.() === 0 ? 'running as root: permissions are not enforced' : false }, () => {
  const file = put('unreadable', hello);
  fs.chmodSync(file, 0o111);
  const r = refuse(file);
  assert.match(r.line, /Permission denied/);
});

test('a FIFO with no writer (must not block opening it)', () => {
  // execve on a FIFO fails at once with EACCES (Linux checks the file type before the open can
  // wait for a writer); an emulator that simply opens the path for reading blocks forever.
  const fifo = path.join(dir, 'fifo');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    return; // no mkfifo on this host
  }
  const r = spawnSync(process.execPath, [RVJIT, 'run', fifo], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.signal, null, 'rvjit blocked opening a FIFO and was killed after 10 s');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^rvjit: [^\n]*\n$/);
});

// ---- foreign ELF files ----

test("the host's /bin/ls (x86-64 or another non-RISC-V machine)", { skip: !fs.existsSync('/bin/ls') }, () => {
  const r = refuse('/bin/ls');
  assert.match(r.line, /not RISC-V/);
});

test('32-bit ELF (EI_CLASS = ELFCLASS32)', () => {
  const r = refuse(mutate('elf32', (_, b) => { b[4] = 1; }));
  assert.match(r.line, /32-bit/);
});

test('unknown EI_CLASS', () => {
  refuse(mutate('elfclass9', (_, b) => { b[4] = 9; }));
});

test('big-endian ELF header (EI_DATA = ELFDATA2MSB)', () => {
  const r = refuse(mutate('elf-be', (_, b) => { b[5] = 2; }));
  assert.match(r.line, /big-endian/);
});

test('relocatable object (ET_REL) patched from the program', () => {
  const r = refuse(mutate('patched.o', (dv) => dv.setUint16(16, 1, true)));
  assert.match(r.line, /relocatable/);
});

test('relocatable object compiled with riscv64-linux-gnu-gcc -c', () => {
  const src = put('obj.c', 'int f(int x) { return x + 1; }\n');
  const obj = path.join(dir, 'obj.o');
  try {
    execFileSync('riscv64-linux-gnu-gcc', ['-c', '-o', obj, src], { stdio: 'ignore' });
  } catch {
    return; // no cross compiler here; the patched object above covers ET_REL
  }
  const r = refuse(obj);
  assert.match(r.line, /relocatable/);
});

test('core dump type (ET_CORE)', () => {
  refuse(mutate('core', (dv) => dv.setUint16(16, 4, true)));
});

// ---- truncated programs ----

for (const cut of [1, 3, 16, 63, 64, 64 + PHDR * 3 + 10, 64 + PHDR * 7 - 1, 0x1000, 0x30000, 'load-end' as const]) {
  test(`truncated copy of a program (${cut === 'load-end' ? 'one byte short of the last segment' : `${cut} bytes`})`, () => {
    const size = cut === 'load-end' ? loadEnd() - 1 : cut;
    assert.ok(size < loadEnd(), 'cut point must be inside the loadable data');
    refuse(put(`truncated-${size}`, hello.subarray(0, size)));
  });
}

// ---- broken program headers ----

test('absurd e_phnum (65535)', () => {
  refuse(mutate('phnum', (dv) => dv.setUint16(56, 65535, true)));
});

test('e_phnum = 0', () => {
  refuse(mutate('phnum0', (dv) => dv.setUint16(56, 0, true)));
});

for (const size of [0, 32, 64, 65535]) {
  test(`e_phentsize = ${size}`, () => {
    refuse(mutate(`phentsize-${size}`, (dv) => dv.setUint16(54, size, true)));
  });
}

test('program headers past the end of the file', () => {
  refuse(mutate('phoff-end', (dv, b) => dv.setBigUint64(32, BigInt(b.length - 20), true)));
});

test('e_phoff beyond 2^53', () => {
  refuse(mutate('phoff-huge', (dv) => dv.setBigUint64(32, 0xffff_ffff_ffff_ff00n, true)));
});

test('PT_LOAD whose p_offset + p_filesz is past the end of the file', () => {
  refuse(mutate('load-past-end', (dv, b) => {
    const load = loads(dv)[1]!;
    // Move the file offset beyond the end, keeping it congruent with the address mod 4096.
    dv.setBigUint64(load.at + 8, load.offset + BigInt(Math.ceil(b.length / 4096) * 4096), true);
  }));
});

test('PT_LOAD with p_filesz larger than the file', () => {
  refuse(mutate('filesz-huge', (dv, b) => {
    const load = loads(dv)[1]!;
    dv.setBigUint64(load.at + 32, BigInt(b.length) * 4n, true);
    dv.setBigUint64(load.at + 40, BigInt(b.length) * 4n, true);
  }));
});

test('PT_LOAD with p_filesz > p_memsz', () => {
  refuse(mutate('filesz-gt-memsz', (dv) => {
    const load = loads(dv)[0]!;
    dv.setBigUint64(load.at + 40, load.filesz - 1n, true);
  }));
});

test('PT_LOAD address beyond 4 GiB', () => {
  const r = refuse(mutate('above-4g', (dv) => {
    for (const load of loads(dv)) dv.setBigUint64(load.at + 16, load.vaddr + 0x1_0000_0000n, true);
    dv.setBigUint64(24, dv.getBigUint64(24, true) + 0x1_0000_0000n, true);
  }));
  assert.match(r.line, /address/);
});

test('PT_LOAD address near 2^64', () => {
  refuse(mutate('near-2-64', (dv) => {
    const load = loads(dv)[0]!;
    dv.setBigUint64(load.at + 16, 0xffff_ffff_ffff_0000n, true);
  }));
});

test('PT_LOAD with an absurd p_memsz (1 TiB)', () => {
  refuse(mutate('memsz-1t', (dv) => {
    const load = loads(dv)[1]!;
    dv.setBigUint64(load.at + 40, 1n << 40n, true);
  }));
});

test('PT_LOAD whose address and offset disagree modulo the page size', () => {
  refuse(mutate('incongruent', (dv) => {
    const load = loads(dv)[1]!;
    dv.setBigUint64(load.at + 16, load.vaddr + 8n, true);
  }));
});

// Found by the ELF fuzzer (tools/fuzz-elf): address-space exhaustion and collisions ended in
// "internal error: errno 12" (exit 70) or silently replaced part of the program with the stack.

test('PT_LOAD reaching into the stack', () => {
  const r = refuse(mutate('into-stack', (dv) => {
    const load = loads(dv)[1]!;
    dv.setBigUint64(load.at + 40, 0xefff_0000n - load.vaddr, true);
  }));
  assert.match(r.line, /collides with \[stack\]/);
});

test('PT_LOAD filling the whole address space below the stack (no room left for the vDSO)', () => {
  const r = refuse(mutate('no-room', (dv) => {
    const load = loads(dv)[1]!;
    dv.setBigUint64(load.at + 40, 0xef7f_f000n - load.vaddr, true);
  }));
  assert.match(r.line, /no room/);
});

test('interpreter whose segments span more than any free gap', () => {
  // An interpreter is placed wherever it fits (findFree), and nothing fits: ENOMEM escaped.
  const ldso = Buffer.from(fs.readFileSync(path.join(SYSROOT, 'lib', 'ld-linux-riscv64-lp64d.so.1')));
  const ldv = new DataView(ldso.buffer, ldso.byteOffset, ldso.byteLength);
  ldv.setBigUint64(loads(ldv)[1]!.at + 40, 0xe800_0000n, true);
  const interp = put('ld-too-big.so', ldso);
  const r = refuse(withInterp('interp-too-big', Buffer.from(interp + '\0')));
  assert.match(r.line, /interpreter .*ld-too-big\.so: no room for its segments/);
});

test('no PT_LOAD segments', () => {
  refuse(mutate('no-load', (dv) => {
    for (const load of loads(dv)) dv.setUint32(load.at, 0x60000000, true); // an OS-specific type
  }));
});

// ---- interpreter ----

test('PT_INTERP naming an interpreter that does not exist', () => {
  const interp = '/nonexistent/rvjit-test/ld-linux-riscv64-lp64d.so.1';
  const r = refuse(withInterp('interp-missing', Buffer.from(interp + '\0')));
  assert.ok(r.line.includes(interp), `message should name the interpreter: ${r.line}`);
});

test('PT_INTERP path that is not NUL-terminated', () => {
  const r = refuse(withInterp('interp-unterminated', Buffer.from('/lib/ld-linux-riscv64-lp64d.so.1')));
  assert.match(r.line, /interpreter/);
});

test('PT_INTERP that is empty', () => {
  refuse(withInterp('interp-empty', Buffer.from('\0')));
});

test('PT_INTERP naming a non-ELF file', () => {
  const bogus = put('bogus-ld.so', 'not an interpreter\n');
  const r = refuse(withInterp('interp-bogus', Buffer.from(bogus + '\0')));
  assert.ok(r.line.includes('bogus-ld.so'), r.line);
  assert.ok(r.line.startsWith(`rvjit: ${path.join(dir, 'interp-bogus')}: `), `the message names the program first: ${r.line}`);
});

test('PT_INTERP naming a directory', () => {
  refuse(withInterp('interp-dir', Buffer.from(dir + '\0')));
});

// ---- what Linux accepts ----

test("an interpreter's own PT_INTERP is ignored, as Linux does (even a malformed one)", () => {
  // Linux's load_elf_interp() never looks at the interpreter's PT_INTERP; rvjit used to validate
  // it and refuse the program ("interpreter path is not NUL-terminated").
  const ldso = Buffer.from(fs.readFileSync(path.join(SYSROOT, 'lib', 'ld-linux-riscv64-lp64d.so.1')));
  const ldv = new DataView(ldso.buffer, ldso.byteOffset, ldso.byteLength);
  const stack = phdrs(ldv).find((p) => p.type === PT_GNU_STACK);
  assert.ok(stack, 'ld.so has no PT_GNU_STACK to repurpose');
  ldv.setUint32(stack.at, PT_INTERP, true);
  ldv.setBigUint64(stack.at + 8, 0n, true); // "\x7fELF": not NUL-terminated
  ldv.setBigUint64(stack.at + 32, 4n, true);
  const interp = put('ld-with-interp.so', ldso);
  const prog = Buffer.from(fs.readFileSync(guest('proc_dyn_hello')));
  const dv = new DataView(prog.buffer, prog.byteOffset, prog.byteLength);
  const pt = phdrs(dv).find((p) => p.type === PT_INTERP)!;
  const name = Buffer.from(interp + '\0');
  dv.setBigUint64(pt.at + 8, BigInt(prog.length), true);
  dv.setBigUint64(pt.at + 32, BigInt(name.length), true);
  dv.setBigUint64(pt.at + 40, BigInt(name.length), true);
  const file = put('dyn-hello-odd-interp', Buffer.concat([prog, name]));
  const r = spawnSync(process.execPath, [RVJIT, 'run', '-L', SYSROOT, file], { encoding: 'utf8', timeout: TIMEOUT_MS });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /dynamic hello/);
});
