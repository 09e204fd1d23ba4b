// A vCPU: one guest hart's state block, its translation cache and dispatcher, and the run loop
// that alternates between generated code and the runtime. The runtime side of an exit (syscalls,
// faults, signals) belongs to whoever implements ExitHandler — the Linux layer.

import { ExitReason, S_EXIT_REASON, S_EXIT_REQUEST, S_JC_HITS, S_JUMP_FROM, S_JUMP_TO } from '../jit/state.js';
import { Registers } from './registers.js';
import { makeHelpers } from '../jit/helpers.js';
import { TranslationCache, DEFAULT_CACHE_OPTIONS, type CacheOptions } from '../tcache/cache.js';
import type { SharedRegions } from '../tcache/shared-regions.js';
import { makeDispatcher, DISPATCH_MISS, DISPATCH_HOT, DISPATCH_YIELD, type DispatchFn } from './dispatcher.js';
import { Interpreter, InterpStop } from '../interp/interpreter.js';
import { elapsedMs } from '../host/elapsed.js';
import { GUEST_LIMIT, PAGE_SIZE, PERM_TABLE } from '../memory/layout.js';

export interface ExitHandler {
  /** Called before generated code is entered; may stop the vCPU instead. */
  enterCode(cpu: Vcpu): void;
  /** Called as soon as generated code has returned to the runtime. */
  leaveCode(cpu: Vcpu): void;
  /** Handles an exit from generated code. May change registers, pc, or stop the vCPU. */
  handleExit(cpu: Vcpu, reason: ExitReason): void;
}

export interface VcpuOptions {
  countJumpCacheHits: boolean;
  cache: CacheOptions;
  /**
   * Times a block is interpreted before it is translated; 0 translates everything on first
   * execution (docs/design.md, "Tiers").
   */
  jitThreshold: number;
  /** Where the process's vCPUs offer each other translations (none: this one builds its own). */
  sharedRegions: SharedRegions | null;
}

export const DEFAULT_JIT_THRESHOLD = 32;
/**
 * The default for guest threads on worker threads. Each worker translates with JavaScript of its
 * own that starts cold (Go's hello world: ~60 us per translated guest instruction over its four
 * threads, against ~1.4 us per interpreted one), and code that several threads share is often
 * run there only a few hundred times. Go hello 0.71-0.78 of its time and gomix 0.96, against 32;
 * multi-threaded C programs unchanged, code rewritten all the time on a worker a little slower
 * (docs/design.md, "Tiers"). The main thread keeps 32:
 * single-threaded hash and interp ran 1.15-1.3 times as long with 128-512.
 */
export const WORKER_JIT_THRESHOLD = 256;

export class Vcpu extends Registers {
  readonly cache: TranslationCache;
  /** The first tier, or null when every block is translated on first execution. */
  readonly interpreter: Interpreter | null;
  private readonly dispatch: DispatchFn;
  private readonly helpers: ReturnType<typeof makeHelpers>;
  running = false;
  /** Statistics: exits to the runtime, wall time in generated code vs the runtime. */
  exits = 0;
  runtimeMs = 0;

  constructor(
    memory: WebAssembly.Memory,
    index: number,
    private readonly handler: ExitHandler,
    options: Partial<VcpuOptions> = {},
  ) {
    super(memory, index);
    this.helpers = makeHelpers(memory, this.base);
    this.cache = new TranslationCache(memory, this.base, this.helpers, options.cache ?? DEFAULT_CACHE_OPTIONS, options.sharedRegions ?? null);
    this.dispatch = makeDispatcher(memory, this.cache.table, options.countJumpCacheHits ?? false);
    const threshold = options.jitThreshold ?? DEFAULT_JIT_THRESHOLD;
    this.interpreter = threshold > 0 ? this.newInterpreter(threshold) : null;
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
    const started = elapsedMs();
    try {
      this.loop();
    } finally {
      this.ranMs += elapsedMs() - started;
    }
  }

  /** Time spent in run() (statistics), and of it blocked in system calls (the thread's part). */
  ranMs = 0;
  blockedMs = 0;
  /** Set once --stats has added this vCPU's counters to its process's totals. */
  countersAdded = false;

