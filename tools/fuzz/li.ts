// `li rd, value` for any 64-bit value, as lui/addi(w)/slli sequences. Written so that the
// sequence is short for the common cases and always exact; the fuzzer then also exercises
// these instructions' sign-extension rules, which is where a wrong sequence would show.

import type { Fields } from './encode.js';

const sext = (v: bigint, bits: number) => BigInt.asIntN(bits, v);

export function li(rd: number, value: bigint): [string, Fields][] {
  const v = sext(value, 64);
  if (v >= -(1n << 31n) && v < 1n << 31n) {
    const lo = Number(sext(v & 0xfffn, 12));
    const hi = Number(sext((v - BigInt(lo)) >> 12n, 20)) * 4096; // lui's sign-extended result
    if (hi === 0) return [['addi', { rd, rs1: 0, imm: lo }]];
    // addiw, not addi: lui's value plus lo may cross 2^31 and must wrap like the 32-bit sum.
    const out: [string, Fields][] = [['lui', { rd, imm: hi }]];
    if (lo !== 0) out.push(['addiw', { rd, rs1: rd, imm: lo }]);
    return out;
  }
  // Peel off the low 12 bits, build the rest shifted down past its trailing zeros, shift back.
  const lo = sext(v & 0xfffn, 12);
  let hi = (v - lo) >> 12n;
  let shift = 12;
  while ((hi & 1n) === 0n) {
    hi >>= 1n;
    shift++;
  }
  const out = li(rd, hi);
  out.push(['slli', { rd, rs1: rd, imm: shift }]);
  if (lo !== 0n) out.push(['addi', { rd, rs1: rd, imm: Number(lo) }]);
  return out;
}

/** What the sequence computes, for the unit test (a three-instruction interpreter). */
export function evalLi(seq: [string, Fields][]): bigint {
  let x = 0n;
  for (const [name, f] of seq) {
    const imm = BigInt(f.imm ?? 0);
    const src = f.rs1 === 0 ? 0n : x;
    if (name === 'lui') x = sext(imm, 64);
    else if (name === 'addi') x = sext(src + imm, 64);
    else if (name === 'addiw') x = sext(sext(src + imm, 32), 64);
    else if (name === 'slli') x = sext(src << imm, 64);
    else throw new Error(name);
  }
  return BigInt.asUintN(64, x);
}
