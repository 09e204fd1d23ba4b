// The instruction classes the generator draws from: which names each holds and how often each
// is drawn. Derived from the ENCODINGS table wherever possible, so a new row is fuzzed without
// further work once it fits a class.

import { ENCODINGS, type Encoding } from '../../src/riscv/encodings.js';
import { operandFiles } from './operands.js';

export const LOAD_WIDTH: Record<string, number> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4, lwu: 4, ld: 8, flw: 4, fld: 8 };
export const STORE_WIDTH: Record<string, number> = { sb: 1, sh: 2, sw: 4, sd: 8, fsw: 4, fsd: 8 };

const names = (pred: (e: Encoding) => boolean) => ENCODINGS.filter(pred).map((e) => e.name);
export const BY_NAME = new Map(ENCODINGS.map((e) => [e.name, e]));

/** Integer computation: everything of I/M/Zb* that neither touches memory nor transfers control. */
export const ALU = names((e) => ['I', 'M', 'Zba', 'Zbb', 'Zbs'].includes(e.ext) &&
  ['R', 'I', 'SH6', 'SH5', 'R1', 'U'].includes(e.format) && e.name !== 'jalr' && !(e.name in LOAD_WIDTH));
export const FP = names((e) => (e.ext === 'F' || e.ext === 'D') && e.format !== 'I' && e.format !== 'S');
/** FP operations whose sources are all f registers: the ones edge operands are built for. */
export const FP_FROM_F = FP.filter((n) => operandFiles(n).rs1 === 'f');
export const LOADS = ['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu'];
export const STORES = ['sb', 'sh', 'sw', 'sd'];
export const FLOADS = ['flw', 'fld'];
export const FSTORES = ['fsw', 'fsd'];
export const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
export const AMOS = names((e) => e.ext === 'A' && e.format === 'AMO' && !e.name.startsWith('sc.'));
export const CSRS = names((e) => e.ext === 'Zicsr');
export const RVC_ALU = ['c.addi4spn', 'c.nop', 'c.addi', 'c.addiw', 'c.li', 'c.addi16sp', 'c.lui', 'c.srli', 'c.srai',
  'c.andi', 'c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw', 'c.slli', 'c.mv', 'c.add'];
export const RVC_MEM = ['c.lw', 'c.ld', 'c.fld', 'c.sw', 'c.sd', 'c.fsd', 'c.lwsp', 'c.ldsp', 'c.fldsp', 'c.swsp', 'c.sdsp', 'c.fsdsp'];
export const RVC_JUMP = ['c.j', 'c.beqz', 'c.bnez', 'c.jr', 'c.jalr'];

/** What a compressed instruction expands to, so --exclude of a base name also drops its RVC form. */
export const RVC_BASE: Record<string, string> = {
  'c.addi4spn': 'addi', 'c.nop': 'addi', 'c.addi': 'addi', 'c.addiw': 'addiw', 'c.li': 'addi', 'c.addi16sp': 'addi',
  'c.lui': 'lui', 'c.srli': 'srli', 'c.srai': 'srai', 'c.andi': 'andi', 'c.sub': 'sub', 'c.xor': 'xor', 'c.or': 'or',
  'c.and': 'and', 'c.subw': 'subw', 'c.addw': 'addw', 'c.slli': 'slli', 'c.mv': 'add', 'c.add': 'add',
  'c.lw': 'lw', 'c.ld': 'ld', 'c.fld': 'fld', 'c.sw': 'sw', 'c.sd': 'sd', 'c.fsd': 'fsd', 'c.lwsp': 'lw', 'c.ldsp': 'ld',
  'c.fldsp': 'fld', 'c.swsp': 'sw', 'c.sdsp': 'sd', 'c.fsdsp': 'fsd', 'c.j': 'jal', 'c.beqz': 'beq', 'c.bnez': 'bne',
  'c.jr': 'jalr', 'c.jalr': 'jalr',
};

/** Relative frequency of each class. FP gets the most: it is where emulators disagree most. */
export const WEIGHTS = {
  alu: 44, fp: 60, load: 12, store: 10, fload: 6, fstore: 6, branch: 10, jal: 3, jalr: 3, amo: 6, lrsc: 4, csr: 8,
  fence: 1, rvc: 12, rvcmem: 8, rvcjump: 4, li: 6, reload: 6, fpedge: 12, loop: 4,
} as const;
export type ItemClass = keyof typeof WEIGHTS;

export const CLASS_NAMES: Record<ItemClass, readonly string[]> = {
  alu: ALU, fp: FP, load: LOADS, store: STORES, fload: FLOADS, fstore: FSTORES, branch: BRANCHES, jal: ['jal'],
  jalr: ['jalr'], amo: AMOS, lrsc: ['lr.w', 'lr.d'], csr: CSRS, fence: ['fence'], rvc: RVC_ALU, rvcmem: RVC_MEM,
  rvcjump: RVC_JUMP, li: ['li'], reload: ['ld', 'fld'], fpedge: FP_FROM_F, loop: ['bne'],
};

/** What a loop body is made of: no control transfers, no LR/SC (a loop would repeat the LR). */
export const LOOP_BODY: ItemClass[] = ['alu', 'fp', 'fpedge', 'load', 'store', 'fload', 'fstore', 'amo', 'csr', 'rvc', 'rvcmem', 'li'];

/** Every instruction name the generator can produce as an item's key (for coverage checks). */
export const ALL_KEYS: readonly string[] = [...new Set(Object.values(CLASS_NAMES).flat())];
