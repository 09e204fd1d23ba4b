// Guest path -> host path. Relative paths resolve against the guest's working directory (kept
// here: worker threads cannot chdir), dirfd-relative ones through /proc/self/fd of the host
// descriptor, and absolute paths the host lacks fall back to the sysroot, as with qemu's -L.

import type { Host } from '../host/host.js';

/** Where the working directory is kept (shared by the threads of a process: CLONE_FS). */
export interface CwdStore {
  cwd: string;
}

export const AT_FDCWD = -100;

export class PathResolver {
  constructor(
    private readonly host: Host,
    private readonly store: CwdStore,
    readonly sysroot: string | null,
  ) {}

  /** The guest's working directory as a host path. */
  get cwd(): string {
    return this.store.cwd;
  }

  set cwd(p: string) {
    this.store.cwd = p;
  }

  /** Host path for an absolute or cwd-relative guest path. */
  resolve(guestPath: string): string {
    if (guestPath.startsWith('/')) return this.absolute(guestPath);
    return this.join(this.cwd, guestPath);
  }

  /** Host path for a path relative to a directory given as a host path. */
  join(dir: string, rel: string): string {
    if (rel === '') return dir;
    return dir.endsWith('/') ? dir + rel : `${dir}/${rel}`;
  }

  /** Prefers the host's file; uses the sysroot's when the host has none. */
  absolute(p: string): string {
    if (!this.sysroot || this.host.fs.exists(p)) return p;
    const alt = this.sysroot + p;
    return this.host.fs.exists(alt) ? alt : p;
  }

  /** The ELF interpreter always comes from the sysroot when one is given. */
  interpreter(p: string): string {
    if (this.sysroot) {
      const alt = this.sysroot + (p.startsWith('/') ? p : '/' + p);
      if (this.host.fs.exists(alt)) return alt;
    }
    return this.resolve(p);
  }

  /** Shows a host path the way the guest should see it (without the sysroot prefix). */
  guestView(hostPath: string): string {
    if (this.sysroot && hostPath.startsWith(this.sysroot + '/')) return hostPath.slice(this.sysroot.length);
    return hostPath;
  }
}
