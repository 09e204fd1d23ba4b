#!/usr/bin/env node
// Regenerate test/fixtures/decoder.json (from the repository root):
//
//     node scripts/gen-decoder-fixture.mjs
//
// Needs riscv64-linux-gnu-as and riscv64-linux-gnu-objdump (Debian binutils-riscv64-linux-gnu,
// 2.40 when the fixture was made). The output is deterministic for a given binutils version.
//
// The fixture is the ground truth for test/decoder.test.ts: GNU as encodes every RV64GC + Zba/Zbb/
// Zbs instruction (several random operand variants each, plus HINT forms and operand extremes),
// and `objdump -d -M no-aliases,numeric` says how each encoding is printed. The instruction list
// below is written independently of src/riscv/encodings.ts so that the table is checked against
// the assembler rather than against itself; the test checks the fixture covers every table row.
//
// Two kinds of entry go into the array:
//   {raw, len, pc, text}            a valid encoding; `text` is objdump's text with its symbol
//                                   (`<.text+0x10>`) and value (`# 1234`) annotations removed;
//                                   `pc` (hex) is the address objdump computed targets from.
//   {raw, len, pc, text: null, illegal: true, note}
//                                   an encoding the ISA manual reserves in RV64GC+Zba/Zbb/Zbs.
// `raw` is the encoding in hex (the first 32 bits for the longer-instruction prefixes).
//
// Besides the assembled instructions, every valid word gets a few random bit flips; a flipped word
// is kept when objdump prints it as one of our instructions (a cheap way to reach encodings the
// assembler never emits, e.g. unusual fence sets), or as an illegal entry when it falls in a
// reserved pattern we know. Words objdump cannot print are left out, since many of them belong to
// extensions we do not implement rather than being illegal.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(ROOT, 'test/fixtures/decoder.json');
const AS = 'riscv64-linux-gnu-as';
const OBJDUMP = 'riscv64-linux-gnu-objdump';
const MARCH = 'rv64gc_zba_zbb_zbs';
const VARIANTS = 6; // random operand variants per instruction
const FLIPS = 3; // random bit-flip neighbours per valid word

// ---- deterministic randomness ----

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(0x5eed);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
/** A value in [lo, hi]; the ends come up often, since that is where sign-extension bugs live. */
const ranged = (lo, hi) => (random() < 0.3 ? pick([lo, hi, 0 >= lo && 0 <= hi ? 0 : lo]) : lo + int(hi - lo + 1));
const scaled = (lo, hi, step) => ranged(lo / step, hi / step) * step;
const nonzero = (gen) => {
  for (;;) {
    const v = gen();
    if (v !== 0) return v;
  }
};

// ---- operands ----

const x = () => `x${int(32)}`;
const xnz = () => `x${1 + int(31)}`;
const f = () => `f${int(32)}`;
const xc = () => `x${8 + int(8)}`; // the x8..x15 registers of the compressed 3-bit fields
const fc = () => `f${8 + int(8)}`;
const simm = (bits) => ranged(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1);
const hex = (v) => `0x${v.toString(16)}`;
const rel = (offset) => (offset < 0 ? `.-${-offset}` : `.+${offset}`);
const rm = () => pick(['', '', ',rne', ',rtz', ',rdn', ',rup', ',rmm', ',dyn']);
const ordering = () => pick(['', '.aq', '.rl', '.aqrl']);
const accessSet = () => nonzero(() => int(16));
const fenceSet = (bits) => ['i', 'o', 'r', 'w'].filter((_, i) => bits & (8 >> i)).join('');
const csr = () => (random() < 0.4 ? pick(['fflags', 'frm', 'fcsr', 'cycle', 'time', 'instret']) : hex(int(4096)));

