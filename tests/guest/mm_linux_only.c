// rvjit-test: expect
// rvjit-expect-status: 0
// rvjit-expect-stdout: MAP_FIXED_NOREPLACE over a mapping: EEXIST, contents kept: 1\nmprotect(len 0): 0\nmadvise(unknown advice): EINVAL\nmadvise(unmapped, MADV_DONTNEED): ENOMEM\nmadvise(unmapped, MADV_NORMAL): ENOMEM\n
// Memory-management results where qemu-riscv64 7.2 departs from Linux, so they are checked here
// against what Linux does instead of against qemu:
//  - MAP_FIXED_NOREPLACE over an existing mapping fails with EEXIST (Linux 4.17+); qemu 7.2
//    treats the flag as a hint and maps elsewhere.
//  - mprotect with length 0 on an aligned address returns 0 (mm/mprotect.c checks !len before
//    looking at mappings); qemu 7.2 fails with ENOMEM.
//  - madvise rejects unknown advice with EINVAL and fails with ENOMEM when the range is not
//    mapped (mm/madvise.c); qemu 7.2 returns 0 for both.
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static const char *res(long r) {
  static char buf[32];
  if (r == -1 || r == (long)MAP_FAILED) return strerrorname_np(errno);
  snprintf(buf, sizeof buf, "%ld", r);
  return buf;
}

int main(void) {
  char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  memset(p, 0x5a, 2 * 4096);
  void *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  printf("MAP_FIXED_NOREPLACE over a mapping: %s, contents kept: %d\n",
         q == MAP_FAILED ? strerrorname_np(errno) : q == p + 4096 ? "REPLACED" : "mapped elsewhere", p[4096 + 7] == 0x5a);
  printf("mprotect(len 0): %s\n", res(mprotect(p, 0, PROT_READ)));
  printf("madvise(unknown advice): %s\n", res(madvise(p, 4096, 12345)));
  munmap(p, 2 * 4096);
  printf("madvise(unmapped, MADV_DONTNEED): %s\n", res(madvise(p, 4096, MADV_DONTNEED)));
  printf("madvise(unmapped, MADV_NORMAL): %s\n", res(madvise(p, 4096, MADV_NORMAL)));
  return 0;
}
