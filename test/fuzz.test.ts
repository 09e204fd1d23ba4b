// The differential fuzzer (tools/fuzz): its encoder against the decoder, its generator's coverage
// and determinism, rvjit's behaviour where QEMU contradicts the manual, and a fixed-seed campaign
// against qemu-riscv64 that must show no divergence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ENCODINGS, type Encoding } from '../src/riscv/encodings.js';
import { COMPRESSED } from '../src/riscv/compressed.js';
import { decode16, decode32 } from '../src/riscv/decode.js';
import { encode, COMPRESSED_NAMES, type Fields } from '../tools/fuzz/encode.js';
import { Prng } from '../tools/fuzz/prng.js';
import { li, evalLi } from '../tools/fuzz/li.js';
import { INT_VALUES } from '../tools/fuzz/values.js';
import { generateProgram } from '../tools/fuzz/generate.js';
import { assemble } from '../tools/fuzz/assemble.js';
import { withItems } from '../tools/fuzz/program.js';
import { compareAll, runQemu, runRvjit, type Outcome, type Tier } from '../tools/fuzz/run.js';
import { DUMP_SIZE } from '../tools/fuzz/block.js';
import { tinyElf, type Asm } from '../tools/fuzz/tiny.js';
import { QUIRKS } from '../tools/fuzz/quirks.js';
import { runCampaign, DEFAULTS } from '../tools/fuzz/campaign.js';

const r = new Prng(12345);
const reg = () => r.below(32);
const simm = (bits: number, align = 1) => r.range(-(2 ** (bits - 1)) / align, 2 ** (bits - 1) / align - 1) * align;

/** Random operands valid for a row's format, and the Insn fields the decoder must report back. */
function randomFields(e: Encoding): { f: Fields; expect: Partial<Record<keyof Fields, number>> } {
  const rd = reg(), rs1 = reg(), rs2 = reg(), rs3 = reg();
  const rm = r.pick([0, 1, 2, 3, 4, 7]);
  switch (e.format) {
    case 'R': return { f: { rd, rs1, rs2 }, expect: { rd, rs1, rs2 } };
    case 'I': { const imm = simm(12); return { f: { rd, rs1, imm }, expect: { rd, rs1, imm } }; }
    case 'S': { const imm = simm(12); return { f: { rs1, rs2, imm }, expect: { rs1, rs2, imm } }; }
    case 'B': { const imm = simm(13, 2); return { f: { rs1, rs2, imm }, expect: { rs1, rs2, imm } }; }
    case 'U': { const imm = (r.u32() & ~0xfff) | 0; return { f: { rd, imm }, expect: { rd, imm } }; }
    case 'J': { const imm = simm(21, 2); return { f: { rd, imm }, expect: { rd, imm } }; }
    case 'SH6': { const imm = r.below(64); return { f: { rd, rs1, imm }, expect: { rd, rs1, imm } }; }
    case 'SH5': { const imm = r.below(32); return { f: { rd, rs1, imm }, expect: { rd, rs1, imm } }; }
    case 'R1': return { f: { rd, rs1 }, expect: { rd, rs1 } };
    case 'RM': return { f: { rd, rs1, rs2, rm }, expect: { rd, rs1, rs2, rm } };
    case 'RM1': return { f: { rd, rs1, rm }, expect: { rd, rs1, rm } };
    case 'R4': return { f: { rd, rs1, rs2, rs3, rm }, expect: { rd, rs1, rs2, rs3, rm } };
    case 'AMO': { const aq = r.below(4); return { f: { rd, rs1, rs2, rm: aq }, expect: { rd, rs1, rs2, rm: aq } }; }
    case 'LR': { const aq = r.below(4); return { f: { rd, rs1, rm: aq }, expect: { rd, rs1, rm: aq } }; }
    case 'CSR': { const csr = r.below(4096); return { f: { rd, rs1, csr }, expect: { rd, rs1, csr } }; }
    case 'CSRI': { const csr = r.below(4096), imm = r.below(32); return { f: { rd, imm, csr }, expect: { rd, imm, csr } }; }
    case 'FENCE': { const bits = r.below(4096); return { f: { rd, rs1, rm: bits }, expect: { rd, rs1, rm: bits } }; }
    case 'NONE': return { f: {}, expect: {} };
  }
}

test('encode() inverts decode32() for every encoding in the table', () => {
  for (const [index, e] of ENCODINGS.entries()) {
    for (let n = 0; n < 200; n++) {
      const { f, expect } = randomFields(e);
      const word = encode(e.name, f);
      const insn = decode32(word);
      assert.ok(insn, `${e.name} ${JSON.stringify(f)} -> ${word.toString(16)} does not decode`);
      assert.equal(ENCODINGS[insn.op]!.name, e.name, `${e.name} ${JSON.stringify(f)} decodes as ${ENCODINGS[insn.op]!.name}`);
      assert.equal(insn.op, index);
      for (const [k, v] of Object.entries(expect)) assert.equal(insn[k as keyof Fields], v, `${e.name}: field ${k}`);
    }
  }
});

