// The RV64GC + Zba/Zbb/Zbs encoding table. Each row names an instruction, the operand format that
// says how its fields are read, and the mask/match pair that identifies it. Rows are built from the
// fixed fields (opcode, funct3, funct7, ...) rather than written as raw hex so that a row reads like
// the tables in the ISA manual.

export type Format =
  | 'R' // rd, rs1, rs2
  | 'I' // rd, rs1, imm12
  | 'S' // rs1, rs2, imm12 (store)
  | 'B' // rs1, rs2, imm13 (branch)
  | 'U' // rd, imm32
  | 'J' // rd, imm21
  | 'SH6' // rd, rs1, shamt6
  | 'SH5' // rd, rs1, shamt5
  | 'R1' // rd, rs1 (rs2 field is fixed: unary ops)
  | 'RM' // rd, rs1, rs2, rm
  | 'RM1' // rd, rs1, rm (rs2 field fixed)
  | 'R4' // rd, rs1, rs2, rs3, rm
  | 'AMO' // rd, rs1, rs2, aq/rl
  | 'LR' // rd, rs1, aq/rl
  | 'CSR' // rd, rs1, csr
  | 'CSRI' // rd, zimm, csr
  | 'FENCE' // pred/succ/fm
  | 'NONE';

export type Extension = 'I' | 'M' | 'A' | 'F' | 'D' | 'Zicsr' | 'Zifencei' | 'Zba' | 'Zbb' | 'Zbs';

export interface Encoding {
  readonly name: string;
  readonly format: Format;
  readonly ext: Extension;
  readonly mask: number;
  readonly match: number;
}

// Field placements (bit position, width).
const OPCODE = [0, 7] as const;
const FUNCT3 = [12, 3] as const;
const FUNCT7 = [25, 7] as const;
const FUNCT6 = [26, 6] as const; // RV64 shift-immediate upper bits
const FUNCT5 = [27, 5] as const; // AMO funct5
const FMT2 = [25, 2] as const; // FP format field of R4 instructions
const RS2 = [20, 5] as const;
const RS1 = [15, 5] as const;
const RD = [7, 5] as const;
const IMM12 = [20, 12] as const;

type Field = readonly [number, number];
function fixed(...pairs: [Field, number][]): { mask: number; match: number } {
  let mask = 0;
  let match = 0;
  for (const [[pos, width], value] of pairs) {
    const m = ((1 << width) - 1) << pos;
    mask |= m;
    match |= (value << pos) & m;
  }
  return { mask: mask >>> 0, match: match >>> 0 };
}

const rows: Encoding[] = [];
function row(name: string, format: Format, ext: Extension, ...pairs: [Field, number][]): void {
  rows.push({ name, format, ext, ...fixed(...pairs) });
}

// Major opcodes.
const LOAD = 0x03, LOAD_FP = 0x07, MISC_MEM = 0x0f, OP_IMM = 0x13, AUIPC = 0x17, OP_IMM_32 = 0x1b;
const STORE = 0x23, STORE_FP = 0x27, AMO = 0x2f, OP = 0x33, LUI = 0x37, OP_32 = 0x3b;
const MADD = 0x43, MSUB = 0x47, NMSUB = 0x4b, NMADD = 0x4f, OP_FP = 0x53;
const BRANCH = 0x63, JALR = 0x67, JAL = 0x6f, SYSTEM = 0x73;

