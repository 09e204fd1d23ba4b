// Where everything lives in the one shared WebAssembly.Memory.
//
// Guest virtual addresses [0, GUEST_LIMIT) are wasm addresses one-to-one, so a guest access is a
// wasm access at the same address once it has passed the page-permission check. Everything above
// GUEST_LIMIT belongs to the emulator; its pages have no permission bits, so no guest access (and
// no syscall pointer, which is checked the same way) can reach it.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/** Total wasm memory: 4 GiB, reserved once and never grown (growing would detach views). */
export const WASM_PAGES = 65536;
export const MEMORY_BYTES = WASM_PAGES * 65536;

/** First address the guest may not map. */
export const GUEST_LIMIT = 0xf000_0000;
export const GUEST_PAGES = GUEST_LIMIT / PAGE_SIZE;
/** Number of 4 KiB pages in the whole 4 GiB memory; the permission table has one byte each. */
export const ALL_PAGES = MEMORY_BYTES / PAGE_SIZE;

const MiB = 1 << 20;

/**
 * One byte per page: PERM_R | PERM_W | PERM_X, and above them, shifted by PERM_WITH_PREV_SHIFT,
 * the read and write permissions the page shares with the page before it. Generated code reads it
 * on every access: an access of up to a page lies on its last byte's page and perhaps the one
 * before, so one lookup of the shared bits covers it wherever it starts (jit/emitter.ts,
 * RegionEmitter.ifInaccessible).
 */
export const PERM_TABLE = GUEST_LIMIT;
export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;
export const PERM_MASK = PERM_R | PERM_W | PERM_X;
export const PERM_WITH_PREV_SHIFT = 3;

/** One u32 per guest page: bumped whenever code translated from the page must be dropped. */
export const GEN_TABLE = PERM_TABLE + 1 * MiB;

/** Process-wide control words (see vcpu/control.ts). */
export const CONTROL_BASE = GEN_TABLE + 4 * MiB;
export const CONTROL_BYTES = 64 * 1024;

/** Per-vCPU blocks: architectural state followed by the jump cache. */
export const VCPU_BASE = CONTROL_BASE + CONTROL_BYTES;
export const VCPU_STRIDE = 128 * 1024;
export const MAX_VCPUS = 512;

/** Bounce buffers the runtime uses for host I/O that must not alias guest memory. */
export const SCRATCH_BASE = VCPU_BASE + MAX_VCPUS * VCPU_STRIDE;

export function vcpuBase(index: number): number {
  return VCPU_BASE + index * VCPU_STRIDE;
}

export function pageOf(addr: number): number {
  return Math.floor(addr / PAGE_SIZE);
}

export function pageAlignDown(addr: number): number {
  return addr - (addr % PAGE_SIZE);
}

export function pageAlignUp(addr: number): number {
  return Math.ceil(addr / PAGE_SIZE) * PAGE_SIZE;
}
