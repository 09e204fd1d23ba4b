// Decoder and disassembler against GNU binutils: test/fixtures/decoder.json holds encodings made
// by GNU as with objdump's text for each (see scripts/gen-decoder-fixture.mjs). Every valid entry
// must decode and print exactly as objdump printed it, and every entry the ISA reserves must be
// rejected. Focused cases below pin the immediate and register fields objdump's text would only
// show indirectly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, type Insn } from '../src/riscv/decode.js';
import { disassemble } from '../src/riscv/disasm.js';
import { ENCODINGS } from '../src/riscv/encodings.js';
import { COMPRESSED } from '../src/riscv/compressed.js';

interface FixtureEntry {
  raw: string;
  len: 2 | 4;
  pc: string;
  text: string | null;
  illegal?: true;
  note?: string;
}

// The compiled test runs from dist/test/ or from a scratch build directory outside the tree, so
// look for the fixture upward from the compiled file and, failing that, from the working directory
// (npm and the build scripts run from the repository root).
const FIXTURE_PATH = path.join('test', 'fixtures', 'decoder.json');

function findFixture(): string {
  for (const start of [path.dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, FIXTURE_PATH);
      if (fs.existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`decoder.test: ${FIXTURE_PATH} not found above the compiled test or the working directory`);
}

const FIXTURE: readonly FixtureEntry[] = JSON.parse(fs.readFileSync(findFixture(), 'utf8'));

function decodeRaw(raw: number): Insn | null {
  return decode(raw & 0xffff, raw >>> 16);
}

function decodeEntry(e: FixtureEntry): Insn | null {
  return decodeRaw(parseInt(e.raw, 16));
}

/** Runs `check` on every entry and reports all mismatches at once, which is easier to act on. */
function checkAll(entries: readonly FixtureEntry[], check: (e: FixtureEntry) => string | null): void {
  const failures = entries.map(check).filter((f): f is string => f !== null);
  const shown = failures.slice(0, 40).join('\n');
  assert.equal(failures.length, 0, `${failures.length} of ${entries.length} entries failed:\n${shown}`);
}

const valid = FIXTURE.filter((e) => !e.illegal);
const illegal = FIXTURE.filter((e) => e.illegal);

test('fixture is present and has both valid and illegal encodings', () => {
  assert.ok(valid.length > 1000, `only ${valid.length} valid entries`);
  assert.ok(illegal.length > 20, `only ${illegal.length} illegal entries`);
});

test('valid encodings decode and disassemble exactly as objdump prints them', () => {
  checkAll(valid, (e) => {
    const insn = decodeEntry(e);
    if (!insn) return `${e.raw}: decode() returned null, objdump says ${JSON.stringify(e.text)}`;
    if (insn.len !== e.len) return `${e.raw}: len ${insn.len}, expected ${e.len}`;
    const text = disassemble(insn, BigInt(`0x${e.pc}`));
    return text === e.text ? null : `${e.raw}: ${JSON.stringify(text)} != objdump ${JSON.stringify(e.text)}`;
  });
});

test('reserved encodings do not decode', () => {
  checkAll(illegal, (e) => {
    const insn = decodeEntry(e);
    return insn === null ? null : `${e.raw} (${e.note}): decoded as ${disassemble(insn)}`;
  });
});

test('fixture covers every row of ENCODINGS', () => {
  const seen = new Set(
    valid.filter((e) => e.len === 4).map((e) => decodeEntry(e)).filter((i) => i !== null).map((i) => ENCODINGS[i.op].name),
  );
  const missing = ENCODINGS.map((e) => e.name).filter((n) => !seen.has(n));
  assert.deepEqual(missing, []);
});

test('fixture covers every row of COMPRESSED', () => {
  const seen = new Set(
    valid.filter((e) => e.len === 2).map((e) => decodeEntry(e)).filter((i) => i !== null).map((i) => i.cname),
  );
  const missing = COMPRESSED.map((c) => c.name).filter((n) => !seen.has(n));
  assert.deepEqual(missing, []);
});

// ---- focused field checks ----

function fieldsOf(raw: number): Pick<Insn, 'rd' | 'rs1' | 'rs2' | 'imm' | 'len'> & { name: string; cname: string } {
  const insn = decodeRaw(raw);
  assert.ok(insn, `0x${raw.toString(16)} should decode`);
  const { rd, rs1, rs2, imm, len, cname } = insn;
  return { name: ENCODINGS[insn.op].name, cname, rd, rs1, rs2, imm, len };
}

function expectFields(raw: number, expected: Partial<ReturnType<typeof fieldsOf>>): void {
  const actual = fieldsOf(raw);
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof typeof actual]]));
  assert.deepEqual(picked, expected, `fields of 0x${raw.toString(16)}`);
}