// ---- RV64I ----
row('lui', 'U', 'I', [OPCODE, LUI]);
row('auipc', 'U', 'I', [OPCODE, AUIPC]);
row('jal', 'J', 'I', [OPCODE, JAL]);
row('jalr', 'I', 'I', [OPCODE, JALR], [FUNCT3, 0]);
const branches = ['beq', 'bne', '', '', 'blt', 'bge', 'bltu', 'bgeu'];
branches.forEach((n, f3) => n && row(n, 'B', 'I', [OPCODE, BRANCH], [FUNCT3, f3]));
['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'].forEach((n, f3) => row(n, 'I', 'I', [OPCODE, LOAD], [FUNCT3, f3]));
['sb', 'sh', 'sw', 'sd'].forEach((n, f3) => row(n, 'S', 'I', [OPCODE, STORE], [FUNCT3, f3]));
row('addi', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 0]);
row('slti', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 2]);
row('sltiu', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 3]);
row('xori', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 4]);
row('ori', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 6]);
row('andi', 'I', 'I', [OPCODE, OP_IMM], [FUNCT3, 7]);
row('slli', 'SH6', 'I', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT6, 0x00]);
row('srli', 'SH6', 'I', [OPCODE, OP_IMM], [FUNCT3, 5], [FUNCT6, 0x00]);
row('srai', 'SH6', 'I', [OPCODE, OP_IMM], [FUNCT3, 5], [FUNCT6, 0x10]);
const aluR: [string, number, number][] = [
  ['add', 0, 0x00], ['sub', 0, 0x20], ['sll', 1, 0x00], ['slt', 2, 0x00], ['sltu', 3, 0x00],
  ['xor', 4, 0x00], ['srl', 5, 0x00], ['sra', 5, 0x20], ['or', 6, 0x00], ['and', 7, 0x00],
];
for (const [n, f3, f7] of aluR) row(n, 'R', 'I', [OPCODE, OP], [FUNCT3, f3], [FUNCT7, f7]);
row('addiw', 'I', 'I', [OPCODE, OP_IMM_32], [FUNCT3, 0]);
row('slliw', 'SH5', 'I', [OPCODE, OP_IMM_32], [FUNCT3, 1], [FUNCT7, 0x00]);
row('srliw', 'SH5', 'I', [OPCODE, OP_IMM_32], [FUNCT3, 5], [FUNCT7, 0x00]);
row('sraiw', 'SH5', 'I', [OPCODE, OP_IMM_32], [FUNCT3, 5], [FUNCT7, 0x20]);
const aluW: [string, number, number][] = [
  ['addw', 0, 0x00], ['subw', 0, 0x20], ['sllw', 1, 0x00], ['srlw', 5, 0x00], ['sraw', 5, 0x20],
];
for (const [n, f3, f7] of aluW) row(n, 'R', 'I', [OPCODE, OP_32], [FUNCT3, f3], [FUNCT7, f7]);
// FENCE: every fm/pred/succ/rs1/rd combination executes as a fence (unknown ones are hints).
row('fence', 'FENCE', 'I', [OPCODE, MISC_MEM], [FUNCT3, 0]);
row('ecall', 'NONE', 'I', [OPCODE, SYSTEM], [FUNCT3, 0], [RD, 0], [RS1, 0], [IMM12, 0]);
row('ebreak', 'NONE', 'I', [OPCODE, SYSTEM], [FUNCT3, 0], [RD, 0], [RS1, 0], [IMM12, 1]);

// ---- Zifencei ----
row('fence.i', 'NONE', 'Zifencei', [OPCODE, MISC_MEM], [FUNCT3, 1]);

// ---- Zicsr ----
['csrrw', 'csrrs', 'csrrc'].forEach((n, i) => row(n, 'CSR', 'Zicsr', [OPCODE, SYSTEM], [FUNCT3, i + 1]));
['csrrwi', 'csrrsi', 'csrrci'].forEach((n, i) => row(n, 'CSRI', 'Zicsr', [OPCODE, SYSTEM], [FUNCT3, i + 5]));

// ---- M ----
['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'].forEach((n, f3) =>
  row(n, 'R', 'M', [OPCODE, OP], [FUNCT3, f3], [FUNCT7, 0x01]));
(['mulw', '', '', '', 'divw', 'divuw', 'remw', 'remuw'] as const).forEach((n, f3) =>
  n && row(n, 'R', 'M', [OPCODE, OP_32], [FUNCT3, f3], [FUNCT7, 0x01]));

