// The architectural state of one hart as it sits in its vCPU block of wasm memory (layout in
// jit/state.ts). Any JS thread can read or prepare a block: clone fills a new thread's before
// its vCPU exists.

import { vcpuBase } from '../memory/layout.js';
import { S_FAULT_ADDR, S_FFLAGS, S_FRM, S_JC_HITS, S_PC, S_RES_ADDR, S_X, S_F } from '../jit/state.js';

/** Bytes of the state block that hold architectural and runtime state (the jump cache follows). */
const STATE_BYTES = 4096;

export class Registers {
  readonly base: number;
  protected readonly i32: Int32Array;
  protected readonly u32: Uint32Array;
  private readonly i64: BigInt64Array;
  private readonly f64bits: BigUint64Array;

  constructor(readonly memory: WebAssembly.Memory, readonly index: number) {
    this.base = vcpuBase(index);
    this.i32 = new Int32Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.i64 = new BigInt64Array(memory.buffer, this.base + S_X, 32);
    this.f64bits = new BigUint64Array(memory.buffer, this.base + S_F, 32);
  }

  /** Zeroes the whole state (a fresh hart: no LR reservation). */
  reset(): void {
    new Uint8Array(this.memory.buffer, this.base, STATE_BYTES).fill(0);
    this.setResAddrNone();
  }

  /** Copies another hart's registers, FP state included (clone). */
  copyFrom(other: Registers): void {
    const u8 = new Uint8Array(this.memory.buffer);
    u8.copyWithin(this.base + S_X, other.base + S_X, other.base + S_FRM + 4);
  }


  x(r: number): bigint {
    return this.i64[r]!;
  }

  setX(r: number, v: bigint): void {
    if (r !== 0) this.i64[r] = BigInt.asIntN(64, v);
  }

  /** x[r] as a JS number, treating the register as signed (exact within ±2^53). */
  xs(r: number): number {
    const w = (this.base + S_X + 8 * r) >>> 2;
    return this.i32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }

  /** x[r] as a JS number, unsigned (exact below 2^53). */
  xu(r: number): number {
    const w = (this.base + S_X + 8 * r) >>> 2;
    return this.u32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }

  /** Low 32 bits of x[r], signed. */
  x32(r: number): number {
    return this.i32[(this.base + S_X + 8 * r) >>> 2]!;
  }

  setXn(r: number, v: number): void {
    if (r === 0) return;
    const w = (this.base + S_X + 8 * r) >>> 2;
    this.u32[w] = v >>> 0;
    this.i32[w + 1] = Math.floor(v / 0x1_0000_0000);
  }

  f(r: number): bigint {
    return this.f64bits[r]!;
  }

  setF(r: number, v: bigint): void {
    this.f64bits[r] = BigInt.asUintN(64, v);
  }

  get pc(): number {
    const w = (this.base + S_PC) >>> 2;
    return this.i32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }

  set pc(v: number) {
    const w = (this.base + S_PC) >>> 2;
    this.u32[w] = v >>> 0;
    this.i32[w + 1] = Math.floor(v / 0x1_0000_0000);
  }

  get fflags(): number {
    return this.i32[(this.base + S_FFLAGS) >>> 2]!;
  }

  set fflags(v: number) {
    this.i32[(this.base + S_FFLAGS) >>> 2] = v & 0x1f;
  }

  get frm(): number {
    return this.i32[(this.base + S_FRM) >>> 2]!;
  }

  set frm(v: number) {
    this.i32[(this.base + S_FRM) >>> 2] = v & 7;
  }

  get faultAddr(): number {
    const w = (this.base + S_FAULT_ADDR) >>> 2;
    return this.i32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }

  set faultAddr(v: number) {
    const w = (this.base + S_FAULT_ADDR) >>> 2;
    this.u32[w] = v >>> 0;
    this.i32[w + 1] = Math.floor(v / 0x1_0000_0000);
  }

  setResAddrNone(): void {
    const w = (this.base + S_RES_ADDR) >>> 2;
    this.i32[w] = -1;
    this.i32[w + 1] = -1;
  }


  /** Dispatches that hit the jump cache (counted only when statistics are on). */
  get jumpCacheHits(): number {
    const w = (this.base + S_JC_HITS) >>> 2;
    return this.u32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }
}
