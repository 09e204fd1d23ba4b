// A small seeded PRNG (xoshiro128**). Every random choice the fuzzer makes goes through one of
// these, so a (seed, case) pair regenerates the same program on any machine and Node version;
// Math.random would make divergences unreproducible.

/** Mixes two 32-bit words into one (a murmur3-style finaliser); used to derive per-case seeds. */
export function mix32(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Turns a command-line seed (a number, or any string) into a 32-bit seed. */
export function parseSeed(text: string): number {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) {
    const v = Number(text);
    if (v <= 0xffffffff) return v >>> 0;
  }
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, stream = 0) {
    // Four differently-mixed words: xoshiro must not start from an all-zero state.
    this.s0 = mix32(seed, stream) | 1;
    this.s1 = mix32(this.s0, 0x1234567);
    this.s2 = mix32(this.s1, 0x89abcdef);
    this.s3 = mix32(this.s2, stream ^ 0x55aa55aa);
    for (let i = 0; i < 8; i++) this.u32();
  }

  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    if (n <= 0) throw new Error(`below(${n})`);
    if (n <= 0x100000000) {
      // Rejection sampling keeps small ranges exactly uniform.
      const limit = Math.floor(0x100000000 / n) * n;
      for (;;) {
        const v = this.u32();
        if (v < limit) return v % n;
      }
    }
    return Math.floor((this.u32() * 0x100000000 + this.u32()) / 2 ** 64 * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() < p * 0x100000000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() >>> 24;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