// Operand shapes, each a function producing one random operand string.
const SHAPES = {
  r: () => `${x()},${x()},${x()}`,
  i: () => `${x()},${x()},${simm(12)}`,
  load: () => `${x()},${simm(12)}(${x()})`,
  store: () => `${x()},${simm(12)}(${x()})`,
  branch: () => `${x()},${x()},${rel(scaled(-4096, 4094, 2))}`,
  u: () => `${x()},${hex(ranged(0, 0xfffff))}`,
  jal: () => `${x()},${rel(scaled(-0x100000, 0xffffe, 2))}`,
  sh6: () => `${x()},${x()},${ranged(0, 63)}`,
  sh5: () => `${x()},${x()},${ranged(0, 31)}`,
  unary: () => `${x()},${x()}`,
  amo: () => `${x()},${x()},(${x()})`,
  lr: () => `${x()},(${x()})`,
  csr: () => `${x()},${csr()},${x()}`,
  csri: () => `${x()},${csr()},${ranged(0, 31)}`,
  fence: () => (random() < 0.15 ? '' : `${fenceSet(accessSet())},${fenceSet(accessSet())}`),
  none: () => '',
  f3rm: () => `${f()},${f()},${f()}${rm()}`,
  f2rm: () => `${f()},${f()}${rm()}`,
  f4rm: () => `${f()},${f()},${f()},${f()}${rm()}`,
  f3: () => `${f()},${f()},${f()}`,
  fcmp: () => `${x()},${f()},${f()}`,
  xf: () => `${x()},${f()}`,
  fx: () => `${f()},${x()}`,
  ff: () => `${f()},${f()}`,
  xfrm: () => `${x()},${f()}${rm()}`,
  fxrm: () => `${f()},${x()}${rm()}`,
  fload: () => `${f()},${simm(12)}(${x()})`,
  fstore: () => `${f()},${simm(12)}(${x()})`,
};

/** Every 32-bit instruction, by operand shape. AMO names get a random .aq/.rl suffix. */
const FULL = {
  u: ['lui', 'auipc'],
  jal: ['jal'],
  load: ['jalr', 'lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'],
  branch: ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'],
  store: ['sb', 'sh', 'sw', 'sd'],
  i: ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw'],
  sh6: ['slli', 'srli', 'srai', 'slli.uw', 'rori', 'bclri', 'bexti', 'binvi', 'bseti'],
  sh5: ['slliw', 'srliw', 'sraiw', 'roriw'],
  r: [
    'add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'addw', 'subw', 'sllw', 'srlw', 'sraw',
    'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'mulw', 'divw', 'divuw', 'remw', 'remuw',
    'add.uw', 'sh1add', 'sh2add', 'sh3add', 'sh1add.uw', 'sh2add.uw', 'sh3add.uw',
    'andn', 'orn', 'xnor', 'max', 'maxu', 'min', 'minu', 'rol', 'ror', 'rolw', 'rorw',
    'bclr', 'bext', 'binv', 'bset',
  ],
  unary: ['clz', 'ctz', 'cpop', 'sext.b', 'sext.h', 'clzw', 'ctzw', 'cpopw', 'zext.h', 'orc.b', 'rev8'],
  fence: ['fence'],
  none: ['ecall', 'ebreak', 'fence.i', 'fence.tso', 'unimp'],
  csr: ['csrrw', 'csrrs', 'csrrc'],
  csri: ['csrrwi', 'csrrsi', 'csrrci'],
  lr: ['lr.w', 'lr.d'],
  amo: ['w', 'd'].flatMap((s) =>
    ['sc', 'amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'].map((n) => `${n}.${s}`)),
  fload: ['flw', 'fld'],
  fstore: ['fsw', 'fsd'],
  f4rm: fp(['fmadd', 'fmsub', 'fnmsub', 'fnmadd']),
  f3rm: fp(['fadd', 'fsub', 'fmul', 'fdiv']),
  f2rm: [...fp(['fsqrt']), 'fcvt.s.d'],
  f3: fp(['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax']),
  fcmp: fp(['feq', 'flt', 'fle']),
  xf: [...fp(['fclass']), 'fmv.x.w', 'fmv.x.d'],
  fx: ['fmv.w.x', 'fmv.d.x', 'fcvt.d.w', 'fcvt.d.wu'], // the exact conversions take no rounding mode
  ff: ['fcvt.d.s'],
  xfrm: ['w', 'wu', 'l', 'lu'].flatMap((i) => [`fcvt.${i}.s`, `fcvt.${i}.d`]),
  fxrm: [...['w', 'wu', 'l', 'lu'].map((i) => `fcvt.s.${i}`), 'fcvt.d.l', 'fcvt.d.lu'],
};

