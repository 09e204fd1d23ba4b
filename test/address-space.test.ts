// Which mapping changes make other vCPUs wait. Generated code may check a run of accesses once
// before the first of them (jit/access-groups.ts), which is exact only if a syscall that takes a
// permission away waits until the other vCPUs have left their code: the address space must report
// every such change, and only those (docs/rcu.md, "Shootdown"). Whether a report makes the
// process wait is LinuxProcess.shootdown's part; this test checks the reports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSpace } from '../src/memory/address-space.js';
import { PERM_TABLE, PERM_WITH_PREV_SHIFT, WASM_PAGES } from '../src/memory/layout.js';
import { Prng } from '../tools/fuzz/prng.js';

const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
const RW = PROT_READ | PROT_WRITE;
const BASE = 0x4000_0000, PAGE = 4096;

function space(): { mm: AddressSpace; events: string[] } {
  const memory = new WebAssembly.Memory({ initial: WASM_PAGES, maximum: WASM_PAGES, shared: true });
  const mm = new AddressSpace(memory);
  const events: string[] = [];
  const hex = (n: number) => `0x${n.toString(16)}`;
  mm.sink = {
    codeInvalidated: (s, e) => events.push(`code ${hex(s)}-${hex(e)}`),
    permissionsNarrowed: (s, e) => events.push(`narrowed ${hex(s)}-${hex(e)}`),
  };
  return { mm, events };
}

test('taking a permission away is reported; adding one or mapping free pages is not', () => {
  const { mm, events } = space();
  mm.map(BASE, 4 * PAGE, RW);
  assert.deepEqual(events, [], 'mapping free pages');
  mm.mprotect(BASE, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
  assert.deepEqual(events, [], 'adding exec');
  mm.mprotect(BASE + PAGE, PAGE, PROT_READ);
  assert.deepEqual(events, ['narrowed 0x40001000-0x40002000'], 'write taken away');
  mm.mprotect(BASE + PAGE, PAGE, RW);
  assert.equal(events.length, 1, 'write given back');
  mm.mprotect(BASE + 2 * PAGE, PAGE, RW);
  assert.equal(events.length, 1, 'same permissions again');
  mm.munmap(BASE + 3 * PAGE, PAGE);
  assert.deepEqual(events.slice(1), ['narrowed 0x40003000-0x40004000'], 'munmap');
  mm.munmap(BASE + 3 * PAGE, PAGE);
  assert.equal(events.length, 2, 'munmap of nothing');
  mm.map(BASE + 2 * PAGE, PAGE, RW);
  assert.deepEqual(events.slice(2), ['narrowed 0x40002000-0x40003000'], 'a mapping replaced (its pages are cleared)');
});

test('code invalidation covers the shootdown: a change that drops translations reports only that', () => {
  const { mm, events } = space();
  mm.map(BASE, 2 * PAGE, PROT_READ | PROT_EXEC);
  mm.mprotect(BASE, PAGE, PROT_READ);
  assert.deepEqual(events, ['code 0x40000000-0x40001000']);
  mm.munmap(BASE, 2 * PAGE);
  assert.deepEqual(events.slice(1), ['code 0x40000000-0x40002000']);
});

test("each page's permission byte also holds what it shares with the page before it", () => {
  // Generated code checks an access of up to a page with one lookup of these shared bits; a stale
  // bit would let an access reach back onto a page that refuses it (tests/guest/sig_segv_page_cross).
  const { mm } = space();
  const PAGES = 12;
  const model = new Array<number>(PAGES + 1).fill(0);
  const table = new Uint8Array(mm.memory.buffer, PERM_TABLE + BASE / PAGE - 1, PAGES + 2);
  const r = new Prng(7);
  const next = (n: number) => r.below(n);
  for (let step = 0; step < 400; step++) {
    const first = next(PAGES), count = 1 + next(PAGES - first);
    const prot = [0, PROT_READ, RW, PROT_READ | PROT_EXEC, RW | PROT_EXEC][next(5)]!;
    const start = BASE + first * PAGE, len = count * PAGE;
    const op = next(3);
    if (op === 0) mm.map(start, len, prot);
    else if (op === 1) mm.munmap(start, len);
    else {
      try {
        mm.mprotect(start, len, prot);
      } catch {
        continue; // ENOMEM: part of the range is not mapped, nothing changed
      }
    }
    for (let p = first; p < first + count; p++) model[p] = op === 1 ? 0 : prot;
    const at = (p: number) => (p >= 0 && p < PAGES ? model[p]! : 0);
    for (let p = -1; p <= PAGES; p++) {
      const own = at(p), rw = own & RW;
      const want = own | ((rw & at(p - 1)) << PERM_WITH_PREV_SHIFT);
      assert.equal(table[p + 1], want, `step ${step}: page ${p}`);
    }
  }
});
