// The loop structure of region functions (jit/layout.ts). Generated code only stays correct and
// fast if every backward jump in layout order targets the header of a loop around it (otherwise
// it leaves the region), loops nest, and a loop's TBs are contiguous. These tests hold the
// layout to that on the shapes compilers produce and on random graphs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutFunction, onCycles, type FunctionLayout, type LayoutItem } from '../src/jit/layout.js';
import { Prng } from '../tools/fuzz/prng.js';

function layout(succ: number[][]): FunctionLayout {
  return layoutFunction(succ.length, (k) => succ[k]!);
}

/** Items as text: TBs by original index, loops as L<header>[...]. */
function show(l: FunctionLayout, items: LayoutItem[] = l.items): string {
  return items.map((i) => ('tb' in i ? String(l.order[i.tb]) : `L${l.order[i.header]}[${show(l, i.items)}]`)).join(' ');
}

/** Checks the invariants compile-region.ts relies on, for every edge. */
function checkInvariants(succ: number[][], l: FunctionLayout): void {
  const n = succ.length;
  assert.deepEqual([...l.order].sort((a, b) => a - b), Array.from({ length: n }, (_, k) => k), 'order is a permutation');
  const pos = new Map(l.order.map((k, p) => [k, p]));
  for (const [h, last] of l.loopLast) {
    for (let p = h; p <= last; p++) assert.ok(l.loopsAround[p]!.includes(h), `position ${p} lies in the loop of ${h}`);
  }
  succ.forEach((targets, k) => {
    for (const j of targets) {
      const from = pos.get(k)!, to = pos.get(j)!;
      if (to <= from) assert.ok(l.loopsAround[from]!.includes(to), `backward jump ${k}->${j} continues a loop around it`);
    }
  });
}

test('a loop with its body before its header (a rotated loop) is laid out header first', () => {
  // 0 -> 2 (jump to the test), 1: body, 2: test -> 1 or 3, 3: exit.
  const succ = [[2], [2], [1, 3], []];
  const l = layout(succ);
  assert.equal(show(l), '0 L2[2 1] 3');
  checkInvariants(succ, l);
});

test('nested loops nest; a self-loop is a loop of one TB', () => {
  // 0 -> 1; outer loop 1..4 with an inner loop 2..3 and a self-loop 4.
  const succ = [[1], [2], [3], [2, 4], [4, 1, 5], []];
  const l = layout(succ);
  assert.equal(show(l), '0 L1[1 L2[2 3] L4[4]] 5');
  checkInvariants(succ, l);
});

test('a loop entered in two places takes the entry most jumps use as its header', () => {
  // 1 and 2 form a loop; 0 enters it at 2, and so does 3 (via 0 -> 3 -> 2).
  const succ = [[2, 3], [2], [1, 4], [2], []];
  const l = layout(succ);
  assert.equal(show(l), '0 3 L2[2 1] 4');
  checkInvariants(succ, l);
});

/** A random jump graph of up to 40 TBs: mostly fall-throughs, a jump anywhere now and then. */
function randomGraph(r: Prng): number[][] {
  const n = 1 + r.below(40);
  return Array.from({ length: n }, (_, k) => {
    const out: number[] = [];
    if (k + 1 < n && r.below(4) > 0) out.push(k + 1);
    if (r.below(3) === 0) out.push(r.below(n));
    return out;
  });
}

test('random jump graphs keep the invariants', () => {
  const r = new Prng(12345);
  for (let round = 0; round < 300; round++) {
    const succ = randomGraph(r);
    checkInvariants(succ, layout(succ));
  }
});

test('onCycles names exactly the TBs the layout puts in a loop', () => {
  assert.deepEqual(onCycles(4, (k) => [[1], [1, 2], [3], []][k]!), [false, true, false, false], 'a self-loop is on a cycle');
  const r = new Prng(777);
  for (let round = 0; round < 300; round++) {
    const succ = randomGraph(r);
    const n = succ.length;
    const l = layout(succ);
    const inLoop = new Array<boolean>(n);
    l.order.forEach((k, p) => (inLoop[k] = l.loopsAround[p]!.length > 0));
    assert.deepEqual(onCycles(n, (k) => succ[k]!), inLoop, `graph ${JSON.stringify(succ)}`);
  }
});
