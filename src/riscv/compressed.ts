// The RVC table for RV64C: each row matches a 16-bit encoding and expands it into the base
// instruction it stands for. An expansion returns null for the encodings the manual reserves;
// HINT encodings (for example c.li with rd=x0) expand normally and execute as no-ops.

export interface Expansion {
  name: string;
  rd?: number;
  rs1?: number;
  rs2?: number;
  imm?: number;
}

export interface CompressedEncoding {
  readonly name: string;
  readonly mask: number;
  readonly match: number;
  readonly expand: (raw: number) => Expansion | null;
}

const bit = (x: number, i: number) => (x >>> i) & 1;
const bits = (x: number, hi: number, lo: number) => (x >>> lo) & ((1 << (hi - lo + 1)) - 1);
const sext = (v: number, width: number) => (v << (32 - width)) >> (32 - width);

// Register fields.
const rdFull = (x: number) => bits(x, 11, 7);
const rs2Full = (x: number) => bits(x, 6, 2);
const rPrime = (x: number, lo: number) => 8 + bits(x, lo + 2, lo); // x8..x15

// Immediates, named after the manual's instruction formats.
const ciImm = (x: number) => sext((bit(x, 12) << 5) | bits(x, 6, 2), 6);
const ciShamt = (x: number) => (bit(x, 12) << 5) | bits(x, 6, 2);
const addi4spnImm = (x: number) =>
  (bits(x, 12, 11) << 4) | (bits(x, 10, 7) << 6) | (bit(x, 6) << 2) | (bit(x, 5) << 3);
const clwImm = (x: number) => (bits(x, 12, 10) << 3) | (bit(x, 6) << 2) | (bit(x, 5) << 6);
const cldImm = (x: number) => (bits(x, 12, 10) << 3) | (bits(x, 6, 5) << 6);
const addi16spImm = (x: number) =>
  sext((bit(x, 12) << 9) | (bit(x, 6) << 4) | (bit(x, 5) << 6) | (bits(x, 4, 3) << 7) | (bit(x, 2) << 5), 10);
const luiImm = (x: number) => sext((bit(x, 12) << 17) | (bits(x, 6, 2) << 12), 18);
const cjImm = (x: number) =>
  sext(
    (bit(x, 12) << 11) | (bit(x, 11) << 4) | (bits(x, 10, 9) << 8) | (bit(x, 8) << 10) | (bit(x, 7) << 6) |
      (bit(x, 6) << 7) | (bits(x, 5, 3) << 1) | (bit(x, 2) << 5),
    12,
  );
const cbImm = (x: number) =>
  sext((bit(x, 12) << 8) | (bits(x, 11, 10) << 3) | (bits(x, 6, 5) << 6) | (bits(x, 4, 3) << 1) | (bit(x, 2) << 5), 9);
const lwspImm = (x: number) => (bit(x, 12) << 5) | (bits(x, 6, 4) << 2) | (bits(x, 3, 2) << 6);
const ldspImm = (x: number) => (bit(x, 12) << 5) | (bits(x, 6, 5) << 3) | (bits(x, 4, 2) << 6);
const swspImm = (x: number) => (bits(x, 12, 9) << 2) | (bits(x, 8, 7) << 6);
const sdspImm = (x: number) => (bits(x, 12, 10) << 3) | (bits(x, 9, 7) << 6);

const rows: CompressedEncoding[] = [];
/** funct3 is bits 15:13, quadrant bits 1:0; `extraMask/extraMatch` pin further bits. */
function row(name: string, quadrant: number, funct3: number, expand: CompressedEncoding['expand'], extraMask = 0, extraMatch = 0): void {
  rows.push({ name, mask: 0xe003 | extraMask, match: (funct3 << 13) | quadrant | extraMatch, expand });
}

// ---- Quadrant 0 ----
row('c.addi4spn', 0, 0, (x) => {
  const imm = addi4spnImm(x);
  return imm === 0 ? null : { name: 'addi', rd: rPrime(x, 2), rs1: 2, imm };
});
row('c.fld', 0, 1, (x) => ({ name: 'fld', rd: rPrime(x, 2), rs1: rPrime(x, 7), imm: cldImm(x) }));
row('c.lw', 0, 2, (x) => ({ name: 'lw', rd: rPrime(x, 2), rs1: rPrime(x, 7), imm: clwImm(x) }));
row('c.ld', 0, 3, (x) => ({ name: 'ld', rd: rPrime(x, 2), rs1: rPrime(x, 7), imm: cldImm(x) }));
row('c.fsd', 0, 5, (x) => ({ name: 'fsd', rs2: rPrime(x, 2), rs1: rPrime(x, 7), imm: cldImm(x) }));
row('c.sw', 0, 6, (x) => ({ name: 'sw', rs2: rPrime(x, 2), rs1: rPrime(x, 7), imm: clwImm(x) }));
row('c.sd', 0, 7, (x) => ({ name: 'sd', rs2: rPrime(x, 2), rs1: rPrime(x, 7), imm: cldImm(x) }));

