// A mutable copy of a seed ELF file. Reads and writes go through field descriptions and are
// bounds-checked against the current length, because earlier mutations (truncation, a moved
// header table) may have left the structure anywhere or nowhere.

import { EHDR_SIZE, PHDR_SIZE, ehdrField, type Field } from './layout.js';

export class ElfImage {
  bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = Uint8Array.from(bytes);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Reads an unsigned little-endian field at `base + field.at`; 0 when it lies past the end. */
  read(base: number, field: Field): bigint {
    let v = 0n;
    for (let i = field.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.bytes[base + field.at + i] ?? 0);
    return v;
  }

  /** Writes a field (truncating the value to its width); bytes past the end of the file are dropped. */
  write(base: number, field: Field, value: bigint): void {
    let v = BigInt.asUintN(field.size * 8, value);
    for (let i = 0; i < field.size; i++) {
      const at = base + field.at + i;
      if (at < this.bytes.length) this.bytes[at] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  header(name: string): bigint {
    return this.read(0, ehdrField(name));
  }

  setHeader(name: string, value: bigint): void {
    this.write(0, ehdrField(name), value);
  }

  /**
   * File offsets of the program headers the ELF header currently describes, as far as they lie
   * inside the file (a mutated e_phoff or e_phnum may point anywhere).
   */
  phdrOffsets(): number[] {
    const phoff = this.header('e_phoff');
    const phnum = Number(this.header('e_phnum'));
    const out: number[] = [];
    for (let i = 0; i < phnum; i++) {
      const at = phoff + BigInt(i * PHDR_SIZE);
      if (at + BigInt(PHDR_SIZE) > BigInt(this.bytes.length)) break;
      out.push(Number(at));
    }
    return out;
  }

  /** Appends `data` at an 8-aligned offset and returns that offset. */
  append(data: Uint8Array): number {
    const at = Math.ceil(this.bytes.length / 8) * 8;
    const grown = new Uint8Array(at + data.length);
    grown.set(this.bytes);
    grown.set(data, at);
    this.bytes = grown;
    return at;
  }

  truncate(length: number): void {
    this.bytes = this.bytes.slice(0, Math.max(0, Math.min(length, this.bytes.length)));
  }

  /** The byte ranges a mutation may flip: the ELF header and the program header table. */
  headerRanges(): [number, number][] {
    const ranges: [number, number][] = [[0, Math.min(EHDR_SIZE, this.bytes.length)]];
    const ph = this.phdrOffsets();
    if (ph.length) ranges.push([ph[0]!, ph[ph.length - 1]! + PHDR_SIZE]);
    return ranges;
  }
}