function fp(names) {
  return names.flatMap((n) => [`${n}.s`, `${n}.d`]);
}

/** Every compressed instruction: an operand generator per mnemonic. */
const COMPRESSED = {
  'c.addi4spn': () => `${xc()},x2,${scaled(4, 1020, 4)}`,
  'c.fld': () => `${fc()},${scaled(0, 248, 8)}(${xc()})`,
  'c.lw': () => `${xc()},${scaled(0, 124, 4)}(${xc()})`,
  'c.ld': () => `${xc()},${scaled(0, 248, 8)}(${xc()})`,
  'c.fsd': () => `${fc()},${scaled(0, 248, 8)}(${xc()})`,
  'c.sw': () => `${xc()},${scaled(0, 124, 4)}(${xc()})`,
  'c.sd': () => `${xc()},${scaled(0, 248, 8)}(${xc()})`,
  'c.nop': () => (random() < 0.5 ? '' : String(nonzero(() => simm(6)))), // nonzero: a HINT
  'c.addi': () => `${xnz()},${simm(6)}`, // imm 0: a HINT
  'c.addiw': () => `${xnz()},${simm(6)}`,
  'c.li': () => `${x()},${simm(6)}`, // rd x0: a HINT
  'c.addi16sp': () => `x2,${nonzero(() => scaled(-512, 496, 16))}`,
  'c.lui': () => `${random() < 0.2 ? 'x0' : xNot2()},${hex(pick([ranged(1, 31), ranged(0xfffe0, 0xfffff)]))}`, // x0: HINT
  'c.srli': () => `${xc()},${ranged(1, 63)}`,
  'c.srai': () => `${xc()},${ranged(1, 63)}`,
  'c.srli64': () => xc(),
  'c.srai64': () => xc(),
  'c.andi': () => `${xc()},${simm(6)}`,
  'c.sub': () => `${xc()},${xc()}`,
  'c.xor': () => `${xc()},${xc()}`,
  'c.or': () => `${xc()},${xc()}`,
  'c.and': () => `${xc()},${xc()}`,
  'c.subw': () => `${xc()},${xc()}`,
  'c.addw': () => `${xc()},${xc()}`,
  'c.j': () => rel(scaled(-2048, 2046, 2)),
  'c.beqz': () => `${xc()},${rel(scaled(-256, 254, 2))}`,
  'c.bnez': () => `${xc()},${rel(scaled(-256, 254, 2))}`,
  'c.slli': () => `${x()},${ranged(1, 63)}`, // rd x0: a HINT
  'c.slli64': () => x(),
  'c.fldsp': () => `${f()},${scaled(0, 504, 8)}(x2)`,
  'c.lwsp': () => `${xnz()},${scaled(0, 252, 4)}(x2)`,
  'c.ldsp': () => `${xnz()},${scaled(0, 504, 8)}(x2)`,
  'c.jr': () => xnz(),
  'c.mv': () => `${x()},${xnz()}`, // rd x0: a HINT
  'c.ebreak': () => '',
  'c.jalr': () => xnz(),
  'c.add': () => `${x()},${xnz()}`, // rd x0: a HINT
  'c.fsdsp': () => `${f()},${scaled(0, 504, 8)}(x2)`,
  'c.swsp': () => `${x()},${scaled(0, 252, 4)}(x2)`,
  'c.sdsp': () => `${x()},${scaled(0, 504, 8)}(x2)`,
};

/** Any register but x2 (c.lui with rd=x2 is c.addi16sp). */
function xNot2() {
  for (;;) {
    const r = x();
    if (r !== 'x2') return r;
  }
}

