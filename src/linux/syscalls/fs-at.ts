// Resolving the (dirfd, pathname) pair of the *at() syscalls into what the host should operate
// on. Relative names resolve against the guest cwd (a host path we keep) or, for a directory
// descriptor, through the host's /proc/self/fd/<hostfd>/ (the kernel follows that link to the
// very directory, even if it was renamed). Names under /proc/self and friends go through
// procfs.ts because the host's /proc/self is the Node process.

import { Errno, ENOENT, ENOTDIR } from '../errno.js';
import { FileKind, type OpenFile } from '../fdtable.js';
import { AT_FDCWD } from '../paths.js';
import * as procfs from '../procfs.js';
import type { ProcNode } from '../procfs.js';
import type { Thread } from '../thread.js';

export { AT_FDCWD };
export const AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200, AT_SYMLINK_FOLLOW = 0x400,
  AT_NO_AUTOMOUNT = 0x800, AT_EMPTY_PATH = 0x1000, AT_STATX_SYNC_TYPE = 0x6000;

/** A name resolved to host terms. */
export interface PathTarget {
  kind: 'path';
  /** Host path to use when the final component's symlink is followed. */
  host: string;
  /** Host path to use on the name itself (no following). */
  hostNoFollow: string;
  /** The guest-visible path (absolute when we can tell). */
  guest: string;
  /** Set when the name is emulated by procfs. */
  node: ProcNode | null;
}

/** An empty pathname with AT_EMPTY_PATH: the descriptor itself. */
export interface FdTarget {
  kind: 'fd';
  fd: number;
  file: OpenFile;
}

export type Target = PathTarget | FdTarget;

/** Copies a pathname from the guest (EFAULT, or ENAMETOOLONG past PATH_MAX). */
export function readPath(t: Thread, addr: number): string {
  return t.proc.readString(addr);
}

/** The guest's working directory as the guest sees it. */
export function guestCwd(t: Thread): string {
  return t.proc.paths.guestView(t.proc.paths.cwd);
}

function join(dir: string, rel: string): string {
  return dir.endsWith('/') ? dir + rel : `${dir}/${rel}`;
}

/** A target whose guest path is known (null: a directory outside procfs's concern). */
function pathTarget(t: Thread, host: string, guest: string | null): PathTarget {
  const node = guest !== null && procfs.mayBeSpecial(guest) ? procfs.lookup(t, guest) : null;
  if (node) return { kind: 'path', host: node.host, hostNoFollow: node.hostNoFollow, guest: node.guest, node };
  return { kind: 'path', host, hostNoFollow: host, guest: guest ?? host, node: null };
}

/** The working directory as a target (empty path with AT_FDCWD and AT_EMPTY_PATH). */
function cwdTarget(t: Thread): PathTarget {
  return pathTarget(t, t.proc.paths.cwd, guestCwd(t));
}

/**
 * The directory a relative name starts from: [host path, guest path]. The guest path of a
 * directory descriptor is only known (and only matters) for directories under /proc.
 */
function baseDir(t: Thread, dirfd: number): [string, string | null] {
  if (dirfd === AT_FDCWD) return [t.proc.paths.cwd, guestCwd(t)];
  const f = t.proc.fds.get(dirfd);
  if (f.kind !== FileKind.Directory) throw new Errno(ENOTDIR);
  return [`/proc/self/fd/${f.hostFd}`, procfs.guestDirOf(t.proc, f)];
}

/**
 * Resolves (dirfd, path). An empty path is ENOENT unless `emptyPath` (AT_EMPTY_PATH) allows it;
 * then it names dirfd itself. Absolute paths ignore dirfd, as in Linux.
 */
export function resolveAt(t: Thread, dirfd: number, path: string, emptyPath = false): Target {
  if (path === '') {
    if (!emptyPath) throw new Errno(ENOENT);
    if (dirfd === AT_FDCWD) return cwdTarget(t);
    return { kind: 'fd', fd: dirfd, file: t.proc.fds.get(dirfd) };
  }
  if (path.startsWith('/')) return pathTarget(t, t.proc.paths.absolute(path), path);
  const [hostDir, guestDir] = baseDir(t, dirfd);
  return pathTarget(t, join(hostDir, path), guestDir === null ? null : join(guestDir, path));
}

/** Reads and resolves a pathname that may not be empty (no AT_EMPTY_PATH). */
export function resolvePath(t: Thread, dirfd: number, pathAddr: number): PathTarget {
  return resolveAt(t, dirfd, readPath(t, pathAddr)) as PathTarget;
}

/** Host path for a path operation, following (or not) the final symlink; ENOENT for names missing for the guest. */
export function hostPathFor(target: PathTarget, follow: boolean): string {
  if (target.node?.missing) throw new Errno(ENOENT);
  return follow ? target.host : target.hostNoFollow;
}

/** Host path naming the file behind a descriptor (for operations that only take paths on Node). */
export function hostPathOfFd(file: OpenFile): string {
  return `/proc/self/fd/${file.hostFd}`;
}
