// Where the fields of an ELF64 header and program header live, so that mutations can name a field
// ("phdr[3].p_vaddr") instead of a byte offset, and the constants the mutations aim at.

/** A field: byte offset within its structure and width in bytes (little-endian). */
export interface Field {
  name: string;
  at: number;
  size: 1 | 2 | 4 | 8;
}

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;

export const EHDR_FIELDS: readonly Field[] = [
  { name: 'EI_CLASS', at: 4, size: 1 },
  { name: 'EI_DATA', at: 5, size: 1 },
  { name: 'EI_VERSION', at: 6, size: 1 },
  { name: 'EI_OSABI', at: 7, size: 1 },
  { name: 'EI_ABIVERSION', at: 8, size: 1 },
  { name: 'e_type', at: 16, size: 2 },
  { name: 'e_machine', at: 18, size: 2 },
  { name: 'e_version', at: 20, size: 4 },
  { name: 'e_entry', at: 24, size: 8 },
  { name: 'e_phoff', at: 32, size: 8 },
  { name: 'e_shoff', at: 40, size: 8 },
  { name: 'e_flags', at: 48, size: 4 },
  { name: 'e_ehsize', at: 52, size: 2 },
  { name: 'e_phentsize', at: 54, size: 2 },
  { name: 'e_phnum', at: 56, size: 2 },
  { name: 'e_shentsize', at: 58, size: 2 },
  { name: 'e_shnum', at: 60, size: 2 },
  { name: 'e_shstrndx', at: 62, size: 2 },
];

export const PHDR_FIELDS: readonly Field[] = [
  { name: 'p_type', at: 0, size: 4 },
  { name: 'p_flags', at: 4, size: 4 },
  { name: 'p_offset', at: 8, size: 8 },
  { name: 'p_vaddr', at: 16, size: 8 },
  { name: 'p_paddr', at: 24, size: 8 },
  { name: 'p_filesz', at: 32, size: 8 },
  { name: 'p_memsz', at: 40, size: 8 },
  { name: 'p_align', at: 48, size: 8 },
];

export function ehdrField(name: string): Field {
  return EHDR_FIELDS.find((f) => f.name === name)!;
}

export function phdrField(name: string): Field {
  return PHDR_FIELDS.find((f) => f.name === name)!;
}

export const PT = {
  NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, SHLIB: 5, PHDR: 6, TLS: 7,
  GNU_EH_FRAME: 0x6474e550, GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553,
  RISCV_ATTRIBUTES: 0x70000003,
} as const;

export const PT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PT).map(([k, v]) => [v, `PT_${k}`]));

/** e_flags: RVC, the float-ABI field (bits 1-2: soft, single, double, quad), RVE, TSO. */
export const EF_RISCV = { RVC: 0x1, FLOAT_ABI_MASK: 0x6, RVE: 0x8, TSO: 0x10 } as const;