// Always included, whatever the random draws: HINT encodings (valid, executed as no-ops) and
// immediates at the ends of their ranges.
const FIXED_FULL = [
  'addi x0,x0,5', 'addi x0,x7,-1', 'lui x0,0x1', 'add x0,x1,x2', 'slli x0,x3,63', 'fence r,r',
  'beq x1,x2,.-4096', 'bne x31,x0,.+4094', 'jal x0,.-0x100000', 'jal x1,.+0xffffe', 'jalr x0,-2048(x1)',
  'lui x1,0x80000', 'lui x1,0xfffff', 'auipc x2,0x7ffff', 'sd x1,-2048(x2)', 'sd x1,2047(x2)',
  'addi x1,x2,-2048', 'addi x1,x2,2047', 'csrrwi x0,0xfff,31',
];
const FIXED_COMPRESSED = [
  'c.nop 1', 'c.nop -32', 'c.nop 31', 'c.addi x10,0', 'c.li x0,5', 'c.li x0,-32', 'c.lui x0,0x1',
  'c.lui x0,0xfffff', 'c.slli x0,1', 'c.slli x0,63', 'c.slli64 x0', 'c.slli64 x10', 'c.srli64 x8',
  'c.srai64 x15', 'c.mv x0,x11', 'c.add x0,x1',
  'c.j .-2048', 'c.j .+2046', 'c.beqz x8,.-256', 'c.bnez x15,.+254', 'c.addi16sp x2,-512',
  'c.addi16sp x2,496', 'c.lui x1,0xfffe0', 'c.lui x31,0x1f', 'c.addi4spn x8,x2,4', 'c.addi4spn x15,x2,1020',
  'c.addi x1,-32', 'c.addi x1,31', 'c.andi x8,-32', 'c.srai x9,63', 'c.ldsp x1,504(x2)', 'c.sdsp x31,504(x2)',
];

// Valid encodings GNU as has no syntax for. fence with an empty predecessor or successor set
// (objdump prints `unknown`) is an ordinary fence to the ISA.
function rawFences() {
  const random = Array.from({ length: 12 }, () => (int(16) << 24) | (int(16) << 20) | 0x0f);
  return [0x0000000f, 0x0100000f, 0x0010000f, ...random].map((w) => w >>> 0);
}

// Encodings the ISA manual reserves in RV64GC + Zba/Zbb/Zbs. Deliberately not listed: patterns
// that other ratified extensions have since claimed (e.g. Zcb's c.mul in the reserved C.SUB
// space, Zcmop's c.lui with imm 0 and odd rd < 16), since those are not illegal in the ISA.
const ILLEGAL = [
  [2, 0x0000, 'the all-zero halfword'],
  [2, 0x0004, 'c.addi4spn with nzuimm=0'],
  [2, 0x001c, 'c.addi4spn with nzuimm=0'],
  [2, 0x4002, 'c.lwsp with rd=x0'],
  [2, 0x507e, 'c.lwsp with rd=x0'],
  [2, 0x6002, 'c.ldsp with rd=x0'],
  [2, 0x707e, 'c.ldsp with rd=x0'],
  [2, 0x6001, 'c.lui with nzimm=0'],
  [2, 0x6501, 'c.lui with nzimm=0'],
  [2, 0x6a01, 'c.lui with nzimm=0'],
  [2, 0x6f81, 'c.lui with nzimm=0'],
  [2, 0x6101, 'c.addi16sp with nzimm=0'],
  [2, 0x2001, 'c.addiw with rd=x0'],
  [2, 0x307d, 'c.addiw with rd=x0'],
  [2, 0x8002, 'c.jr with rs1=x0'],
  [2, 0x9c79, 'reserved CA-format slot (funct6=100111, funct2=11, rs2\'=110)'],
  [2, 0x9c7d, 'reserved CA-format slot (funct6=100111, funct2=11, rs2\'=111)'],
  [4, 0x02c5d553, 'fadd.d with rm=5'],
  [4, 0x00c5e553, 'fadd.s with rm=6'],
  [4, 0x68c5d543, 'fmadd.s with rm=5'],
  [4, 0x6ac5e54f, 'fnmadd.d with rm=6'],
  [4, 0x5a05d553, 'fsqrt.d with rm=5'],
  [4, 0xc205e553, 'fcvt.w.d with rm=6'],
  [4, 0x4015d553, 'fcvt.s.d with rm=5'],
  [4, 0x4205e553, 'fcvt.d.s with rm=6'],
  [4, 0xd005d553, 'fcvt.s.w with rm=5'],
  [4, 0x1015a52f, 'lr.w with rs2!=0'],
  [4, 0x17f5b52f, 'lr.d.aqrl with rs2!=0'],
  [4, 0x0205951b, 'slliw with imm[5]=1'],
  [4, 0x0205d51b, 'srliw with imm[5]=1'],
  [4, 0x4205d51b, 'sraiw with imm[5]=1'],
  [4, 0x00b52463, 'branch with funct3=2'],
  [4, 0x00b53463, 'branch with funct3=3'],
  [4, 0x000510e7, 'jalr with funct3=1'],
  [4, 0x0085f503, 'load with funct3=7'],
  [4, 0x00b5f523, 'store with funct3=7'],
  [4, 0x00b5d423, 'store with funct3=5'],
  [4, 0x00b5e423, 'store with funct3=6'],
  [4, 0x0000501f, '48-bit instruction (length prefix xx011111)', 6],
  [4, 0x0000a03f, '64-bit instruction (length prefix x0111111)', 8],
];

