// Hand-written test programs for the dedicated tests and for minimal reproducers: a list of
// instructions, with x27 pointing at a data buffer, ending in write(1, buffer, size) and
// exit_group(0). Output is whatever the instructions stored in the buffer.

import { encode, type Fields } from './encode.js';
import { dataAddr, writeElf } from './elf.js';
import { li } from './li.js';
import { BASE_REG } from './block.js';

export type Asm = [string, Fields][];

export function tinyElf(body: Asm, dataSize: number): Uint8Array {
  const epilogue = (data: number): Asm => [
    ['addi', { rd: 10, rs1: 0, imm: 1 }], ...li(11, BigInt(data)), ...li(12, BigInt(dataSize)),
    ['addi', { rd: 17, rs1: 0, imm: 64 }], ['ecall', {}],
    ['addi', { rd: 10, rs1: 0, imm: 0 }], ['addi', { rd: 17, rs1: 0, imm: 94 }], ['ecall', {}],
  ];
  const whole = (data: number): Asm => [...li(BASE_REG, BigInt(data)), ...body, ...epilogue(data)];
  // The data address depends on the code size, which (through li) depends on the data address:
  // iterate until it settles (twice at most in practice).
  let data = dataAddr(0);
  for (;;) {
    const size = whole(data).reduce((n, [name]) => n + (name.startsWith('c.') ? 2 : 4), 0);
    const next = dataAddr(size);
    if (next === data) break;
    data = next;
  }
  const insns = whole(data);
  const code = new Uint8Array(insns.reduce((n, [name]) => n + (name.startsWith('c.') ? 2 : 4), 0));
  const dv = new DataView(code.buffer);
  let at = 0;
  for (const [name, f] of insns) {
    const w = encode(name, f);
    if (name.startsWith('c.')) {
      dv.setUint16(at, w, true);
      at += 2;
    } else {
      dv.setUint32(at, w, true);
      at += 4;
    }
  }
  return writeElf(code, new Uint8Array(dataSize));
}
