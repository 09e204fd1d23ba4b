// Formatting one system call for --strace: name(decoded arguments).

import type { ArgKind } from './syscalls/registry.js';
import type { LinuxProcess } from './process.js';

/** Argument registers captured before the call (the result overwrites a0). */
export class SavedArgs {
  constructor(private readonly v: bigint[]) {}
  int(i: number): number {
    return Number(BigInt.asIntN(32, this.v[i]!));
  }
  uint(i: number): number {
    return Number(BigInt.asUintN(32, this.v[i]!));
  }
  long(i: number): number {
    return Number(BigInt.asIntN(64, this.v[i]!));
  }
  ulong(i: number): number {
    return Number(BigInt.asUintN(64, this.v[i]!));
  }
  raw(i: number): bigint {
    return this.v[i]!;
  }
}

import { AT_FDCWD } from './paths.js';
import { signalName } from './signals.js';

const MAX_STRING = 32;

function quote(bytes: Uint8Array, limit = MAX_STRING): string {
  let out = '"';
  const n = Math.min(bytes.length, limit);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8)}`;
  }
  out += '"';
  if (bytes.length > limit) out += '...';
  return out;
}

const OPEN_FLAGS: [number, string][] = [
  [0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'], [0o10000, 'O_DSYNC'], [0o40000, 'O_DIRECT'], [0o100000, 'O_LARGEFILE'],
  [0o200000, 'O_DIRECTORY'], [0o400000, 'O_NOFOLLOW'], [0o1000000, 'O_NOATIME'], [0o2000000, 'O_CLOEXEC'],
  [0o10000000, 'O_PATH'],
];

function flagList(v: number, table: [number, string][], base: string[]): string {
  const parts = [...base];
  let rest = v;
  for (const [bit, name] of table) {
    if (v & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest) parts.push(`0x${rest.toString(16)}`);
  return parts.length ? parts.join('|') : '0';
}

const PROT: [number, string][] = [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC']];
const MAP: [number, string][] = [
  [0x01, 'MAP_SHARED'], [0x02, 'MAP_PRIVATE'], [0x10, 'MAP_FIXED'], [0x20, 'MAP_ANONYMOUS'],
  [0x100, 'MAP_GROWSDOWN'], [0x4000, 'MAP_NORESERVE'], [0x8000, 'MAP_POPULATE'], [0x20000, 'MAP_STACK'],
  [0x100000, 'MAP_FIXED_NOREPLACE'],
];

function formatArg(proc: LinuxProcess, t: SavedArgs, kind: ArgKind, i: number, result: number | bigint | null, next: number): string {
  try {
    switch (kind) {
      case 'i':
        return String(t.int(i));
      case 'l':
        return String(t.long(i));
      case 'u':
        return String(t.ulong(i));
      case 'x':
      case 'p': {
        const v = t.ulong(i);
        return v === 0 && kind === 'p' ? 'NULL' : `0x${v.toString(16)}`;
      }
      case 'fd':
        return String(t.int(i));
      case 'dfd':
        return t.int(i) === AT_FDCWD ? 'AT_FDCWD' : String(t.int(i));
      case 's':
        return quote(proc.mm.readCString(t.ulong(i)), 256);
      case 'buf':
      case 'rbuf': {
        const len = kind === 'rbuf' ? (typeof result === 'number' && result > 0 ? result : 0) : Math.max(0, next);
        return quote(proc.mm.readable(t.ulong(i), Math.min(len, MAX_STRING + 1)).slice(0, len), MAX_STRING);
      }
      case 'o':
        return `0${(t.uint(i)).toString(8)}`;
      case 'of': {
        const v = t.int(i);
        const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'][v & 3]!;
        return flagList(v & ~3, OPEN_FLAGS, [acc]);
      }
      case 'pr':
        return t.int(i) === 0 ? 'PROT_NONE' : flagList(t.int(i), PROT, []);
      case 'mf':
        return flagList(t.int(i), MAP, []);
      case 'sig':
        return signalName(t.int(i));
      case '-':
        return '';
    }
  } catch {
    return `0x${t.ulong(i).toString(16)}`;
  }
}

export function formatSyscall(proc: LinuxProcess, t: SavedArgs, name: string, kinds: ArgKind[], result: number | bigint | null): string {
  const parts: string[] = [];
  kinds.forEach((k, i) => {
    if (k === '-') return;
    const next = i + 1 < 6 ? t.long(i + 1) : 0;
    parts.push(formatArg(proc, t, k, i, result, next));
  });
  return `${name}(${parts.join(', ')})`;
}