/** Random operands for an RVC instruction, in the form of the base instruction it expands to. */
function randomCompressed(name: string): Fields {
  const p = () => 8 + r.below(8);
  const nz = (f: () => number) => { let v; do v = f(); while (v === 0); return v; };
  const nzReg = () => nz(reg);
  const imm6 = () => r.range(-32, 31);
  switch (name) {
    case 'c.addi4spn': return { rd: p(), rs1: 2, imm: 4 * r.range(1, 255) };
    case 'c.fld': case 'c.ld': return { rd: p(), rs1: p(), imm: 8 * r.below(32) };
    case 'c.lw': return { rd: p(), rs1: p(), imm: 4 * r.below(32) };
    case 'c.fsd': case 'c.sd': return { rs2: p(), rs1: p(), imm: 8 * r.below(32) };
    case 'c.sw': return { rs2: p(), rs1: p(), imm: 4 * r.below(32) };
    case 'c.nop': return { imm: imm6() };
    case 'c.addi': case 'c.addiw': { const rd = nzReg(); return { rd, rs1: rd, imm: imm6() }; }
    case 'c.li': return { rd: reg(), imm: imm6() };
    case 'c.addi16sp': return { rd: 2, rs1: 2, imm: 16 * nz(() => r.range(-32, 31)) };
    case 'c.lui': { let rd; do rd = reg(); while (rd === 2); return { rd, imm: 4096 * nz(() => r.range(-32, 31)) }; }
    case 'c.srli': case 'c.srai': { const rd = p(); return { rd, rs1: rd, imm: r.below(64) }; }
    case 'c.andi': { const rd = p(); return { rd, rs1: rd, imm: imm6() }; }
    case 'c.sub': case 'c.xor': case 'c.or': case 'c.and': case 'c.subw': case 'c.addw': { const rd = p(); return { rd, rs1: rd, rs2: p() }; }
    case 'c.j': return { imm: simm(12, 2) };
    case 'c.beqz': case 'c.bnez': return { rs1: p(), imm: simm(9, 2) };
    case 'c.slli': { const rd = reg(); return { rd, rs1: rd, imm: r.below(64) }; }
    case 'c.fldsp': return { rd: reg(), rs1: 2, imm: 8 * r.below(64) };
    case 'c.lwsp': return { rd: nzReg(), rs1: 2, imm: 4 * r.below(64) };
    case 'c.ldsp': return { rd: nzReg(), rs1: 2, imm: 8 * r.below(64) };
    case 'c.jr': return { rs1: nzReg() };
    case 'c.mv': return { rd: reg(), rs2: nzReg() };
    case 'c.ebreak': return {};
    case 'c.jalr': return { rd: 1, rs1: nzReg() };
    case 'c.add': { const rd = reg(); return { rd, rs1: rd, rs2: nzReg() }; }
    case 'c.fsdsp': case 'c.sdsp': return { rs1: 2, rs2: reg(), imm: 8 * r.below(64) };
    case 'c.swsp': return { rs1: 2, rs2: reg(), imm: 4 * r.below(64) };
    default: throw new Error(`no test operands for ${name}`);
  }
}

test('encode() inverts decode16() for every RVC instruction', () => {
  assert.deepEqual([...COMPRESSED_NAMES].sort(), COMPRESSED.map((c) => c.name).sort(), 'encoder and decoder know the same RVC instructions');
  for (const name of COMPRESSED_NAMES) {
    for (let n = 0; n < 300; n++) {
      const f = randomCompressed(name);
      const word = encode(name, f);
      assert.ok(word >= 0 && word < 0x10000 && (word & 3) !== 3);
      const insn = decode16(word);
      assert.ok(insn, `${name} ${JSON.stringify(f)} -> ${word.toString(16)} does not decode`);
      assert.equal(insn.cname, name, `${name} ${JSON.stringify(f)} decodes as ${insn.cname}`);
      for (const k of ['rd', 'rs1', 'rs2', 'imm'] as const) assert.equal(insn[k], f[k] ?? 0, `${name} ${JSON.stringify(f)}: ${k}`);
    }
  }
});

