// A growable byte buffer with the LEB128 encodings WebAssembly uses. Knows nothing of RISC-V.

export class ByteWriter {
  buf: Uint8Array<ArrayBuffer>;
  len = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private grow(extra: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): this {
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
    return this;
  }

  bytes(src: Uint8Array): this {
    if (this.len + src.length > this.buf.length) this.grow(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
    return this;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^32. */
  u32(v: number): this {
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit integer. */
  s32(v: number): this {
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  /** Signed LEB128 of an integer that is exact as a JS number (|v| <= 2^53). */
  s64n(v: number): this {
    if (v >= -0x80000000 && v <= 0x7fffffff) return this.s32(v);
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = (v - b) / 128;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  /** Signed LEB128 of a 64-bit integer given as a BigInt (interpreted modulo 2^64, signed). */
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    if (v >= -(1n << 53n) && v <= 1n << 53n) return this.s64n(Number(v));
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  f64(v: number): this {
    const tmp = new DataView(new ArrayBuffer(8));
    tmp.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.byte(tmp.getUint8(i));
    return this;
  }

  /** A length-prefixed UTF-8 name. */
  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    this.u32(enc.length);
    return this.bytes(enc);
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
