// Lays programs out into one ELF: per program a prologue that loads the initial state, its items,
// and an epilogue that dumps the state with write(1, ...); after the last program, exit_group(0).
// Slot sizes do not depend on addresses, so one pass sizes everything and a second encodes.

import { encode, type Fields } from './encode.js';
import type { Program, Slot } from './program.js';
import { slotSize } from './program.js';
import { CODE_ADDR, dataAddr, writeElf } from './elf.js';
import {
  BASE_REG, BLOCK_SIZE, DUMP_F, DUMP_FCSR, DUMP_SIZE, DUMP_X, INIT_F, INIT_FCSR, INIT_SCRATCH, INIT_X, SCRATCH, SCRATCH_SIZE,
} from './block.js';

const CSR_FCSR = 3;
const SYS_WRITE = 64, SYS_EXIT_GROUP = 94;
const A0 = 10, A1 = 11, A2 = 12, A7 = 17;

/** One instruction as placed in the file, for listings and disassembly. */
export interface Placed {
  pc: number;
  word: number;
  size: 2 | 4;
  name: string;
  /** The item it belongs to, or null for prologue/epilogue code. */
  itemId: number | null;
}

export interface Assembled {
  elf: Uint8Array;
  /** Per program, its instructions in address order. */
  listings: Placed[][];
}

/** A group of slots placed together; `target` resolves control transfers and block addressing. */
interface Chunk {
  itemId: number | null;
  slots: Slot[];
  /** Item id jumped to; 'block' for the prologue's PC-relative block address. */
  target?: number | 'block';
}

const s = (name: string, fields: Fields): Slot => ({ name, fields });

function prologue(): Chunk {
  const slots: Slot[] = [
    { name: 'auipc', fields: {}, resolve: ({ itemPc, target }) => ({ rd: BASE_REG, imm: hi20(target - itemPc) }) },
    { name: 'addi', fields: {}, resolve: ({ itemPc, target }) => ({ rd: BASE_REG, rs1: BASE_REG, imm: lo12(target - itemPc) }) },
    // Any reservation a previous program left behind must not make this program's first SC succeed.
    s('sc.d', { rd: 0, rs1: BASE_REG, rs2: 0 }),
  ];
  for (let o = 0; o < SCRATCH_SIZE; o += 8) {
    slots.push(s('ld', { rd: 1, rs1: BASE_REG, imm: INIT_SCRATCH + o }), s('sd', { rs1: BASE_REG, rs2: 1, imm: SCRATCH + o }));
  }
  slots.push(s('ld', { rd: 1, rs1: BASE_REG, imm: INIT_FCSR }), s('csrrw', { rd: 0, rs1: 1, csr: CSR_FCSR }));
  for (let i = 0; i < 32; i++) slots.push(s('fld', { rd: i, rs1: BASE_REG, imm: INIT_F + 8 * i }));
  for (let i = 1; i < 32; i++) if (i !== BASE_REG) slots.push(s('ld', { rd: i, rs1: BASE_REG, imm: INIT_X + 8 * (i - 1) }));
  return { itemId: null, slots, target: 'block' };
}

function epilogue(last: boolean): Chunk {
  const slots: Slot[] = [];
  for (let i = 1; i < 32; i++) slots.push(s('sd', { rs1: BASE_REG, rs2: i, imm: DUMP_X + 8 * (i - 1) }));
  for (let i = 0; i < 32; i++) slots.push(s('fsd', { rs1: BASE_REG, rs2: i, imm: DUMP_F + 8 * i }));
  slots.push(s('csrrs', { rd: 1, rs1: 0, csr: CSR_FCSR }), s('sd', { rs1: BASE_REG, rs2: 1, imm: DUMP_FCSR }));
  slots.push(
    s('addi', { rd: A0, rs1: 0, imm: 1 }), s('addi', { rd: A1, rs1: BASE_REG, imm: 0 }),
    s('addi', { rd: A2, rs1: 0, imm: DUMP_SIZE }), s('addi', { rd: A7, rs1: 0, imm: SYS_WRITE }), s('ecall', {}),
  );
  if (last) slots.push(s('addi', { rd: A0, rs1: 0, imm: 0 }), s('addi', { rd: A7, rs1: 0, imm: SYS_EXIT_GROUP }), s('ecall', {}));
  return { itemId: null, slots };
}

