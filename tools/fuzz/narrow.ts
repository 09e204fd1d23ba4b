// Turning "case 1234 diverges" into "this instruction, with these operands, gives different
// results". The case is rerun alone; truncation (the first k items) finds by bisection the first
// item after which the states differ; the items before it are then dropped greedily while the
// divergence persists; finally the culprit item is cut slot by slot to find the instruction and
// the machine state just before it.

import fs from 'node:fs';
import { threadId } from 'node:worker_threads';
import path from 'node:path';
import { assemble, type Placed } from './assemble.js';
import { generateProgram, type GenerateOptions } from './generate.js';
import type { Item, Program } from './program.js';
import { withItems } from './program.js';
import { compareOutcomes, record, runBoth, type Mismatch, type Outcome } from './run.js';
import { BASE_REG, SCRATCH, SCRATCH_SIZE, parseDump, type Dump } from './block.js';
import { describeFcsr, describeFp, diffDumps, disassemble, hex, regName, type Difference } from './format.js';
import { decode } from '../../src/riscv/decode.js';
import { ENCODINGS } from '../../src/riscv/encodings.js';
import { operandFiles } from './operands.js';

export interface NarrowContext {
  gen: GenerateOptions;
  tmpDir: string;
  keepDir: string | null;
  /** The command line that reruns exactly this case, minus --first. */
  reproduce: (caseIndex: number) => string;
  /** Upper bound on emulator runs spent on shrinking. */
  shrinkBudget: number;
  /** Called before every run: narrowing is slow, and the campaign's watchdog must not mistake it for a hang. */
  alive?: () => void;
}

interface Trial {
  mismatch: Mismatch | null;
  qemu: Outcome;
  rvjit: Outcome;
  listing: Placed[];
  elf: Uint8Array;
}

let counter = 0;

