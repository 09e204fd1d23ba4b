// The functions a region module may import from the helper layer (jit/helpers.ts), with their
// wasm signatures. Regions import only the helpers they use.

import { T } from '../wasm/code.js';

const NX_CHECK = { params: [T.f64, T.f64, T.f64], results: [T.i32] } as const;

export const HELPER_SIGNATURES = {
  /**
   * (address, size | need << 8, pc) -> 0 if every byte is mapped with the needed permission;
   * otherwise records the fault (pc, LoadFault/StoreFault, address) in the state and returns 1.
   */
  accessFault: { params: [T.i64, T.i32, T.i64], results: [T.i32] },
  /** (op index, rounding mode, a, b, c as raw bits) -> (result bits, fflags): the exact FP path. */
  fpCall: { params: [T.i32, T.i32, T.f64, T.f64, T.f64], results: [T.f64, T.i32] },
  /** (a, b, correctly rounded result) -> NX or 0. Singles are passed promoted to binary64. */
  nxAddD: NX_CHECK,
  nxSubD: NX_CHECK,
  nxMulD: NX_CHECK,
  nxDivD: NX_CHECK,
  nxSqrtD: NX_CHECK,
  nxAddS: NX_CHECK,
  nxSubS: NX_CHECK,
  nxMulS: NX_CHECK,
  nxDivS: NX_CHECK,
  nxSqrtS: NX_CHECK,
  rdtime: { params: [], results: [T.i64] },
  rdcycle: { params: [], results: [T.i64] },
} as const;

export type HelperName = keyof typeof HELPER_SIGNATURES;
