// Layout of one vCPU's block in wasm memory, shared by generated code and the runtime.
// Offsets are relative to the vCPU's base address (memory/layout.ts vcpuBase).

/** x0..x31, 8 bytes each (x0 is kept zero). */
export const S_X = 0;
/** f0..f31 as raw 64-bit patterns (singles NaN-boxed). */
export const S_F = 256;
export const S_PC = 512;
export const S_FFLAGS = 520;
export const S_FRM = 524;
/** Why generated code returned to the runtime (ExitReason). */
export const S_EXIT_REASON = 528;
/** Non-zero asks the vCPU to come back to the runtime soon; other threads set it atomically. */
export const S_EXIT_REQUEST = 532;
/**
 * The dispatcher polls S_EXIT_REQUEST before each region, and regions return to it every
 * LOOP_BUDGET backward jumps (RCU's quiescent states, signals, exit_group; docs/rcu.md "Polls").
 * RVJIT_MEASURE_NO_POLL=1 leaves the poll out and raises the budget to 2^20, only to measure
 * what they cost single-threaded programs (bench/README.md); anything needing another thread's
 * request (threads, timers, signals from outside) then misbehaves.
 */
export const POLL_EXIT_REQUEST = globalThis.process?.env?.RVJIT_MEASURE_NO_POLL !== '1';
/**
 * RVJIT_MEASURE_NO_CHECKS=1 leaves out the page-permission check of every load and store in
 * generated code, only to measure what the checks cost (bench/README.md). Unsafe: a guest access
 * to an unmapped page then reads or writes rvjit's own memory instead of faulting.
 */
export const CHECK_ACCESSES = globalThis.process?.env?.RVJIT_MEASURE_NO_CHECKS !== '1';
/** Faulting data address for memory faults. */
export const S_FAULT_ADDR = 536;
/** LR/SC reservation: address (-1 when none), the value LR saw, and its size in bytes. */
export const S_RES_ADDR = 544;
export const S_RES_VALUE = 552;
export const S_RES_SIZE = 560;
/** Counts of dispatches that hit the jump cache (maintained only when statistics are on). */
export const S_JC_HITS = 568;
/** Operands and result of the floating-point slow path: a, b, c, result (64-bit patterns). */
export const S_FP_A = 576;
export const S_FP_B = 584;
export const S_FP_C = 592;
export const S_FP_R = 600;
/** Extra detail for an exit (the CSR number of an unsupported CSR access, etc.). */
export const S_EXIT_DETAIL = 608;
/** A word the interpreter's fences write atomically (a JS atomic read-modify-write is a full fence). */
export const S_FENCE_SCRATCH = 616;
/**
 * A computed jump that leaves its region records where it was and where it goes (both below
 * GUEST_LIMIT, so 32 bits each): the runtime learns the jump's targets from the jump-cache misses
 * they cause, and the next build of the page dispatches to them inside wasm (jit/plan.ts).
 */
export const S_JUMP_FROM = 624;
export const S_JUMP_TO = 628;

/** The jump cache follows the state: JC_ENTRIES entries of {pc i64, tb i32, slot i32}. */
export const S_JC = 4096;
export const JC_ENTRIES = 4096;
export const JC_ENTRY_BYTES = 16;
export const JC_BYTES = JC_ENTRIES * JC_ENTRY_BYTES;
/** Dispatcher entry counters, one i32 per function-table slot (slot mod HOT_SLOTS). */
export const S_HOT = S_JC + JC_BYTES;
export const HOT_SLOTS = 8192;

/**
 * Index of a pc's jump-cache entry: compressed code is 2-byte aligned, so bit 0 is dropped, and
 * the bits above the index's reach are folded in. Without the fold, code at the same offset of
 * two 8 KiB blocks shared an entry: sort's comparator (0x15000) and the libc routine calling it
 * (0x25000) evicted each other 60,000 times a run, each a trip to the runtime. The dispatcher
 * (vcpu/dispatcher.ts) computes the same.
 */
export const JC_FOLD_SHIFT = 13;
export function jcIndex(pc: number): number {
  return ((pc >>> 1) ^ (pc >>> JC_FOLD_SHIFT)) & (JC_ENTRIES - 1);
}

export const enum ExitReason {
  None = 0,
  Ecall = 1,
  Ebreak = 2,
  Illegal = 3,
  LoadFault = 4,
  StoreFault = 5,
  FetchFault = 6,
  Misaligned = 7,
  ExitRequest = 8,
  FenceI = 9,
  /** A grouped access check failed: interpret from the pc with a check per access (jit/access-groups.ts). */
  Recheck = 10,
}
