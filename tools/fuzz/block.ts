// The per-program data block that the base register (x27) points at. The first DUMP_SIZE bytes
// are exactly what the program writes to stdout at its end, so the scratch buffer follows the
// register dump directly and one write() covers both. Every offset fits a 12-bit immediate, so
// any part of the block is one load or store away from x27.

export const BASE_REG = 27;
/**
 * The accumulator: random instructions never write it; items add their results into it (see
 * ItemGenerator.fold), so a difference that later instructions overwrite still reaches the dump.
 */
export const ACC_REG = 26;

export const DUMP_X = 0; // x1..x31, 8 bytes each
export const DUMP_F = DUMP_X + 31 * 8; // f0..f31
export const DUMP_FCSR = DUMP_F + 32 * 8;
export const SCRATCH = DUMP_FCSR + 8;
export const SCRATCH_SIZE = 256;
export const DUMP_SIZE = SCRATCH + SCRATCH_SIZE;

// Initial values, copied into registers and the scratch buffer by the program's prologue.
export const INIT_X = DUMP_SIZE; // x1..x31 (the slot of x27 is unused)
export const INIT_F = INIT_X + 31 * 8;
export const INIT_FCSR = INIT_F + 32 * 8;
export const INIT_SCRATCH = INIT_FCSR + 8;
export const BLOCK_SIZE = INIT_SCRATCH + SCRATCH_SIZE;

if (BLOCK_SIZE > 2048) throw new Error('data block no longer reachable with 12-bit offsets');

/** One program's dump, decoded. */
export interface Dump {
  x: bigint[]; // index 0 is x0 (always 0)
  f: bigint[];
  fcsr: bigint;
  scratch: Uint8Array;
}

export function parseDump(bytes: Uint8Array): Dump {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const x = [0n];
  for (let i = 1; i < 32; i++) x.push(dv.getBigUint64(DUMP_X + (i - 1) * 8, true));
  const f: bigint[] = [];
  for (let i = 0; i < 32; i++) f.push(dv.getBigUint64(DUMP_F + i * 8, true));
  return { x, f, fcsr: dv.getBigUint64(DUMP_FCSR, true), scratch: bytes.slice(SCRATCH, SCRATCH + SCRATCH_SIZE) };
}
