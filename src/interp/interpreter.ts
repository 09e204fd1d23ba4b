// The first execution tier: runs guest code one instruction at a time, straight from guest
// memory, until a block has run often enough to be worth translating (docs/design.md, "Tiers").
// Most code a program runs at startup executes a handful of times; interpreting it costs far
// less than building, compiling and instantiating a wasm module for it.
//
// The interpreter keeps no translation of its own — only decodes keyed by the instruction bits —
// so it never needs invalidating, and it runs outside generated code (an RCU quiescent state).
// It reads and writes the same vCPU state block as generated code and raises the same exits,
// with the same recorded pc and fault address, so the runtime cannot tell the tiers apart.

import { decode } from '../riscv/decode.js';
import { GUEST_LIMIT, PAGE_SHIFT, PAGE_SIZE, PERM_TABLE, PERM_X } from '../memory/layout.js';
import { ExitReason, S_EXIT_REASON, S_EXIT_REQUEST, S_F, S_FAULT_ADDR, S_FFLAGS, S_FRM, S_PC, S_X } from '../jit/state.js';
import type { HelperImports } from '../jit/helpers.js';
import { HANDLERS, STOP, type DecodedOp, type Handler } from './ops.js';
import './ops-index.js';

/** Why the interpreter returned, when it did not stop on an exit (ExitReason values are > 0). */
export const enum InterpStop {
  /** Continue in the dispatcher: the pc is translated, or an exit request is pending. */
  Dispatch = -1,
  /** The block at the pc became hot: translate it. */
  Translate = -2,
}

/** What the interpreter asks of the translation tier. */
export interface TierPeer {
  /** Whether generated code exists for `pc` (and is now reachable through the jump cache). */
  translated(pc: number): boolean;
  /** A computed jump (control.ts isComputedJump) at `from` went to `to`. */
  computedJump(from: number, to: number): void;
}

const LIMIT = BigInt(GUEST_LIMIT);
/** Instructions interpreted before returning to the run loop regardless (signals, exits). */
const BUDGET = 1 << 16;

const illegal: Handler = (m, _i, pc) => m.exit(ExitReason.Illegal, pc);

/** Slots of the interpreter's decode cache (a power of two). */
const DECODE_SLOTS = 8192;

/** The decode-cache slot of an encoding (a compressed one's 16 bits, or all 32). */
function decodeSlot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - 13);
}

export class Interpreter {
  /** Guest integer and FP registers in the vCPU state (FP as raw 64-bit patterns). */
  readonly x: BigInt64Array;
  readonly f: BigInt64Array;
  readonly dv: DataView;
  /** Whole-memory views for atomic operations. */
  readonly a32: Int32Array;
  readonly a64: BigInt64Array;
  readonly perm: Uint8Array;
  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  private readonly fflagsWord: number;
  private readonly frmWord: number;
  private readonly requestWord: number;
  /**
   * Decoded instructions, direct-mapped by encoding (decodeSlot). Bounded on purpose: code that
   * runs once (start-up, a large program's initialisation) would otherwise keep every decoded
   * instruction alive, and the memory that takes is the dearest part of interpreting it: each
   * fresh page the heap grows into is a page fault (about 10 us on a VM), and the survivors
   * are copied by every scavenge. Hot code is translated after a few dozen runs, so the
   * interpreter needs only its recent working set.
   */
  private readonly decodedKeys = new Int32Array(DECODE_SLOTS);
  private readonly decodedOps: (DecodedOp | undefined)[] = new Array(DECODE_SLOTS).fill(undefined);
  /** Times each block start was reached (by a jump, a branch, or entry from the run loop). */
  private readonly counts = new Map<number, number>();
  /** Set by control transfers: the next instruction starts a block. */
  jumped = false;
  /** Statistics. */
  insns = 0;
  blocks = 0;