test('encode() rejects operands that do not fit', () => {
  assert.throws(() => encode('addi', { rd: 1, rs1: 1, imm: 2048 }));
  assert.throws(() => encode('beq', { rs1: 1, rs2: 2, imm: 3 }));
  assert.throws(() => encode('c.lw', { rd: 1, rs1: 8, imm: 0 }));
  assert.throws(() => encode('c.addi16sp', { rd: 2, rs1: 2, imm: 0 }));
  assert.throws(() => encode('slli', { rd: 1, rs1: 1, imm: 64 }));
});

test('li() materialises every 64-bit value exactly', () => {
  const values = [...INT_VALUES];
  for (let i = 0; i < 5000; i++) values.push(r.u64(), BigInt(r.range(-5000, 5000)) & ((1n << 64n) - 1n), 1n << BigInt(r.below(64)));
  for (const v of values) {
    const seq = li(5, v);
    assert.equal(evalLi(seq), v, `li ${v.toString(16)}: ${JSON.stringify(seq)}`);
    assert.ok(seq.length <= 8, `li ${v.toString(16)} takes ${seq.length} instructions`);
  }
});

test('the generator covers every instruction except ecall/ebreak/fence.i, and every RVC form', () => {
  const seen = new Set<string>();
  for (let c = 0; c < 150; c++) {
    for (const item of generateProgram(99, c, { insns: 200, exclude: new Set() }).items) {
      for (const s of item.slots) seen.add(s.name);
    }
  }
  const never = new Set(['ecall', 'ebreak', 'fence.i', 'c.ebreak']);
  const missing = [...ENCODINGS.map((e) => e.name), ...COMPRESSED_NAMES].filter((n) => !never.has(n) && !seen.has(n));
  assert.deepEqual(missing, []);
  for (const n of never) assert.ok(!seen.has(n), `${n} generated`);
});

test('programs are deterministic, and truncation keeps the instructions before the cut', () => {
  const opts = { insns: 120, exclude: new Set<string>() };
  const a = assemble([generateProgram(7, 3, opts)]), b = assemble([generateProgram(7, 3, opts)]);
  assert.deepEqual(a.elf, b.elf);
  const full = generateProgram(7, 3, opts);
  const cut = assemble([withItems(full, (it) => it.id < 60)]).listings[0]!;
  const whole = a.listings[0]!;
  const before = (l: typeof whole) => l.filter((p) => p.itemId !== null && p.itemId < 60);
  // Same instructions at the same addresses, except control transfers past the cut (retargeted to the dump).
  const retargeted = new Set(full.items.filter((it) => it.id < 60 && (it.target ?? 0) >= 60).map((it) => it.id));
  const keep = (l: typeof whole) => before(l).filter((p) => !retargeted.has(p.itemId!));
  assert.deepEqual(keep(cut), keep(whole));
  assert.ok(before(cut).length === before(whole).length);
});

test('compareAll() finds state, missing-dump and status differences', () => {
  const out = (records: number[], status = 0): Outcome => {
    const b = new Uint8Array(records.length * DUMP_SIZE);
    records.forEach((v, i) => b.fill(v, i * DUMP_SIZE, (i + 1) * DUMP_SIZE));
    return { stdout: b, status };
  };
  const what = (c: ReturnType<typeof compareAll>) => c.mismatches.map((m) => [m.program, m.what]);
  assert.deepEqual(compareAll(out([1, 2, 3]), out([1, 2, 3]), 3, false), { mismatches: [], rerunFrom: null });
  assert.deepEqual(what(compareAll(out([1, 2, 3]), out([1, 9, 3]), 3, false)), [[1, 'state']]);
  const crash = compareAll(out([1, 2, 3, 4]), out([1], 132), 4, false);
  assert.deepEqual(what(crash), [[1, 'missing-dump']]);
  assert.equal(crash.rerunFrom, 2);
  assert.deepEqual(what(compareAll(out([1], 132), out([1], 0), 2, true)), [[1, 'status']]);
  // The last (badfrm) program may end the process; an earlier one must not, even on both sides.
  assert.deepEqual(what(compareAll(out([1], 132), out([1], 132), 2, true)), []);
  const both = compareAll(out([1], 135), out([1], 135), 3, false);
  assert.deepEqual(what(both), [[1, 'both-died']]);
  assert.equal(both.rerunFrom, 2);
});

function runTiny(body: Asm, size: number, tier: Tier): { rvjit: Outcome; qemu: Promise<Outcome> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fuzz-test-'));
  const file = path.join(dir, 'tiny.elf');
  fs.writeFileSync(file, tinyElf(body, size), { mode: 0o755 });
  const qemu = runQemu(file);
  const rvjit = runRvjit(file, tier);
  return { rvjit, qemu: qemu.finally(() => fs.rmSync(dir, { recursive: true, force: true })) };
}

