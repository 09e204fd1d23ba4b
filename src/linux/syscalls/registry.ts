// The system-call table: each family module registers handlers by name, with a description of
// the arguments that --strace uses to print them.

import { SYSCALL_NUMBERS } from '../sysnums.js';
import type { Thread } from '../thread.js';

/**
 * Argument kinds for tracing:
 *  i: int (low 32 bits, signed)    l: long (signed)     u: unsigned long    x: hex
 *  p: pointer                      fd: descriptor       dfd: dirfd (AT_FDCWD)
 *  s: C string                     buf: data (length from the next argument, or the result for reads)
 *  o: octal mode                   of: open flags       pr: mmap prot       mf: mmap flags
 *  sig: signal number              -: not printed
 */
export type ArgKind = 'i' | 'l' | 'u' | 'x' | 'p' | 'fd' | 'dfd' | 's' | 'buf' | 'rbuf' | 'o' | 'of' | 'pr' | 'mf' | 'sig' | '-';

export type Result = number | bigint;
export type Handler = (t: Thread) => Result;

/**
 * A handler may ask the runtime not to advance the pc (it set the pc itself: sigreturn, execve)
 * or to stop the thread (exit) by returning this marker.
 */
export const NO_RETURN: unique symbol = Symbol('no return value');
export type SpecialResult = typeof NO_RETURN;

export interface SyscallDef {
  name: string;
  args: ArgKind[];
  handler: (t: Thread) => Result | SpecialResult;
}

export const SYSCALLS: (SyscallDef | undefined)[] = [];

export function sys(name: string, args: string, handler: (t: Thread) => Result | SpecialResult): void {
  const nr = SYSCALL_NUMBERS[name];
  if (nr === undefined) throw new Error(`unknown syscall ${name}`);
  SYSCALLS[nr] = { name, args: args ? (args.split(' ') as ArgKind[]) : [], handler };
}