// ---- Quadrant 1 ----
row('c.nop', 1, 0, (x) => ({ name: 'addi', rd: 0, rs1: 0, imm: ciImm(x) }), 0x0f80, 0);
row('c.addi', 1, 0, (x) => ({ name: 'addi', rd: rdFull(x), rs1: rdFull(x), imm: ciImm(x) }));
row('c.addiw', 1, 1, (x) => (rdFull(x) === 0 ? null : { name: 'addiw', rd: rdFull(x), rs1: rdFull(x), imm: ciImm(x) }));
row('c.li', 1, 2, (x) => ({ name: 'addi', rd: rdFull(x), rs1: 0, imm: ciImm(x) }));
row('c.addi16sp', 1, 3, (x) => {
  const imm = addi16spImm(x);
  return imm === 0 ? null : { name: 'addi', rd: 2, rs1: 2, imm };
}, 0x0f80, 2 << 7);
row('c.lui', 1, 3, (x) => {
  const imm = luiImm(x);
  return imm === 0 ? null : { name: 'lui', rd: rdFull(x), imm };
});
row('c.srli', 1, 4, (x) => ({ name: 'srli', rd: rPrime(x, 7), rs1: rPrime(x, 7), imm: ciShamt(x) }), 0x0c00, 0x0000);
row('c.srai', 1, 4, (x) => ({ name: 'srai', rd: rPrime(x, 7), rs1: rPrime(x, 7), imm: ciShamt(x) }), 0x0c00, 0x0400);
row('c.andi', 1, 4, (x) => ({ name: 'andi', rd: rPrime(x, 7), rs1: rPrime(x, 7), imm: ciImm(x) }), 0x0c00, 0x0800);
const arith: [string, string, number][] = [
  ['c.sub', 'sub', 0x0000], ['c.xor', 'xor', 0x0020], ['c.or', 'or', 0x0040], ['c.and', 'and', 0x0060],
  ['c.subw', 'subw', 0x1000], ['c.addw', 'addw', 0x1020],
];
for (const [cname, name, sel] of arith) {
  row(cname, 1, 4, (x) => ({ name, rd: rPrime(x, 7), rs1: rPrime(x, 7), rs2: rPrime(x, 2) }), 0x1c60, 0x0c00 | sel);
}
row('c.j', 1, 5, (x) => ({ name: 'jal', rd: 0, imm: cjImm(x) }));
row('c.beqz', 1, 6, (x) => ({ name: 'beq', rs1: rPrime(x, 7), rs2: 0, imm: cbImm(x) }));
row('c.bnez', 1, 7, (x) => ({ name: 'bne', rs1: rPrime(x, 7), rs2: 0, imm: cbImm(x) }));

// ---- Quadrant 2 ----
row('c.slli', 2, 0, (x) => ({ name: 'slli', rd: rdFull(x), rs1: rdFull(x), imm: ciShamt(x) }));
row('c.fldsp', 2, 1, (x) => ({ name: 'fld', rd: rdFull(x), rs1: 2, imm: ldspImm(x) }));
row('c.lwsp', 2, 2, (x) => (rdFull(x) === 0 ? null : { name: 'lw', rd: rdFull(x), rs1: 2, imm: lwspImm(x) }));
row('c.ldsp', 2, 3, (x) => (rdFull(x) === 0 ? null : { name: 'ld', rd: rdFull(x), rs1: 2, imm: ldspImm(x) }));
row('c.jr', 2, 4, (x) => (rdFull(x) === 0 ? null : { name: 'jalr', rd: 0, rs1: rdFull(x), imm: 0 }), 0x107c, 0x0000);
row('c.mv', 2, 4, (x) => ({ name: 'add', rd: rdFull(x), rs1: 0, rs2: rs2Full(x) }), 0x1000, 0x0000);
row('c.ebreak', 2, 4, () => ({ name: 'ebreak' }), 0x1ffc, 0x1000);
row('c.jalr', 2, 4, (x) => ({ name: 'jalr', rd: 1, rs1: rdFull(x), imm: 0 }), 0x107c, 0x1000);
row('c.add', 2, 4, (x) => ({ name: 'add', rd: rdFull(x), rs1: rdFull(x), rs2: rs2Full(x) }), 0x1000, 0x1000);
row('c.fsdsp', 2, 5, (x) => ({ name: 'fsd', rs1: 2, rs2: rs2Full(x), imm: sdspImm(x) }));
row('c.swsp', 2, 6, (x) => ({ name: 'sw', rs1: 2, rs2: rs2Full(x), imm: swspImm(x) }));
row('c.sdsp', 2, 7, (x) => ({ name: 'sd', rs1: 2, rs2: rs2Full(x), imm: sdspImm(x) }));

/** Rows in match order: more specific rows (more mask bits) come first. */
export const COMPRESSED: readonly CompressedEncoding[] = rows
  .map((r, i) => ({ r, i }))
  .sort((a, b) => popcount(b.r.mask) - popcount(a.r.mask) || a.i - b.i)
  .map(({ r }) => r);

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}
