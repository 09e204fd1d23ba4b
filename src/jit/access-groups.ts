// One permission check for several loads (or several stores) of a TB that use the same base
// register, unchanged between them, within one page's span: the first of them in program order
// (the lead) checks the pages of the group's lowest and highest byte, the others go unchecked.
//
// Why this is exact: a span of at most PAGE_SIZE bytes lies on at most two pages, and the lowest
// and highest byte of the group are each touched by one of its accesses, so the combined check
// fails exactly when some access of the group would fault. When it fails, the region leaves at
// the lead with ExitReason.Recheck and the runtime interprets from there with a check per access
// (Vcpu.recheck), so the guest sees its fault at the instruction that made it. Loads and stores
// form separate groups: one need per group means no page is asked for a permission that no
// access of the group needs. Another thread's mprotect or munmap that takes a permission away
// waits until every vCPU has left the code it was in (a shootdown, docs/design.md), so no TB
// that passed its checks before the change can touch the page after that call returns.
//
// Cost measured in docs/design.md ("Generated code and V8").

import { opIndex, type Insn } from '../riscv/decode.js';
import { PAGE_SIZE, PERM_R, PERM_W } from '../memory/layout.js';

/** How one instruction's access is checked, when not on its own. */
export type GroupedCheck = { lead: true; lo: number; span: number } | { lead: false };

const COVERED: GroupedCheck = { lead: false };

/**
 * Plain loads and stores (not LR/SC/AMOs, which keep their own checks): bytes accessed and the
 * permission needed. Their emitters (insns/mem.ts) take the size from here, so a group's span
 * and the access it covers cannot disagree.
 */
const ACCESS_BY_NAME = new Map<string, { size: number; need: number }>([
  ...([['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4], ['lwu', 4], ['ld', 8], ['flw', 4], ['fld', 8]] as const).map(
    ([n, size]) => [n, { size, need: PERM_R }] as const,
  ),
  ...([['sb', 1], ['sh', 2], ['sw', 4], ['sd', 8], ['fsw', 4], ['fsd', 8]] as const).map(([n, size]) => [n, { size, need: PERM_W }] as const),
]);
const ACCESSES = new Map([...ACCESS_BY_NAME].map(([n, a]) => [opIndex(n), a]));

/** Bytes a plain load or store named `name` accesses. */
export function accessSize(name: string): number {
  const a = ACCESS_BY_NAME.get(name);
  if (!a) throw new Error(`${name} is not a plain load or store`);
  return a.size;
}

interface OpenGroup {
  base: number;
  lo: number;
  hi: number;
  members: number[];
}

/**
 * For each instruction of a TB (null where it cannot be decoded): its grouped check, or
 * undefined when it checks on its own (or makes no access).
 */
export function planAccessGroups(insns: readonly (Insn | null)[]): (GroupedCheck | undefined)[] {
  const plan: (GroupedCheck | undefined)[] = new Array(insns.length);
  const open = new Map<number, OpenGroup>();
  const close = (g: OpenGroup | undefined) => {
    if (!g || g.members.length < 2) return;
    plan[g.members[0]!] = { lead: true, lo: g.lo, span: g.hi - g.lo };
    for (let k = 1; k < g.members.length; k++) plan[g.members[k]!] = COVERED;
  };
  insns.forEach((insn, k) => {
    if (!insn) return;
    const access = ACCESSES.get(insn.op);
    if (access) {
      const key = insn.rs1 * 2 + (access.need === PERM_W ? 1 : 0);
      const g = open.get(key);
      const lo = insn.imm, hi = insn.imm + access.size;
      if (g && Math.max(g.hi, hi) - Math.min(g.lo, lo) <= PAGE_SIZE) {
        g.lo = Math.min(g.lo, lo);
        g.hi = Math.max(g.hi, hi);
        g.members.push(k);
      } else {
        close(g);
        open.set(key, { base: insn.rs1, lo, hi, members: [k] });
      }
    }
    // Whatever may write x[rd] (stores and branches have no rd; a spurious one only splits a
    // group) ends the groups based on it, after its own access used the old value.
    if (insn.rd !== 0) {
      for (const [key, g] of open) {
        if (g.base !== insn.rd) continue;
        close(g);
        open.delete(key);
      }
    }
  });
  for (const g of open.values()) close(g);
  return plan;
}