test('B-format immediates sign-extend at the extremes', () => {
  expectFields(0x80000063, { name: 'beq', imm: -4096 });
  expectFields(0x7e000fe3, { name: 'beq', imm: 4094 });
  expectFields(0xfe000fe3, { name: 'beq', imm: -2 });
  expectFields(0x00b50463, { name: 'beq', rs1: 10, rs2: 11, imm: 8 });
});

test('J-format immediates sign-extend at the extremes', () => {
  expectFields(0x800000ef, { name: 'jal', rd: 1, imm: -0x100000 });
  expectFields(0x7ffff0ef, { name: 'jal', rd: 1, imm: 0xffffe });
  expectFields(0xfffff06f, { name: 'jal', rd: 0, imm: -2 });
});

test('U-format immediates are the sign-extended upper 20 bits', () => {
  expectFields(0x80000537, { name: 'lui', rd: 10, imm: -0x80000000 });
  expectFields(0xfffff537, { name: 'lui', imm: -0x1000 });
  expectFields(0x7ffff517, { name: 'auipc', imm: 0x7ffff000 });
});

test('S- and I-format immediates sign-extend at the extremes', () => {
  expectFields(0x80113023, { name: 'sd', rs1: 2, rs2: 1, imm: -2048 });
  expectFields(0x7e113fa3, { name: 'sd', rs1: 2, rs2: 1, imm: 2047 });
  expectFields(0xfe113fa3, { name: 'sd', imm: -1 });
  expectFields(0x80058513, { name: 'addi', rd: 10, rs1: 11, imm: -2048 });
});

test('compressed immediates at their extremes', () => {
  expectFields(0x1fe8, { cname: 'c.addi4spn', rd: 10, rs1: 2, imm: 1020, len: 2 });
  expectFields(0x617d, { cname: 'c.addi16sp', rd: 2, rs1: 2, imm: 496 });
  expectFields(0x7101, { cname: 'c.addi16sp', imm: -512 });
  expectFields(0x7501, { cname: 'c.lui', name: 'lui', rd: 10, imm: -0x20000 });
  expectFields(0x657d, { cname: 'c.lui', rd: 10, imm: 0x1f000 });
  expectFields(0x5281, { cname: 'c.li', rd: 5, rs1: 0, imm: -32 });
  expectFields(0x9801, { cname: 'c.andi', rd: 8, rs1: 8, imm: -32 });
  expectFields(0x94fd, { cname: 'c.srai', rd: 9, rs1: 9, imm: 63 });
  expectFields(0xb001, { cname: 'c.j', name: 'jal', rd: 0, imm: -2048 });
  expectFields(0xaffd, { cname: 'c.j', imm: 2046 });
  expectFields(0xd101, { cname: 'c.beqz', name: 'beq', rs1: 10, rs2: 0, imm: -256 });
  expectFields(0xeffd, { cname: 'c.bnez', name: 'bne', rs1: 15, rs2: 0, imm: 254 });
  expectFields(0x557e, { cname: 'c.lwsp', rd: 10, rs1: 2, imm: 252 });
  expectFields(0x70fe, { cname: 'c.ldsp', rd: 1, rs1: 2, imm: 504 });
  expectFields(0xdfaa, { cname: 'c.swsp', rs1: 2, rs2: 10, imm: 252 });
  expectFields(0xffaa, { cname: 'c.sdsp', rs1: 2, rs2: 10, imm: 504 });
});

test('compressed register-prime fields map to x8..x15', () => {
  expectFields(0x5ffc, { cname: 'c.lw', rd: 15, rs1: 15, imm: 124 });
  expectFields(0x7c60, { cname: 'c.ld', rd: 8, rs1: 8, imm: 248 });
  expectFields(0xe304, { cname: 'c.sd', rs1: 14, rs2: 9, imm: 0 });
  expectFields(0xbfe0, { cname: 'c.fsd', name: 'fsd', rs1: 15, rs2: 8, imm: 248 });
  expectFields(0x9c1d, { cname: 'c.subw', name: 'subw', rd: 8, rs1: 8, rs2: 15 });
  expectFields(0x8fe1, { cname: 'c.and', name: 'and', rd: 15, rs1: 15, rs2: 8 });
});

test('disassemble prints targets relative to pc, wrapping at 2^64', () => {
  const jal = decodeRaw(0x800000ef)!;
  assert.equal(disassemble(jal), 'jal\tx1,fffffffffff00000');
  assert.equal(disassemble(jal, 0x10_0000), 'jal\tx1,0');
  assert.equal(disassemble(jal, 0x3f_ffff_f000n), 'jal\tx1,3fffeff000');
});
