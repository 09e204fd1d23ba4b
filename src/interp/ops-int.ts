// Integer computation for the interpreter: RV64I register/immediate ALU, M, Zba/Zbb/Zbs. Values
// are BigInts read from the state's BigInt64Array; storing into it wraps to 64 bits, as the
// hardware does. 32-bit ("w") forms compute on JS int32 and sign-extend.

import { op, type Handler } from './ops.js';

const M64 = (1n << 64n) - 1n;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const lo32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

/** rd = f(x[rs1], x[rs2]). */
function r64(name: string, f: (a: bigint, b: bigint) => bigint): void {
  op(name, (m, i, pc) => {
    if (i.rd !== 0) m.x[i.rd] = f(m.x[i.rs1]!, m.x[i.rs2]!);
    return pc + i.len;
  });
}

/** rd = f(x[rs1], imm). */
function i64(name: string, f: (a: bigint, imm: bigint) => bigint): void {
  op(name, (m, i, pc) => {
    if (i.rd !== 0) m.x[i.rd] = f(m.x[i.rs1]!, i.bimm);
    return pc + i.len;
  });
}

/** rd = sext32(f(low32(x[rs1]), low32(x[rs2]))). */
function r32(name: string, f: (a: number, b: number) => number): void {
  op(name, (m, i, pc) => {
    if (i.rd !== 0) m.x[i.rd] = BigInt(f(lo32(m.x[i.rs1]!), lo32(m.x[i.rs2]!)) | 0);
    return pc + i.len;
  });
}

/** rd = sext32(f(low32(x[rs1]), imm)). */
function i32(name: string, f: (a: number, imm: number) => number): void {
  op(name, (m, i, pc) => {
    if (i.rd !== 0) m.x[i.rd] = BigInt(f(lo32(m.x[i.rs1]!), i.imm) | 0);
    return pc + i.len;
  });
}

function unary(name: string, f: (a: bigint) => bigint): void {
  op(name, (m, i, pc) => {
    if (i.rd !== 0) m.x[i.rd] = f(m.x[i.rs1]!);
    return pc + i.len;
  });
}

const b = (c: boolean): bigint => (c ? 1n : 0n);

// ---- RV64I ----
op('lui', (m, i, pc) => {
  if (i.rd !== 0) m.x[i.rd] = i.bimm;
  return pc + i.len;
});
op('auipc', (m, i, pc) => {
  if (i.rd !== 0) m.x[i.rd] = BigInt(pc + i.imm);
  return pc + i.len;
});
i64('addi', (a, imm) => a + imm);
i64('slti', (a, imm) => b(a < imm));
i64('sltiu', (a, imm) => b(u64(a) < u64(imm)));
i64('xori', (a, imm) => a ^ imm);
i64('ori', (a, imm) => a | imm);
i64('andi', (a, imm) => a & imm);
i64('slli', (a, sh) => a << sh);
i64('srli', (a, sh) => u64(a) >> sh);
i64('srai', (a, sh) => a >> sh);
r64('add', (x, y) => x + y);
r64('sub', (x, y) => x - y);
r64('sll', (x, y) => x << (y & 63n));
r64('srl', (x, y) => u64(x) >> (y & 63n));
r64('sra', (x, y) => x >> (y & 63n));
r64('slt', (x, y) => b(x < y));
r64('sltu', (x, y) => b(u64(x) < u64(y)));
r64('xor', (x, y) => x ^ y);
r64('or', (x, y) => x | y);
r64('and', (x, y) => x & y);
i64('addiw', (a, imm) => BigInt.asIntN(32, a + imm));
i64('slliw', (a, sh) => BigInt.asIntN(32, a << sh));
i32('srliw', (a, sh) => a >>> sh);
i32('sraiw', (a, sh) => a >> sh);
r32('addw', (x, y) => x + y);
r32('subw', (x, y) => x - y);
r32('sllw', (x, y) => x << (y & 31));
r32('srlw', (x, y) => x >>> (y & 31));
r32('sraw', (x, y) => x >> (y & 31));