// ---- assembling and disassembling ----

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decoder-fixture-'));

/** Assembles `lines` and returns objdump's instruction lines as {pc, bytes, text}. */
function assembleAndDump(lines) {
  const src = path.join(work, 'in.s');
  const obj = path.join(work, 'in.o');
  fs.writeFileSync(src, ['.option norelax', ...lines, ''].join('\n'));
  execFileSync(AS, [`-march=${MARCH}`, src, '-o', obj], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dump = execFileSync(OBJDUMP, ['-d', '-z', '-M', 'no-aliases,numeric', obj], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const out = [];
  for (const line of dump.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/.exec(line);
    if (m) out.push({ pc: m[1], bytes: m[2], text: clean(m[3]) });
  }
  return out;
}

/** Drops objdump's annotations, which depend on symbols and neighbouring instructions. */
function clean(text) {
  return text.replace(/\s+#.*$/, '').replace(/ <[^>]*>$/, '').trimEnd();
}

/** objdump groups an instruction's bytes as halfwords (16-bit) or a word (32-bit); lowest first. */
function rawHex(bytes) {
  const groups = bytes.split(' ');
  return groups.length === 1 ? groups[0] : groups.slice(0, 2).reverse().join('');
}

function directive(word, len) {
  return `.insn ${len}, 0x${word.toString(16)}`;
}

// ---- building the fixture ----

function mnemonicLines() {
  const full = Object.entries(FULL).flatMap(([shape, names]) =>
    names.flatMap((name) => Array.from({ length: VARIANTS }, () => instruction(name, shape))));
  const compressed = Object.entries(COMPRESSED).flatMap(([name, operands]) =>
    Array.from({ length: VARIANTS }, () => `${name} ${operands()}`.trimEnd()));
  return { full, compressed };
}

function instruction(name, shape) {
  const suffix = shape === 'amo' || shape === 'lr' ? ordering() : '';
  return `${name}${suffix} ${SHAPES[shape]()}`.trimEnd();
}

const OUR_MNEMONICS = new Set([
  ...Object.values(FULL).flat(),
  ...Object.keys(COMPRESSED).filter((n) => n !== 'c.nop'),
]);

/** Whether objdump's text names one of our instructions (ignoring atomics' ordering suffixes). */
function isOurs(text) {
  const mnemonic = text.split('\t')[0].replace(/\.(aq|rl|aqrl)$/, '');
  return OUR_MNEMONICS.has(mnemonic);
}

// Reserved patterns a random bit flip can land in while objdump still prints an instruction.
function reservedNote(raw, len, text) {
  if (len === 2 && raw === 0x6101) return 'c.addi16sp with nzimm=0'; // objdump prints it anyway
  // FP instructions print a reserved rm as `unknown`; fence prints an empty set the same way.
  if (len === 4 && /^f.*,unknown$/.test(text) && !text.startsWith('fence')) return 'reserved rounding mode';
  return null;
}

function entry(item) {
  const len = item.len;
  const base = { raw: item.raw.padStart(len === 2 ? 4 : 8, '0'), len, pc: item.pc };
  const note = item.note ?? reservedNote(parseInt(item.raw, 16), len, item.text);
  if (note) return { ...base, text: null, illegal: true, note };
  return { ...base, text: item.text };
}

function flipNeighbours(raw, len) {
  const out = [];
  for (let i = 0; i < FLIPS; i++) {
    let w = raw;
    const flips = 1 + int(3);
    // Keep the length bits so the neighbour is still a 16-bit or a 32-bit instruction.
    for (let k = 0; k < flips; k++) w ^= 1 << (len === 2 ? 2 + int(14) : 5 + int(27));
    w >>>= 0;
    if (len === 2 && (w & 3) !== 3) out.push(w);
    if (len === 4 && (w & 0x1c) !== 0x1c) out.push(w);
  }
  return out;
}

function main() {
  const { full, compressed } = mnemonicLines();
  const valid = [
    { line: '.option norvc' },
    ...[...full, ...FIXED_FULL].map((line) => ({ line, len: 4 })),
    ...rawFences().map((word) => ({ line: directive(word, 4), len: 4 })),
    { line: '.option rvc' },
    ...[...compressed, ...FIXED_COMPRESSED].map((line) => ({ line, len: 2 })),
  ];
  const seen = new Set();
  // Operand-less instructions come out identical in every variant; one copy is enough.
  const assembled = dumpOrdered(valid).filter((e) => !seen.has(e.raw) && seen.add(e.raw));
  for (const e of assembled) {
    if (!isOurs(e.text)) throw new Error(`assembled ${e.line} but objdump printed ${e.text}`);
  }

  const illegal = dumpOrdered([
    { line: '.option rvc' },
    ...ILLEGAL.map(([len, word, note, size]) => ({ line: directive(word, size ?? len), len, note })),
  ]).map((e) => ({ ...e, raw: e.raw.slice(-8) }));

  const neighbourItems = [{ line: '.option rvc' }];
  for (const e of assembled) {
    for (const w of flipNeighbours(parseInt(e.raw, 16), e.len)) {
      const key = w.toString(16).padStart(e.len === 2 ? 4 : 8, '0');
      if (seen.has(key)) continue;
      seen.add(key);
      neighbourItems.push({ line: directive(w, e.len), len: e.len });
    }
  }
  const neighbours = dumpOrdered(neighbourItems).filter((e) => isOurs(e.text) || reservedNote(parseInt(e.raw, 16), e.len, e.text));

  const fixture = [...assembled, ...illegal, ...neighbours].map(entry);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `[\n${fixture.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
  fs.rmSync(work, { recursive: true, force: true });
  const illegalCount = fixture.filter((e) => e.illegal).length;
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${fixture.length} entries (${illegalCount} illegal)`);
}

/** Assembles `items` and pairs each instruction with its objdump line; `.option` items (no len) emit nothing. */
function dumpOrdered(items) {
  const dumped = assembleAndDump(items.map((item) => item.line));
  const emitting = items.filter((item) => item.len);
  if (dumped.length !== emitting.length) {
    throw new Error(`objdump printed ${dumped.length} lines for ${emitting.length} instructions`);
  }
  return emitting.map((item, i) => ({ ...item, ...dumped[i], raw: rawHex(dumped[i].bytes) }));
}

main();
