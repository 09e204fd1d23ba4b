// A vCPU: one guest hart's state block, its translation cache and dispatcher, and the run loop
// that alternates between generated code and the runtime. The runtime side of an exit (syscalls,
// faults, signals) belongs to whoever implements ExitHandler — the Linux layer.

import { vcpuBase } from '../memory/layout.js';
import {
  ExitReason, S_EXIT_REASON, S_EXIT_REQUEST, S_FAULT_ADDR, S_FFLAGS, S_FRM, S_JC_HITS, S_PC, S_RES_ADDR, S_X, S_F,
} from '../jit/state.js';
import { makeHelpers } from '../jit/helpers.js';
import { TranslationCache, DEFAULT_CACHE_OPTIONS, type CacheOptions } from '../tcache/cache.js';
import { makeDispatcher, DISPATCH_MISS, type DispatchFn } from './dispatcher.js';

export interface ExitHandler {
  /** Handles an exit from generated code. May change registers, pc, or stop the vCPU. */
  handleExit(cpu: Vcpu, reason: ExitReason): void;
}

export interface VcpuOptions {
  countJumpCacheHits: boolean;
  cache: CacheOptions;
}

export class Vcpu {
  readonly base: number;
  readonly cache: TranslationCache;
  private readonly dispatch: DispatchFn;
  private readonly i32: Int32Array;
  private readonly u32: Uint32Array;
  private readonly i64: BigInt64Array;
  private readonly f64bits: BigUint64Array;
  running = false;
  /** Statistics: exits to the runtime, wall time in generated code vs the runtime. */
  exits = 0;
  runtimeMs = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly index: number,
    private readonly handler: ExitHandler,
    options: Partial<VcpuOptions> = {},
  ) {
    this.base = vcpuBase(index);
    this.i32 = new Int32Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.i64 = new BigInt64Array(memory.buffer, this.base + S_X, 32);
    this.f64bits = new BigUint64Array(memory.buffer, this.base + S_F, 32);
    new Uint8Array(memory.buffer, this.base, 4096).fill(0);
    this.setResAddrNone();
    const helpers = makeHelpers(memory, this.base);
    this.cache = new TranslationCache(memory, this.base, helpers, options.cache ?? DEFAULT_CACHE_OPTIONS);
    this.dispatch = makeDispatcher(memory, this.cache.table, options.countJumpCacheHits ?? false);
  }

  // ---- registers ----

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

  setResAddrNone(): void {
    const w = (this.base + S_RES_ADDR) >>> 2;
    this.i32[w] = -1;
    this.i32[w + 1] = -1;
  }

  get jumpCacheHits(): number {
    const w = (this.base + S_JC_HITS) >>> 2;
    return this.u32[w + 1]! * 0x1_0000_0000 + this.u32[w]!;
  }

  // ---- exit requests ----

  /** Asks the vCPU to come back to the runtime at its next poll (any thread may call this). */
  requestExit(): void {
    Atomics.store(this.i32, (this.base + S_EXIT_REQUEST) >>> 2, 1);
  }

  clearExitRequest(): void {
    Atomics.store(this.i32, (this.base + S_EXIT_REQUEST) >>> 2, 0);
  }

  // ---- run loop ----

  /** Runs until the handler stops the vCPU. */
  run(): void {
    this.running = true;
    const base = this.base;
    const reasonWord = (base + S_EXIT_REASON) >>> 2;
    while (this.running) {
      const status = this.dispatch(base);
      const t0 = performance.now();
      this.exits++;
      if (status === DISPATCH_MISS) {
        this.cache.stats.jcMisses++;
        if (this.cache.lookup(this.pc) === null) {
          this.handler.handleExit(this, ExitReason.FetchFault);
        }
      } else {
        const reason = this.i32[reasonWord]! as ExitReason;
        this.i32[reasonWord] = ExitReason.None;
        this.handler.handleExit(this, reason);
      }
      this.runtimeMs += performance.now() - t0;
    }
  }

  stop(): void {
    this.running = false;
  }
}
