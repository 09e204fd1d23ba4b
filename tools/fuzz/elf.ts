// Writes a minimal static ELF64 RISC-V executable: the ELF header and program headers, one
// R+X PT_LOAD (headers and code) and one R+W PT_LOAD (data). No sections or symbols are needed
// to run, and leaving them out keeps the file something both emulators load identically.

export const TEXT_BASE = 0x10000;
/** Code starts one page into the file, so the text segment can also cover the headers. */
export const CODE_OFFSET = 0x1000;
export const CODE_ADDR = TEXT_BASE + CODE_OFFSET;
const PAGE = 0x1000;
const EHDR = 64;
const PHDR = 56;

const PT_LOAD = 1, PT_GNU_STACK = 0x6474e551;
const PF_X = 1, PF_W = 2, PF_R = 4;
const EM_RISCV = 243;
/** e_flags: RVC code, double-precision float ABI. */
const EF_RISCV_RVC_DOUBLE = 0x1 | 0x4;

export const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;

/** Where the data segment lands for a given code size (the generator needs it before encoding). */
export function dataAddr(codeSize: number): number {
  return TEXT_BASE + alignUp(CODE_OFFSET + codeSize, PAGE);
}

export function writeElf(code: Uint8Array, data: Uint8Array): Uint8Array {
  const dataOff = alignUp(CODE_OFFSET + code.length, PAGE);
  const file = new Uint8Array(dataOff + data.length);
  const dv = new DataView(file.buffer);
  file.set([0x7f, 0x45, 0x4c, 0x46, 2 /* 64-bit */, 1 /* little-endian */, 1 /* version */, 0 /* SYSV */]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, EM_RISCV, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(CODE_ADDR), true);
  dv.setBigUint64(32, BigInt(EHDR), true);
  dv.setUint32(48, EF_RISCV_RVC_DOUBLE, true);
  dv.setUint16(52, EHDR, true);
  dv.setUint16(54, PHDR, true);
  dv.setUint16(56, 3, true);
  dv.setUint16(58, 64, true); // e_shentsize: 0 sections, but the size is conventional

  const phdr = (i: number, type: number, flags: number, off: number, vaddr: number, size: number, align: number) => {
    const o = EHDR + i * PHDR;
    dv.setUint32(o, type, true);
    dv.setUint32(o + 4, flags, true);
    dv.setBigUint64(o + 8, BigInt(off), true);
    dv.setBigUint64(o + 16, BigInt(vaddr), true);
    dv.setBigUint64(o + 24, BigInt(vaddr), true);
    dv.setBigUint64(o + 32, BigInt(size), true);
    dv.setBigUint64(o + 40, BigInt(size), true);
    dv.setBigUint64(o + 48, BigInt(align), true);
  };
  phdr(0, PT_LOAD, PF_R | PF_X, 0, TEXT_BASE, CODE_OFFSET + code.length, PAGE);
  phdr(1, PT_LOAD, PF_R | PF_W, dataOff, TEXT_BASE + dataOff, data.length, PAGE);
  phdr(2, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 16);
  file.set(code, CODE_OFFSET);
  file.set(data, dataOff);
  return file;
}
