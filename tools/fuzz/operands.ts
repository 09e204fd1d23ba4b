// Which register file each operand of an instruction names. Only F/D instructions mix the two;
// knowing it lets the generator pick registers and the reports print values the right way.

export type RegFile = 'x' | 'f';

export interface OperandFiles {
  rd: RegFile;
  rs1: RegFile;
  rs2: RegFile;
  rs3: RegFile;
}

export function operandFiles(name: string): OperandFiles {
  const n = name;
  if (/^f(lw|ld)$/.test(n)) return { rd: 'f', rs1: 'x', rs2: 'x', rs3: 'x' };
  if (/^f(sw|sd)$/.test(n)) return { rd: 'x', rs1: 'x', rs2: 'f', rs3: 'x' };
  if (!/^f/.test(n) || n === 'fence' || n === 'fence.i') return { rd: 'x', rs1: 'x', rs2: 'x', rs3: 'x' };
  const rd: RegFile = /^fcvt\.(w|wu|l|lu)\.[sd]$|^(feq|flt|fle|fclass)\.|^fmv\.x\./.test(n) ? 'x' : 'f';
  const rs1: RegFile = /^fcvt\.[sd]\.(w|wu|l|lu)$|^fmv\.[wd]\.x$/.test(n) ? 'x' : 'f';
  return { rd, rs1, rs2: 'f', rs3: 'f' };
}