  constructor(
    memory: WebAssembly.Memory,
    readonly base: number,
    readonly helpers: HelperImports,
    readonly peer: TierPeer,
    /** Entries into a block before it is translated. */
    readonly threshold: number,
  ) {
    const buf = memory.buffer;
    this.x = new BigInt64Array(buf, base + S_X, 32);
    this.f = new BigInt64Array(buf, base + S_F, 32);
    this.dv = new DataView(buf);
    this.a32 = new Int32Array(buf);
    this.a64 = new BigInt64Array(buf);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.u32 = new Uint32Array(buf);
    this.i32 = this.a32;
    this.perm = new Uint8Array(buf, PERM_TABLE, GUEST_LIMIT >>> PAGE_SHIFT);
    this.fflagsWord = (base + S_FFLAGS) >>> 2;
    this.frmWord = (base + S_FRM) >>> 2;
    this.requestWord = (base + S_EXIT_REQUEST) >>> 2;
  }

  // ---- state ----

  get fflags(): number {
    return this.i32[this.fflagsWord]!;
  }

  set fflags(v: number) {
    this.i32[this.fflagsWord] = v & 0x1f;
  }

  get frm(): number {
    return this.i32[this.frmWord]!;
  }

  set frm(v: number) {
    this.i32[this.frmWord] = v & 7;
  }

  setX(r: number, v: bigint): void {
    if (r !== 0) this.x[r] = v;
  }

  private setPc(pc: number | bigint): void {
    this.dv.setBigUint64(this.base + S_PC, BigInt.asUintN(64, BigInt(pc)), true);
  }

  /** Records an exit as generated code does (reason and the instruction's pc); returns STOP. */
  exit(reason: ExitReason, pc: number | bigint, faultAddr?: number | bigint): number {
    this.setPc(pc);
    if (faultAddr !== undefined) this.dv.setBigUint64(this.base + S_FAULT_ADDR, BigInt.asUintN(64, BigInt(faultAddr)), true);
    this.i32[(this.base + S_EXIT_REASON) >>> 2] = reason;
    return STOP;
  }

  /** Leaves for a computed target outside guest memory: the dispatcher reports the fetch fault. */
  leaveTo(target: bigint): number {
    this.setPc(target);
    return STOP;
  }

  // ---- memory ----

  /**
   * The address of an access of `size` bytes at base + imm that needs `need` permission, or -1
   * after recording the fault (the same check, and the same recorded fault, as generated code).
   */
  address(base: bigint, imm: bigint, size: number, need: number, pc: number): number {
    const a = BigInt.asUintN(64, base + imm);
    if (a < LIMIT) {
      const n = Number(a);
      if ((this.perm[n >>> PAGE_SHIFT]! & need) !== 0 && (n & (PAGE_SIZE - 1)) <= PAGE_SIZE - size) return n;
    }
    if ((this.helpers.functions.accessFault as (a: bigint, sn: number, pc: bigint) => number)(a, size | (need << 8), BigInt(pc)) !== 0) return -1;
    return Number(a);
  }

  private fetch16(addr: number): number {
    if (addr < 0 || addr + 2 > GUEST_LIMIT || (this.perm[addr >>> PAGE_SHIFT]! & PERM_X) === 0) return -1;
    return this.u16[addr >>> 1]!; // pcs are even: one aligned read
  }

  // ---- running ----

  /**
   * Interprets from the state's pc (which must be fetchable) until a block is hot, the code ahead
   * is translated, an exit happens, or the budget runs out. Returns an ExitReason recorded in the
   * state, or an InterpStop with the state's pc set.
   */
  run(startPc: number): number {
    let pc = startPc;
    let n = 0;
    // Entering from the run loop starts a block too.
    let blockStart = true;
    for (;;) {
      if (blockStart) {
        this.blocks++;
        const c = (this.counts.get(pc) ?? 0) + 1;
        this.counts.set(pc, c);
        if (c >= this.threshold) {
          this.insns += n;
          this.setPc(pc);
          return InterpStop.Translate;
        }
      }
      const d = this.fetchOp(pc);
      if (d === null) {
        this.insns += n;
        return ExitReason.FetchFault;
      }
      this.jumped = false;
      const next = d.run(this, d, pc);
      n++;
      if (next < 0) {
        this.insns += n;
        return this.stopReason();
      }
      pc = next;
      blockStart = this.jumped;
      if (blockStart || n >= BUDGET) {
        if (n >= BUDGET || Atomics.load(this.i32, this.requestWord) !== 0 || this.fetch16(pc) < 0 || this.peer.translated(pc)) {
          this.insns += n;
          this.setPc(pc);
          return InterpStop.Dispatch;
        }
      }
    }
  }

