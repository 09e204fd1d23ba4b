// The fuzzer's model of a test program: an initial machine state plus a list of items. An item is
// one random instruction together with the helper instructions it needs (an address in the scratch
// buffer, a jump target in a register...). Items are the unit of truncation and shrinking: a
// branch names a later item, not an address, so dropping items keeps every target meaningful.

import type { Fields } from './encode.js';

export interface Slot {
  name: string;
  fields: Fields;
  /** Control transfers: the operands, once the item's and the target's addresses are known. */
  resolve?: (at: { pc: number; itemPc: number; target: number }) => Fields;
}

export interface Item {
  /** Position in the generated list; stable when other items are dropped. */
  id: number;
  /** Generator class (alu, fp, load, lrsc, ...): for statistics and documentation. */
  cls: string;
  /** The random instruction this item exists to test (what --exclude matches). */
  key: string;
  slots: Slot[];
  /** For branches and jumps: the id of the item jumped to (or past the end: the dump). */
  target?: number;
}

export interface InitState {
  /** x0..x31; x0 and the base register's entries are ignored. */
  x: bigint[];
  f: bigint[];
  /** Initial fcsr (frm always valid). */
  fcsr: number;
  scratch: Uint8Array;
}

export type ProgramKind = 'normal' | 'badfrm';

export interface Program {
  seed: number;
  caseIndex: number;
  /** 'badfrm' programs set an invalid frm part-way and may end in SIGILL: always last in an ELF. */
  kind: ProgramKind;
  init: InitState;
  items: Item[];
}

export const slotSize = (s: Slot): 2 | 4 => (s.name.startsWith('c.') ? 2 : 4);

/** The same program with only some of its items: truncation keeps ids < k, shrinking any subset. */
export function withItems(p: Program, keep: (item: Item) => boolean): Program {
  return { ...p, items: p.items.filter(keep) };
}
