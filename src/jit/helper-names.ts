// The functions a region module may import from the helper layer (jit/helpers.ts), with their
// wasm signatures. Regions import only the helpers they use.

import { T } from '../wasm/code.js';

export const HELPER_SIGNATURES = {
  /** (address, size | need << 8) -> 1 if every byte is mapped with the needed permission. */
  accessOk: { params: [T.i64, T.i32], results: [T.i32] },
  mulh: { params: [T.i64, T.i64], results: [T.i64] },
  mulhu: { params: [T.i64, T.i64], results: [T.i64] },
  mulhsu: { params: [T.i64, T.i64], results: [T.i64] },
  rev8: { params: [T.i64], results: [T.i64] },
  /** (instruction op index, rounding mode) -> fflags; operands and result in the FP scratch slots. */
  fpSlow: { params: [T.i32, T.i32], results: [T.i32] },
  rdtime: { params: [], results: [T.i64] },
  rdcycle: { params: [], results: [T.i64] },
} as const;

export type HelperName = keyof typeof HELPER_SIGNATURES;