  /**
   * Interprets from `startPc` up to and including the first control transfer, without counting
   * blocks: the way back into generated code after a grouped access check failed there
   * (ExitReason.Recheck), so that each access is checked on its own. Returns as run() does,
   * never InterpStop.Translate.
   */
  runToJump(startPc: number): number {
    let pc = startPc;
    for (let n = 1; ; n++) {
      const d = this.fetchOp(pc);
      if (d === null) {
        this.insns += n - 1;
        return ExitReason.FetchFault;
      }
      this.jumped = false;
      const next = d.run(this, d, pc);
      if (next < 0) {
        this.insns += n;
        return this.stopReason();
      }
      pc = next;
      if (this.jumped || n >= BUDGET) {
        this.insns += n;
        this.setPc(pc);
        return InterpStop.Dispatch;
      }
    }
  }

  /** What run() returns after a handler stopped: the exit it recorded, or Dispatch for none. */
  private stopReason(): number {
    const reason = this.i32[(this.base + S_EXIT_REASON) >>> 2]!;
    // None: a computed jump out of guest memory, whose fetch fault the dispatcher raises.
    return reason === 0 ? InterpStop.Dispatch : reason;
  }

  /** The decoded instruction at `pc`, or null after recording its fetch fault. */
  private fetchOp(pc: number): DecodedOp | null {
    let lo: number, key: number;
    if ((pc & 3) === 0 && pc < GUEST_LIMIT && (this.perm[pc >>> PAGE_SHIFT]! & PERM_X) !== 0) {
      // One read of the aligned word: another thread may be rewriting the instruction, and a hart
      // executes the old or the new word, never a mix of their halves.
      const word = this.u32[pc >>> 2]!;
      lo = word & 0xffff;
      key = (lo & 3) === 3 ? word : lo;
    } else {
      lo = this.fetch16(pc);
      if (lo < 0) {
        this.exit(ExitReason.FetchFault, pc, pc);
        return null;
      }
      key = lo;
      if ((lo & 3) === 3) {
        const hi = this.fetch16(pc + 2);
        if (hi < 0) {
          this.exit(ExitReason.FetchFault, pc, pc + 2);
          return null;
        }
        key = (lo | (hi << 16)) >>> 0;
      }
    }
    const slot = decodeSlot(key);
    let d = this.decodedOps[slot];
    if (d === undefined || this.decodedKeys[slot] !== (key | 0)) {
      d = this.decodeOp(lo, key >>> 16);
      this.decodedOps[slot] = d;
      this.decodedKeys[slot] = key;
    }
    return d;
  }

  private decodeOp(lo: number, hi: number): DecodedOp {
    const insn = decode(lo, hi);
    if (!insn) {
      return { op: -1, rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, csr: 0, rm: 0, len: 2, raw: lo, cname: '', bimm: 0n, run: illegal };
    }
    // Spelled out rather than spread: a spread copy is several times slower, and one fixed
    // shape keeps the handlers' property reads monomorphic.
    return {
      op: insn.op, rd: insn.rd, rs1: insn.rs1, rs2: insn.rs2, rs3: insn.rs3, imm: insn.imm, csr: insn.csr, rm: insn.rm,
      len: insn.len, raw: insn.raw, cname: insn.cname, bimm: BigInt(insn.imm), run: HANDLERS[insn.op] ?? illegal,
    };
  }

  /** Forgets block counts (after the cache was flushed, hot code must prove itself again). */
  resetCounts(): void {
    this.counts.clear();
  }
}