test('the fuzzer captures the guest\'s output when its own stdout is a pipe', () => {
  // rvjit tries pipe writes through a non-blocking twin of the host descriptor first
  // (host/node/twins.ts); the capture host must take those too, or the guest's dump goes to
  // the fuzzer's own stdout and every program looks like a divergence.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fuzz-test-'));
  try {
    const file = path.join(dir, 'tiny.elf');
    fs.writeFileSync(file, tinyElf([...li(5, 0x1234n), ['sd', { rs1: 27, rs2: 5, imm: 0 }]], 8), { mode: 0o755 });
    const run = path.join(path.dirname(new URL(import.meta.url).pathname), '../tools/fuzz/run.js');
    const script = `import(${JSON.stringify(run)}).then((m) => { const o = m.runRvjit(${JSON.stringify(file)}, "interp"); ` +
      'process.stderr.write(`captured ${o.stdout.length} status ${o.status}`); })';
    const r = spawnSync('sh', ['-c', `"${process.execPath}" -e '${script}' | cat`], { encoding: 'utf8' });
    assert.equal(r.stderr.trim(), "captured 8 status 0");
    assert.equal(r.stdout, '', 'nothing of the guest\'s reaches the real stdout');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// One test per entry of quirks.ts: rvjit must do what the manual says where QEMU does not.
for (const tier of ['jit', 'interp'] as const)
test(`ctzw counts trailing zeros of the low word only (QEMU 7.2 does not; see quirks.ts) [${tier}]`, async (t) => {
  assert.ok(QUIRKS.some((q) => q.insn === 'ctzw'));
  const inputs = [1n << 45n, 0xffffffff00000000n, 0x8000000000000000n, 0n, 0x100000000n, 0x0000000100000010n, 0xffffffff80000000n, 1n];
  const body: Asm = [];
  inputs.forEach((v, i) => body.push(...li(5, v), ['ctzw', { rd: 6, rs1: 5 }], ['sd', { rs1: 27, rs2: 6, imm: 8 * i }]));
  const { rvjit, qemu } = runTiny(body, 8 * inputs.length, tier);
  const manual = inputs.map((v) => {
    const low = Number(v & 0xffffffffn);
    return low === 0 ? 32n : BigInt(31 - Math.clz32(low & -low));
  });
  const got = (o: Outcome) => inputs.map((_, i) => Buffer.from(o.stdout).readBigUInt64LE(8 * i));
  assert.equal(rvjit.status, 0);
  assert.deepEqual(got(rvjit), manual);
  const q = await qemu;
  if (q.status === 0 && got(q).join() === manual.join()) t.diagnostic('qemu-riscv64 now agrees with the manual on ctzw: the quirk can go');
});

test('the fuzzer finds and narrows a known QEMU/manual difference when told not to avoid it', async () => {
  // With quirks off, ctzw on "low word zero, high word not" differs: a live check that divergences
  // are detected, bisected to the right instruction and shrunk.
  const res = await runCampaign({
    ...DEFAULTS, seed: 4242, first: 0, count: 40, perElf: 40, exclude: [], only: ['ctzw'], quirks: false,
    keepDir: null, narrow: 1, jobs: 1,
  });
  const found = res.divergences.filter((d) => d.narrowed).map((d) => d.text);
  assert.ok(found.length, 'no divergence found with quirks off');
  assert.match(found[0]!, /=> .*ctzw/);
  assert.match(found[0]!, /minimal program: \d+ of/);
});

// Both execution tiers, each on its own 2,000 programs: the JIT (every block translated at once)
// and the interpreter (nothing translated).
for (const [tier, seed] of [['jit', 20240601], ['interp', 20261128]] as const)
test(`2,000 random programs of 200 instructions agree with qemu-riscv64 bit for bit [${tier}]`, { timeout: 15 * 60_000 }, async (t) => {
  // The campaign's workers read the tier from the environment they inherit.
  const saved = process.env.RVJIT_FUZZ_TIER;
  process.env.RVJIT_FUZZ_TIER = tier;
  const res = await runCampaign({
    ...DEFAULTS, seed, first: 0, count: 2000, insns: 200, jobs: 2, perElf: 50, exclude: [], only: [], quirks: true,
    keepDir: null, narrow: 3,
  }).finally(() => {
    if (saved === undefined) delete process.env.RVJIT_FUZZ_TIER;
    else process.env.RVJIT_FUZZ_TIER = saved;
  });
  t.diagnostic(`${res.programs} programs in ${res.elfs} ELFs, ${(res.ms / 1000).toFixed(1)} s`);
  assert.equal(res.programs, 2000);
  assert.equal(res.divergences.length, 0, res.divergences.map((d) => d.text).join('\n\n'));
});