  private loop(): void {
    const base = this.base;
    const reasonWord = (base + S_EXIT_REASON) >>> 2;
    const handler = this.handler;
    while (this.running) {
      handler.enterCode(this);
      if (!this.running) break;
      const status = this.dispatch(base);
      handler.leaveCode(this);
      if (status === DISPATCH_YIELD) {
        this.dispatcherYields++;
        continue;
      }
      const t0 = elapsedMs();
      this.exits++;
      if (status === DISPATCH_HOT) {
        this.cache.hot(this.pc);
      } else if (status === DISPATCH_MISS) {
        this.cache.stats.jcMisses++;
        this.miss(handler, reasonWord);
      } else {
        const reason = this.i32[reasonWord]! as ExitReason;
        this.i32[reasonWord] = ExitReason.None;
        if (reason === ExitReason.Recheck) this.recheck(handler, reasonWord);
        else handler.handleExit(this, reason);
      }
      this.runtimeMs += elapsedMs() - t0;
    }
  }

  /**
   * The dispatcher found nothing for the pc: run translated code if a region has it, else
   * interpret until the code is hot (then translate it), or translate it right away when there is
   * no interpreter.
   */
  private miss(handler: ExitHandler, reasonWord: number): void {
    const pc = this.pc;
    // A computed jump that left its region records itself (jit/state.ts S_JUMP_FROM); a stale
    // record whose target is this pc still names a jump that happened.
    if (this.i32[(this.base + S_JUMP_TO) >>> 2]! >>> 0 === pc) this.cache.noteComputedJump(this.i32[(this.base + S_JUMP_FROM) >>> 2]! >>> 0, pc);
    if (!this.cache.fetchable(pc)) {
      this.faultAddr = pc;
      handler.handleExit(this, ExitReason.FetchFault);
      return;
    }
    const interp = this.interpreter;
    if (!interp) {
      this.cache.lookup(pc);
      return;
    }
    if (this.cache.find(pc) !== null) return;
    const t0 = elapsedMs();
    const r = interp.run(pc);
    this.interpretMs += elapsedMs() - t0;
    if (r === InterpStop.Translate) {
      this.cache.lookup(this.pc);
    } else if (r > 0) {
      this.i32[reasonWord] = ExitReason.None;
      handler.handleExit(this, r as ExitReason);
    }
  }

  /**
   * A grouped access check failed at the pc (jit/access-groups.ts): some access of the group
   * faults, or another thread changed a page's permissions. Interprets to the end of the block,
   * checking each access on its own, so a fault is raised at the instruction that makes it.
   */
  private recheck(handler: ExitHandler, reasonWord: number): void {
    this.rechecks++;
    const interp = (this.stepper ??= this.interpreter ?? this.newInterpreter(DEFAULT_JIT_THRESHOLD));
    const r = interp.runToJump(this.pc);
    if (r > 0) {
      this.i32[reasonWord] = ExitReason.None;
      handler.handleExit(this, r as ExitReason);
    }
  }

  /** Returns of the dispatcher after YIELD_INTERVAL iterations (statistics). */
  dispatcherYields = 0;

  /** Exits for a failed grouped check (statistics). */
  rechecks = 0;
  /** The interpreter that runs rechecks (the first tier's, or one made for them). */
  private stepper: Interpreter | null = null;

  private newInterpreter(threshold: number): Interpreter {
    const cache = this.cache;
    return new Interpreter(this.memory, this.base, this.helpers, {
      translated: (pc) => cache.find(pc) !== null,
      computedJump: (from, to) => cache.noteComputedJump(from, to),
    }, threshold);
  }

  /**
   * The first byte that a load or store which failed its check at faultAddr could not access with
   * permission `need` (Linux's si_addr). Both tiers record only the access's address: the access
   * failed on its own page, or else on the next one, where its last byte lies.
   */
  faultingByte(need: number): number {
    const a = this.faultAddr;
    if (a < 0 || a >= GUEST_LIMIT) return a;
    const page = Math.floor(a / PAGE_SIZE);
    if ((new Uint8Array(this.memory.buffer, PERM_TABLE + page, 1)[0]! & need) === 0) return a;
    return (page + 1) * PAGE_SIZE;
  }

  /** Wall time spent in the interpreter (statistics). */
  interpretMs = 0;

  stop(): void {
    this.running = false;
  }
}