async function trial(ctx: NarrowContext, p: Program): Promise<Trial> {
  ctx.alive?.();
  const { elf, listings } = assemble([p]);
  // Worker threads share the pid: the thread id keeps their files apart.
  const file = path.join(ctx.tmpDir, `narrow-${process.pid}-${threadId}-${counter++}.elf`);
  fs.writeFileSync(file, elf, { mode: 0o755 });
  try {
    const { qemu, rvjit } = await runBoth(file);
    return { mismatch: compareOutcomes(qemu, rvjit), qemu, rvjit, listing: listings[0]!, elf };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** What a divergence looks like, so shrinking does not wander off to a different one. */
function signature(t: Trial): string {
  if (!t.mismatch) return '';
  if (t.mismatch.what !== 'state') return `${t.mismatch.what}:${t.qemu.status}:${t.rvjit.status}`;
  return diffs(t)[0]?.where ?? 'state';
}

function dumpOf(o: Outcome): Dump | null {
  const rec = record(o, 0);
  return rec ? parseDump(rec) : null;
}

function diffs(t: Trial): Difference[] {
  const q = dumpOf(t.qemu), r = dumpOf(t.rvjit);
  return q && r ? diffDumps(q, r) : [];
}

function describeMismatch(t: Trial, indent: string): string[] {
  const m = t.mismatch;
  if (!m) return [`${indent}(this run did not diverge: the divergence is not deterministic)`];
  if (m.what !== 'state') return [`${indent}${m.what}: ${m.detail || `qemu status ${t.qemu.status}, rvjit status ${t.rvjit.status}`}`];
  const all = diffs(t);
  const pad = ' '.repeat(13);
  const shown = all.slice(0, MAX_SHOWN)
    .map((d) => `${indent}${regName(d.where).padEnd(13)} qemu ${d.qemu}\n${indent}${pad} rvjit ${d.rvjit}`);
  if (all.length > MAX_SHOWN) shown.push(`${indent}(and ${all.length - MAX_SHOWN} more: ${all.slice(MAX_SHOWN).map((d) => d.where).join(' ')})`);
  return shown;
}

/** Differences listed in full; later instructions often spread one into dozens. */
const MAX_SHOWN = 6;

/** Source operands of an instruction, with their values in `st`. */
function operands(word: number, size: number, st: Dump): string[] {
  const i = size === 2 ? decode(word & 0xffff, 0) : decode(word & 0xffff, word >>> 16);
  if (!i) return [];
  const e = ENCODINGS[i.op]!;
  const files = operandFiles(e.name);
  const out: string[] = [];
  const show = (file: 'x' | 'f', n: number) => {
    if (file === 'x') out.push(`${regName(`x${n}`)} = ${hex(st.x[n]!)}`);
    else out.push(`f${n} = ${hex(st.f[n]!)} (${describeFp(st.f[n]!)})`);
  };
  const uses = {
    rs1: !['U', 'J', 'CSRI', 'NONE', 'FENCE'].includes(e.format),
    rs2: ['R', 'S', 'B', 'RM', 'R4', 'AMO'].includes(e.format),
    rs3: e.format === 'R4',
  };
  if (uses.rs1) show(files.rs1, i.rs1);
  if (uses.rs2 && !(uses.rs1 && i.rs2 === i.rs1 && files.rs2 === files.rs1)) show(files.rs2, i.rs2);
  if (uses.rs3) show(files.rs3, i.rs3);
  if (e.ext === 'F' || e.ext === 'D' || e.ext === 'Zicsr') out.push(`fcsr = ${hex(st.fcsr, 2)} (${describeFcsr(st.fcsr)})`);
  // Memory operands: the bytes around the effective address, when it is in the scratch buffer.
  if (['I', 'S', 'AMO', 'LR'].includes(e.format) && /^(l|s|fl|fs|amo|lr|sc)/.test(e.name) && e.name !== 'slti' && e.name !== 'sltiu') {
    const addr = BigInt.asUintN(64, st.x[i.rs1]! + BigInt(e.format === 'I' || e.format === 'S' ? i.imm : 0));
    const off = Number(addr - st.x[BASE_REG]! - BigInt(SCRATCH));
    if (off >= 0 && off < SCRATCH_SIZE) {
      const bytes = [...st.scratch.subarray(off & ~7, Math.min(SCRATCH_SIZE, (off & ~7) + 16))].map((b) => b.toString(16).padStart(2, '0'));
      out.push(`memory at ${hex(addr, 0)} (scratch+${off}), from scratch+${off & ~7}: ${bytes.join(' ')}`);
    }
  }
  return out;
}

function itemListing(listing: Placed[], id: number | null): Placed[] {
  return listing.filter((pl) => pl.itemId === id);
}

export interface NarrowResult {
  text: string;
  /** The instruction found responsible, by name (for summaries), or null. */
  culprit: string | null;
}

export async function narrow(
  ctx: NarrowContext, seed: number, caseIndex: number, original: string, alive: () => void = () => {},
): Promise<NarrowResult> {
  ctx = { ...ctx, alive };
  const full = generateProgram(seed, caseIndex, ctx.gen);
  const lines: string[] = [`DIVERGENCE: seed ${seed}, case ${caseIndex} (${full.kind} program, ${full.items.length} items)`];
  const base = await trial(ctx, full);
  const save = (name: string, bytes: Uint8Array) => {
    if (!ctx.keepDir) return null;
    fs.mkdirSync(ctx.keepDir, { recursive: true });
    const file = path.join(ctx.keepDir, `seed${seed}-case${caseIndex}${name}`);
    fs.writeFileSync(file, bytes, { mode: 0o755 });
    return file;
  };
  if (!base.mismatch) {
    lines.push(`  in its batch: ${original}`);
    lines.push('  but it does not diverge when run alone: it depends on the programs run before it in the same process.');
    lines.push(`  reproduce: ${ctx.reproduce(caseIndex)}`);
    return { text: lines.join('\n'), culprit: null };
  }
  lines.push(...describeMismatch(base, '  '));
  const fullFile = save('.elf', base.elf);

  // Bisection over truncations: the smallest k whose first k items already diverge.
  const ids = full.items.map((it) => it.id);
  const truncated = (k: number) => withItems(full, (it) => it.id < k);
  const empty = await trial(ctx, truncated(0));
  if (empty.mismatch) {
    lines.push('  the program diverges with no items at all: the prologue/dump or the initial state is the problem.');
    lines.push(...describeMismatch(empty, '    '));
    lines.push(`  reproduce: ${ctx.reproduce(caseIndex)}`);
    if (fullFile) lines.push(`  saved: ${fullFile}`);
    return { text: lines.join('\n'), culprit: 'prologue' };
  }
  let lo = 0, hi = ids.length; // items < lo agree, items < hi diverge
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await trial(ctx, truncated(mid))).mismatch) hi = mid;
    else lo = mid;
  }
  const culpritItem = full.items[hi - 1]!;
  // The divergence to preserve while shrinking is the one right after the culprit: later items
  // may have spread it to other registers in the full program.
  const sig = signature(await trial(ctx, truncated(hi)));

  // Shrinking: drop earlier items while the same divergence remains.
  let kept: Item[] = full.items.slice(0, hi - 1);
  let budget = ctx.shrinkBudget;
  const stillDiverges = async (items: Item[]) => {
    budget--;
    const t = await trial(ctx, { ...full, items: [...items, culpritItem] });
    return signature(t) === sig ? t : null;
  };
  for (let chunk = Math.max(1, kept.length >> 1); chunk >= 1 && budget > 0; chunk >>= 1) {
    for (let start = 0; start < kept.length && budget > 0;) {
      const candidate = [...kept.slice(0, start), ...kept.slice(start + chunk)];
      if (await stillDiverges(candidate)) kept = candidate;
      else start += chunk;
    }
  }
  let minimal = await trial(ctx, { ...full, items: [...kept, culpritItem] });
  if (signature(minimal) !== sig) {
    // Divergence depends on something shrinking lost (should not happen): fall back to the prefix.
    kept = full.items.slice(0, hi - 1);
    minimal = await trial(ctx, { ...full, items: [...kept, culpritItem] });
  }

  // Within the culprit item: the first slot whose execution makes the states differ.
  let slot = culpritItem.slots.length;
  for (let j = 1; j < culpritItem.slots.length; j++) {
    const t = await trial(ctx, { ...full, items: [...kept, { ...culpritItem, slots: culpritItem.slots.slice(0, j) }] });
    if (t.mismatch) {
      slot = j;
      break;
    }
  }
  const before = await trial(ctx, { ...full, items: [...kept, { ...culpritItem, slots: culpritItem.slots.slice(0, slot - 1) }] });
  const placed = itemListing(minimal.listing, culpritItem.id);
  const culpritInsn = placed[slot - 1]!;

  lines.push(`  first diverging item: #${culpritItem.id} of ${ids.length} (class ${culpritItem.cls}), ` +
    `instruction ${slot} of ${placed.length} in it:`);
  for (const [n, pl] of placed.entries()) lines.push(`    ${n === slot - 1 ? '=>' : '  '} ${disassemble(pl.word, pl.size, pl.pc)}`);
  const st = dumpOf(before.qemu);
  if (st && !before.mismatch) {
    lines.push('  operands just before it (both emulators agree):');
    for (const o of operands(culpritInsn.word, culpritInsn.size, st)) lines.push(`    ${o}`);
  }
  lines.push('  result:');
  lines.push(...describeMismatch(minimal, '    '));
  lines.push(`  minimal program: ${kept.length + 1} of ${ids.length} items kept:`);
  for (const pl of minimal.listing) if (pl.itemId !== null) lines.push(`      ${disassemble(pl.word, pl.size, pl.pc)}`);
  const minFile = save('.min.elf', minimal.elf);
  lines.push(`  reproduce: ${ctx.reproduce(caseIndex)}`);
  if (fullFile) lines.push(`  saved: ${fullFile} (the case alone), ${minFile} (minimal)`);
  return { text: lines.join('\n'), culprit: culpritInsn.name };
}