// ---- A ----
for (const [suffix, f3] of [['w', 2], ['d', 3]] as const) {
  row(`lr.${suffix}`, 'LR', 'A', [OPCODE, AMO], [FUNCT3, f3], [FUNCT5, 0x02], [RS2, 0]);
  row(`sc.${suffix}`, 'AMO', 'A', [OPCODE, AMO], [FUNCT3, f3], [FUNCT5, 0x03]);
  const amos: [string, number][] = [
    ['amoswap', 0x01], ['amoadd', 0x00], ['amoxor', 0x04], ['amoand', 0x0c], ['amoor', 0x08],
    ['amomin', 0x10], ['amomax', 0x14], ['amominu', 0x18], ['amomaxu', 0x1c],
  ];
  for (const [n, f5] of amos) row(`${n}.${suffix}`, 'AMO', 'A', [OPCODE, AMO], [FUNCT3, f3], [FUNCT5, f5]);
}

// ---- F and D ----
for (const [s, fmt, ext, width] of [['s', 0, 'F', 2], ['d', 1, 'D', 3]] as const) {
  row(`fl${s === 's' ? 'w' : 'd'}`, 'I', ext, [OPCODE, LOAD_FP], [FUNCT3, width]);
  row(`fs${s === 's' ? 'w' : 'd'}`, 'S', ext, [OPCODE, STORE_FP], [FUNCT3, width]);
  row(`fmadd.${s}`, 'R4', ext, [OPCODE, MADD], [FMT2, fmt]);
  row(`fmsub.${s}`, 'R4', ext, [OPCODE, MSUB], [FMT2, fmt]);
  row(`fnmsub.${s}`, 'R4', ext, [OPCODE, NMSUB], [FMT2, fmt]);
  row(`fnmadd.${s}`, 'R4', ext, [OPCODE, NMADD], [FMT2, fmt]);
  const f7 = (base: number) => base | fmt;
  row(`fadd.${s}`, 'RM', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x00)]);
  row(`fsub.${s}`, 'RM', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x04)]);
  row(`fmul.${s}`, 'RM', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x08)]);
  row(`fdiv.${s}`, 'RM', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x0c)]);
  row(`fsqrt.${s}`, 'RM1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x2c)], [RS2, 0]);
  row(`fsgnj.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x10)], [FUNCT3, 0]);
  row(`fsgnjn.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x10)], [FUNCT3, 1]);
  row(`fsgnjx.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x10)], [FUNCT3, 2]);
  row(`fmin.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x14)], [FUNCT3, 0]);
  row(`fmax.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x14)], [FUNCT3, 1]);
  row(`feq.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x50)], [FUNCT3, 2]);
  row(`flt.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x50)], [FUNCT3, 1]);
  row(`fle.${s}`, 'R', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x50)], [FUNCT3, 0]);
  row(`fclass.${s}`, 'R1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x70)], [RS2, 0], [FUNCT3, 1]);
  const ints = ['w', 'wu', 'l', 'lu'];
  ints.forEach((i, k) => row(`fcvt.${i}.${s}`, 'RM1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x60)], [RS2, k]));
  ints.forEach((i, k) => row(`fcvt.${s}.${i}`, 'RM1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x68)], [RS2, k]));
  const x = s === 's' ? 'w' : 'd';
  row(`fmv.x.${x}`, 'R1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x70)], [RS2, 0], [FUNCT3, 0]);
  row(`fmv.${x}.x`, 'R1', ext, [OPCODE, OP_FP], [FUNCT7, f7(0x78)], [RS2, 0], [FUNCT3, 0]);
}
row('fcvt.s.d', 'RM1', 'D', [OPCODE, OP_FP], [FUNCT7, 0x20], [RS2, 1]);
row('fcvt.d.s', 'RM1', 'D', [OPCODE, OP_FP], [FUNCT7, 0x21], [RS2, 0]);

// ---- Zba ----
row('add.uw', 'R', 'Zba', [OPCODE, OP_32], [FUNCT3, 0], [FUNCT7, 0x04]);
row('sh1add', 'R', 'Zba', [OPCODE, OP], [FUNCT3, 2], [FUNCT7, 0x10]);
row('sh2add', 'R', 'Zba', [OPCODE, OP], [FUNCT3, 4], [FUNCT7, 0x10]);
row('sh3add', 'R', 'Zba', [OPCODE, OP], [FUNCT3, 6], [FUNCT7, 0x10]);
row('sh1add.uw', 'R', 'Zba', [OPCODE, OP_32], [FUNCT3, 2], [FUNCT7, 0x10]);
row('sh2add.uw', 'R', 'Zba', [OPCODE, OP_32], [FUNCT3, 4], [FUNCT7, 0x10]);
row('sh3add.uw', 'R', 'Zba', [OPCODE, OP_32], [FUNCT3, 6], [FUNCT7, 0x10]);
row('slli.uw', 'SH6', 'Zba', [OPCODE, OP_IMM_32], [FUNCT3, 1], [FUNCT6, 0x02]);

// ---- Zbb ----
row('andn', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 7], [FUNCT7, 0x20]);
row('orn', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 6], [FUNCT7, 0x20]);
row('xnor', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 4], [FUNCT7, 0x20]);
row('clz', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 0]);
row('ctz', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 1]);
row('cpop', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 2]);
row('sext.b', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 4]);
row('sext.h', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 5]);
row('clzw', 'R1', 'Zbb', [OPCODE, OP_IMM_32], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 0]);
row('ctzw', 'R1', 'Zbb', [OPCODE, OP_IMM_32], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 1]);
row('cpopw', 'R1', 'Zbb', [OPCODE, OP_IMM_32], [FUNCT3, 1], [FUNCT7, 0x30], [RS2, 2]);
row('max', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 6], [FUNCT7, 0x05]);
row('maxu', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 7], [FUNCT7, 0x05]);
row('min', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 4], [FUNCT7, 0x05]);
row('minu', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 5], [FUNCT7, 0x05]);
row('zext.h', 'R1', 'Zbb', [OPCODE, OP_32], [FUNCT3, 4], [FUNCT7, 0x04], [RS2, 0]);
row('rol', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 1], [FUNCT7, 0x30]);
row('ror', 'R', 'Zbb', [OPCODE, OP], [FUNCT3, 5], [FUNCT7, 0x30]);
row('rolw', 'R', 'Zbb', [OPCODE, OP_32], [FUNCT3, 1], [FUNCT7, 0x30]);
row('rorw', 'R', 'Zbb', [OPCODE, OP_32], [FUNCT3, 5], [FUNCT7, 0x30]);
row('rori', 'SH6', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 5], [FUNCT6, 0x18]);
row('roriw', 'SH5', 'Zbb', [OPCODE, OP_IMM_32], [FUNCT3, 5], [FUNCT7, 0x30]);
row('orc.b', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 5], [IMM12, 0x287]);
row('rev8', 'R1', 'Zbb', [OPCODE, OP_IMM], [FUNCT3, 5], [IMM12, 0x6b8]);

// ---- Zbs ----
row('bclr', 'R', 'Zbs', [OPCODE, OP], [FUNCT3, 1], [FUNCT7, 0x24]);
row('bext', 'R', 'Zbs', [OPCODE, OP], [FUNCT3, 5], [FUNCT7, 0x24]);
row('binv', 'R', 'Zbs', [OPCODE, OP], [FUNCT3, 1], [FUNCT7, 0x34]);
row('bset', 'R', 'Zbs', [OPCODE, OP], [FUNCT3, 1], [FUNCT7, 0x14]);
row('bclri', 'SH6', 'Zbs', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT6, 0x12]);
row('bexti', 'SH6', 'Zbs', [OPCODE, OP_IMM], [FUNCT3, 5], [FUNCT6, 0x12]);
row('binvi', 'SH6', 'Zbs', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT6, 0x1a]);
row('bseti', 'SH6', 'Zbs', [OPCODE, OP_IMM], [FUNCT3, 1], [FUNCT6, 0x0a]);

export const ENCODINGS: readonly Encoding[] = rows;