const lo12 = (d: number) => ((d << 20) >> 20);
const hi20 = (d: number) => (d - lo12(d)) | 0;

function blockBytes(p: Program): Uint8Array {
  const b = new Uint8Array(BLOCK_SIZE);
  const dv = new DataView(b.buffer);
  for (let i = 1; i < 32; i++) dv.setBigUint64(INIT_X + 8 * (i - 1), p.init.x[i]!, true);
  for (let i = 0; i < 32; i++) dv.setBigUint64(INIT_F + 8 * i, p.init.f[i]!, true);
  dv.setBigUint64(INIT_FCSR, BigInt(p.init.fcsr), true);
  b.set(p.init.scratch, INIT_SCRATCH);
  return b;
}

export function assemble(programs: readonly Program[]): Assembled {
  const perProgram = programs.map((p, i) => {
    const chunks: Chunk[] = [prologue()];
    for (const item of p.items) chunks.push({ itemId: item.id, slots: item.slots, target: item.target });
    chunks.push(epilogue(i === programs.length - 1));
    return chunks;
  });

  // Pass 1: addresses.
  let pc = CODE_ADDR;
  const starts: number[][] = perProgram.map((chunks) => chunks.map((c) => {
    const at = pc;
    for (const sl of c.slots) pc += slotSize(sl);
    return at;
  }));
  const codeSize = pc - CODE_ADDR;
  const data = dataAddr(codeSize);

  // Pass 2: encoding.
  const code = new Uint8Array(codeSize);
  const dv = new DataView(code.buffer);
  const listings: Placed[][] = [];
  perProgram.forEach((chunks, pi) => {
    const listing: Placed[] = [];
    const itemStart = new Map<number, number>();
    chunks.forEach((c, ci) => c.itemId !== null && itemStart.set(c.itemId, starts[pi]![ci]!));
    const dumpAt = starts[pi]![chunks.length - 1]!;
    // A target that was truncated or shrunk away becomes the next surviving item, or the dump:
    // nextStart[id] is the address of the first surviving item with an id >= id.
    const maxTarget = Math.max(0, ...programs[pi]!.items.map((it) => it.target ?? 0));
    const nextStart: number[] = new Array(maxTarget + 2);
    for (let id = maxTarget + 1, at = dumpAt; id >= 0; id--) nextStart[id] = at = itemStart.get(id) ?? at;
    const resolveTarget = (t: number) => nextStart[t]!;
    chunks.forEach((c, ci) => {
      const itemPc = starts[pi]![ci]!;
      const target = c.target === 'block' ? data + pi * BLOCK_SIZE : c.target === undefined ? 0 : resolveTarget(c.target);
      let at = itemPc;
      for (const sl of c.slots) {
        const size = slotSize(sl);
        const fields = sl.resolve ? sl.resolve({ pc: at, itemPc, target }) : sl.fields;
        const word = encode(sl.name, fields);
        if (size === 2) dv.setUint16(at - CODE_ADDR, word, true);
        else dv.setUint32(at - CODE_ADDR, word, true);
        listing.push({ pc: at, word, size, name: sl.name, itemId: c.itemId });
        at += size;
      }
    });
    listings.push(listing);
  });

  const dataBytes = new Uint8Array(programs.length * BLOCK_SIZE);
  programs.forEach((p, i) => dataBytes.set(blockBytes(p), i * BLOCK_SIZE));
  return { elf: writeElf(code, dataBytes), listings };
}
