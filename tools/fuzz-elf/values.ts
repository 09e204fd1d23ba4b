// Interesting values for header fields: the edges a loader's arithmetic trips on (0, 1, all ones,
// 2^32, 2^53 where JavaScript numbers stop being exact, 2^63, 2^64 - small), page edges, the
// bounds of rvjit's guest address space, and values tied to the file at hand (its length, the
// fields of other segments) so that segments overlap, end exactly at the file's end or just past it.

import type { Prng } from '../fuzz/prng.js';

const PAGE = 4096n;
const U64_MAX = (1n << 64n) - 1n;

/** Fixed edges, independent of the file. */
const EDGES: readonly bigint[] = [
  0n, 1n, 2n, 3n, 7n, 8n, 0x10n, 0x40n, 0xfffn, PAGE, PAGE + 1n, 0x10000n, 0x10000n - 1n,
  0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 1n << 32n, (1n << 32n) + PAGE,
  0x5555_5000n, // rvjit's PIE base
  0xefff_f000n, 0xf000_0000n, 0xf000_0000n - PAGE, // rvjit's stack top and guest limit
  (1n << 47n) - PAGE, 1n << 47n, // the top of a Sv48 user address space
  (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, // where doubles stop being exact
  (1n << 63n) - 1n, 1n << 63n, U64_MAX - PAGE + 1n, U64_MAX - 1n, U64_MAX,
];

/** Values derived from the file: its length and the other values a field could collide with. */
export interface ValueContext {
  fileLength: number;
  /** Values of the same field in other structures (other segments' addresses, offsets...). */
  peers: bigint[];
}

export function interestingU64(r: Prng, current: bigint, ctx: ValueContext): bigint {
  const len = BigInt(ctx.fileLength);
  switch (r.below(8)) {
    case 0:
    case 1:
      return r.pick(EDGES);
    case 2: // near the current value: off by one, by a page, doubled
      return BigInt.asUintN(64, current + r.pick([-PAGE, -1n, 1n, 2n, 8n, PAGE, current]));
    case 3: // tied to the file length: exactly at, just inside or just past the end
      return BigInt.asUintN(64, len + r.pick([-PAGE, -1n, 0n, 1n, PAGE - (len % PAGE), PAGE]));
    case 4: // another structure's value, so that things overlap
      return ctx.peers.length ? r.pick(ctx.peers) + r.pick([0n, 0n, 1n, PAGE]) : current;
    case 5: // wraps around 2^64 when something is added to it
      return U64_MAX - BigInt(r.below(0x10000)) + 1n;
    case 6: // small, possibly unaligned
      return BigInt(r.below(0x4000));
    default:
      return r.u64() >> BigInt(r.below(64));
  }
}

/** Truncates to a field width, keeping the top edges (all ones) meaningful for narrow fields. */
export function interestingOfWidth(r: Prng, bytes: number, current: bigint, ctx: ValueContext): bigint {
  if (bytes === 8) return interestingU64(r, current, ctx);
  const max = (1n << BigInt(bytes * 8)) - 1n;
  switch (r.below(4)) {
    case 0: return r.pick([0n, 1n, max, max - 1n, max >> 1n, (max >> 1n) + 1n]);
    case 1: return BigInt.asUintN(bytes * 8, current + r.pick([-1n, 1n]));
    default: return BigInt.asUintN(bytes * 8, interestingU64(r, current, ctx));
  }
}