// ---- M ----
r64('mul', (x, y) => x * y);
r32('mulw', (x, y) => Math.imul(x, y));
r64('mulh', (x, y) => (x * y) >> 64n);
r64('mulhu', (x, y) => (u64(x) * u64(y)) >> 64n);
r64('mulhsu', (x, y) => (x * u64(y)) >> 64n);
// RISC-V defines what wasm and JS would trap on: x/0 = -1, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0.
// BigInt division truncates toward zero, as RISC-V does; MIN/-1 = 2^63 wraps to MIN on store.
r64('div', (x, y) => (y === 0n ? -1n : x / y));
r64('divu', (x, y) => (y === 0n ? -1n : u64(x) / u64(y)));
r64('rem', (x, y) => (y === 0n ? x : x % y));
r64('remu', (x, y) => (y === 0n ? x : u64(x) % u64(y)));
r32('divw', (x, y) => (y === 0 ? -1 : Math.trunc(x / y)));
r32('divuw', (x, y) => (y === 0 ? -1 : Math.trunc((x >>> 0) / (y >>> 0))));
r32('remw', (x, y) => (y === 0 ? x : x % y));
r32('remuw', (x, y) => (y === 0 ? x : (x >>> 0) % (y >>> 0)));

// ---- Zba ----
const zext32 = (v: bigint): bigint => BigInt.asUintN(32, v);
r64('add.uw', (x, y) => zext32(x) + y);
for (const [n, sh] of [['sh1add', 1n], ['sh2add', 2n], ['sh3add', 3n]] as const) {
  r64(n, (x, y) => (x << sh) + y);
  r64(`${n}.uw`, (x, y) => (zext32(x) << sh) + y);
}
i64('slli.uw', (a, sh) => zext32(a) << sh);

// ---- Zbb ----
function clz64(v: bigint): number {
  const hi = Number(BigInt.asUintN(32, v >> 32n)), lo = Number(BigInt.asUintN(32, v));
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}
function ctz32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}
function ctz64(v: bigint): number {
  const hi = Number(BigInt.asUintN(32, v >> 32n)), lo = Number(BigInt.asUintN(32, v));
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}
function pop32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
r64('andn', (x, y) => x & ~y);
r64('orn', (x, y) => x | ~y);
r64('xnor', (x, y) => ~(x ^ y));
unary('clz', (a) => BigInt(clz64(a)));
unary('ctz', (a) => BigInt(ctz64(a)));
unary('cpop', (a) => BigInt(pop32(Number(BigInt.asUintN(32, a >> 32n))) + pop32(Number(BigInt.asUintN(32, a)))));
unary('clzw', (a) => BigInt(Math.clz32(lo32(a))));
unary('ctzw', (a) => BigInt(ctz32(lo32(a))));
unary('cpopw', (a) => BigInt(pop32(lo32(a))));
unary('sext.b', (a) => BigInt.asIntN(8, a));
unary('sext.h', (a) => BigInt.asIntN(16, a));
unary('zext.h', (a) => BigInt.asUintN(16, a));
unary('rev8', (a) => {
  let v = u64(a), r = 0n;
  for (let k = 0; k < 8; k++) {
    r = (r << 8n) | (v & 0xffn);
    v >>= 8n;
  }
  return r;
});
unary('orc.b', (a) => {
  let r = 0n;
  for (let k = 0n; k < 64n; k += 8n) if ((a >> k) & 0xffn) r |= 0xffn << k;
  return r;
});
r64('max', (x, y) => (x > y ? x : y));
r64('maxu', (x, y) => (u64(x) > u64(y) ? x : y));
r64('min', (x, y) => (x < y ? x : y));
r64('minu', (x, y) => (u64(x) < u64(y) ? x : y));
const rotl = (x: bigint, s: bigint): bigint => ((u64(x) << s) | (u64(x) >> ((64n - s) & 63n))) & M64;
r64('rol', (x, y) => rotl(x, y & 63n));
r64('ror', (x, y) => rotl(x, (64n - (y & 63n)) & 63n));
const rotl32 = (x: number, s: number): number => (x << s) | (x >>> ((32 - s) & 31));
r32('rolw', (x, y) => rotl32(x, y & 31));
r32('rorw', (x, y) => rotl32(x, (32 - (y & 31)) & 31));
i64('rori', (a, sh) => rotl(a, (64n - sh) & 63n));
i32('roriw', (a, sh) => rotl32(a, (32 - sh) & 31));

// ---- Zbs ----
for (const imm of [false, true]) {
  const s = imm ? 'i' : '';
  const def = (name: string, f: (a: bigint, bit: bigint) => bigint): void => {
    const h: Handler = (m, i, pc) => {
      if (i.rd !== 0) m.x[i.rd] = f(m.x[i.rs1]!, (imm ? i.bimm : m.x[i.rs2]!) & 63n);
      return pc + i.len;
    };
    op(name, h);
  };
  def(`bclr${s}`, (a, n) => a & ~(1n << n));
  def(`binv${s}`, (a, n) => a ^ (1n << n));
  def(`bset${s}`, (a, n) => a | (1n << n));
  def(`bext${s}`, (a, n) => (u64(a) >> n) & 1n);
}
