// The order and loop structure of one region function's TBs, so that every jump between them
// is a direct wasm branch: forward jumps leave blocks, backward jumps continue loops. (Before,
// every backward jump other than a TB's jump to itself went through a br_table over all the
// function's TBs.)
//
// Loops are the strongly connected parts of the TBs' static jump graph. Each becomes a wasm
// loop headed by the TB that most jumps from outside it enter (the guest's own loop header),
// and its body is laid out the same way with the jumps back to the header taken out, so that
// inner loops nest. The parts are laid out in a topological order of the jumps between them,
// lowest address first among the ready ones, so a loop's TBs sit together even when the guest
// put part of its body before its header (gcc rotates loops that way), and most fall-through
// stays fall-through. What this cannot make direct: a jump from outside a loop into its middle
// (irreducible control flow, and entries from the dispatcher) goes to the loop's top, which
// dispatches on the TB index (compile-region.ts, emitItems).

/** One element of a function body: a TB, or a loop (whose first item is its header TB). */
export type LayoutItem = { tb: number } | { header: number; items: LayoutItem[] };

export interface FunctionLayout {
  /** The function's TBs in layout order, as indices into the list given to layoutFunction. */
  order: number[];
  /** The function body: items covering positions 0..n-1 in order. Indices below are positions in `order`. */
  items: LayoutItem[];
  /** For each position, the headers of the loops around it, outermost first. */
  loopsAround: number[][];
  /** Last position of the loop of each header. */
  loopLast: Map<number, number>;
}

type Tree = { tb: number } | { header: number; body: Tree[] };

/**
 * Lays out `n` TBs given each one's statically known successors within the function (TB
 * indices: branch and jump targets, fall-through).
 */
export function layoutFunction(n: number, successors: (k: number) => readonly number[]): FunctionLayout {
  const succ: number[][] = [];
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < n; k++) {
    succ.push([...new Set(successors(k))]);
    for (const j of succ[k]!) pred[j]!.push(k);
  }
  const all = Array.from({ length: n }, (_, k) => k);
  const tree = arrange(all, succ, pred);

  // Number the TBs in layout order and describe the loops by positions.
  const order: number[] = [];
  const loopsAround: number[][] = [];
  const loopLast = new Map<number, number>();
  const place = (nodes: Tree[], around: number[]): LayoutItem[] =>
    nodes.map((node) => {
      if ('tb' in node) {
        order.push(node.tb);
        loopsAround.push(around);
        return { tb: order.length - 1 };
      }
      const header = order.length;
      const inner = [...around, header];
      const items = place(node.body, inner);
      loopLast.set(header, order.length - 1);
      return { header, items };
    });
  const items = place(tree, []);
  return { order, items, loopsAround, loopLast };
}

/**
 * Orders `nodes` (the whole function, or a loop's body without its header, which takes the
 * jumps back to the header out): their strongly connected parts in topological order, each part
 * of several TBs (or one that jumps to itself) a loop.
 */
function arrange(nodes: number[], succ: number[][], pred: number[][]): Tree[] {
  const inSet = new Set(nodes);
  const edges = (k: number) => succ[k]!.filter((j) => inSet.has(j));
  const parts = stronglyConnected(nodes, edges);
  const partOf = new Map<number, number>();
  parts.forEach((p, i) => p.forEach((k) => partOf.set(k, i)));

  // Kahn's algorithm over the parts, always taking the ready part with the lowest address.
  const indegree = parts.map(() => 0);
  const next = parts.map(() => new Set<number>());
  parts.forEach((p, i) => {
    for (const k of p) {
      for (const j of edges(k)) {
        const q = partOf.get(j)!;
        if (q !== i && !next[i]!.has(q)) {
          next[i]!.add(q);
          indegree[q]!++;
        }
      }
    }
  });
  const lowest = parts.map((p) => Math.min(...p));
  const ready = parts.map((_, i) => i).filter((i) => indegree[i] === 0);
  const out: Tree[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let r = 1; r < ready.length; r++) if (lowest[ready[r]!]! < lowest[ready[best]!]!) best = r;
    const i = ready.splice(best, 1)[0]!;
    const part = parts[i]!;
    const loops = part.length > 1 || edges(part[0]!).includes(part[0]!);
    if (!loops) {
      out.push({ tb: part[0]! });
    } else {
      const h = loopHeader(part, pred);
      out.push({ header: h, body: [{ tb: h }, ...arrange(part.filter((k) => k !== h), succ, pred)] });
    }
    for (const q of next[i]!) if (--indegree[q]! === 0) ready.push(q);
  }
  return out;
}

/** The TB of a loop that the most jumps from outside it enter; the lowest address on a tie. */
function loopHeader(part: number[], pred: number[][]): number {
  const inPart = new Set(part);
  let best = part[0]!, bestCount = -1;
  for (const k of [...part].sort((a, b) => a - b)) {
    const count = pred[k]!.filter((p) => !inPart.has(p)).length;
    if (count > bestCount) {
      best = k;
      bestCount = count;
    }
  }
  return best;
}

/** Tarjan's algorithm: the strongly connected components of `nodes` under `edges`. */
function stronglyConnected(nodes: number[], edges: (k: number) => number[]): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const parts: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const part: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      parts.push(part);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return parts;
}

/**
 * Which of `n` TBs lie on a cycle of their successors: exactly those that layoutFunction puts in
 * a loop, found without laying anything out.
 */
export function onCycles(n: number, successors: (k: number) => readonly number[]): boolean[] {
  const succ = Array.from({ length: n }, (_, k) => successors(k));
  const out = new Array<boolean>(n).fill(false);
  for (const part of stronglyConnected(Array.from({ length: n }, (_, k) => k), (k) => succ[k] as number[])) {
    if (part.length > 1 || succ[part[0]!]!.includes(part[0]!)) for (const k of part) out[k] = true;
  }
  return out;
}

/** The first TB of an item. */
export function firstTB(item: LayoutItem): number {
  return 'tb' in item ? item.tb : item.header;
}
