// rvjit-test: qemu
// Anonymous memory mappings: fresh pages read as zero; writes stick; MAP_FIXED replaces part of a
// mapping (only that part becomes zero); MAP_FIXED_NOREPLACE on an occupied range fails with
// EEXIST and leaves it alone; a hint at a free address is honoured, a hint at an occupied one is
// not (but still succeeds); mprotect splits a mapping (checked through the return values, the
// still-accessible parts and /proc/self/maps); mremap grows in place, shrinks, moves with
// MREMAP_MAYMOVE and to a chosen address with MREMAP_FIXED, keeping the contents; madvise
// MADV_DONTNEED zeroes private anonymous pages; and the error cases (EINVAL, ENOMEM, EBADF).
// Cases where qemu-riscv64 7.2 differs from Linux are in mm_linux_only.c instead.
// Addresses differ between emulators, so only offsets and relations are printed.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

/* Prints a call's result, or -1 and the errno name (the value only when it is not an address). */
#define SHOW(expr) do { errno = 0; long _r = (long)(expr); \
    if (_r < 0) printf("%-44s = -1 (%s)\n", #expr, err()); \
    else printf("%-44s = %ld\n", #expr, _r); \
  } while (0)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PG 4096L
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static const char *err(void) { return strerrorname_np(errno) ? strerrorname_np(errno) : "?"; }

/* Prints how a mapping call went without printing the address itself. */
static void *mapped(const char *what, void *p, void *expected) {
  if (p == MAP_FAILED) printf("%-44s failed: %s\n", what, err());
  else if (expected) printf("%-44s %s\n", what, p == expected ? "at the expected address" : "ELSEWHERE");
  else printf("%-44s ok\n", what);
  errno = 0;
  return p;
}

static void fill(volatile uint8_t *p, long len, uint8_t seed) { for (long i = 0; i < len; i++) p[i] = (uint8_t)(seed + i * 13); }
/* One character per page: '0' all zero, 'P' the pattern for `seed`, '?' anything else. */
static void pages(const char *what, volatile uint8_t *p, long npages, uint8_t seed) {
  printf("%-44s ", what);
  for (long pg = 0; pg < npages; pg++) {
    int zero = 1, pat = 1;
    for (long i = pg * PG; i < (pg + 1) * PG; i++) {
      if (p[i]) zero = 0;
      if (p[i] != (uint8_t)(seed + i * 13)) pat = 0;
    }
    putchar(zero ? '0' : pat ? 'P' : '?');
  }
  putchar('\n');
}

/* The permissions /proc/self/maps shows for each page of [p, p + n pages). */
static void maps_perms(const char *what, void *p, long npages) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) { printf("%s: no /proc/self/maps\n", what); return; }
  char line[512], perms[npages][5];
  for (long i = 0; i < npages; i++) strcpy(perms[i], "----");
  for (long i = 0; i < npages; i++) perms[i][4] = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long s, e;
    char pr[5];
    if (sscanf(line, "%lx-%lx %4s", &s, &e, pr) != 3) continue;
    for (long i = 0; i < npages; i++) {
      unsigned long a = (unsigned long)p + i * PG;
      if (a >= s && a < e) memcpy(perms[i], pr, 4);
    }
  }
  fclose(f);
  printf("%-44s", what);
  for (long i = 0; i < npages; i++) printf(" %s", perms[i]);
  printf("\n");
}

static void basics(void) {
  volatile uint8_t *p = mapped("mmap 4 pages", mmap(NULL, 4 * PG, RW, ANON, -1, 0), NULL);
  pages("fresh pages", p, 4, 0);
  printf("%-44s %d\n", "page aligned", ((uintptr_t)p & (PG - 1)) == 0);
  fill(p, 4 * PG, 7);
  pages("after writing", p, 4, 7);
  /* MAP_FIXED over the second page only. */
  mapped("MAP_FIXED over page 1", mmap((void *)(p + PG), PG, RW, ANON | MAP_FIXED, -1, 0), (void *)(p + PG));
  pages("pages now", p, 4, 7);
  /* (MAP_FIXED_NOREPLACE over an occupied range is in mm_linux_only.c: qemu 7.2 gets it wrong.) */
  /* munmap the last page, then MAP_FIXED_NOREPLACE there succeeds. */
  SHOW(munmap((void *)(p + 3 * PG), PG));
  mapped("MAP_FIXED_NOREPLACE on the freed page", mmap((void *)(p + 3 * PG), PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), (void *)(p + 3 * PG));
  pages("pages now", p, 4, 7);
  /* Hints: a free address is used as given; an occupied one is not, but mmap still succeeds. */
  SHOW(munmap((void *)p, 4 * PG));
  mapped("hint at a free address", mmap((void *)p, 2 * PG, RW, ANON, -1, 0), (void *)p);
  void *q = mmap((void *)p, PG, RW, ANON, -1, 0);
  printf("%-44s %s\n", "hint at an occupied address", q == MAP_FAILED ? "failed" : q == (void *)p ? "REPLACED" : "placed elsewhere");
  /* An unaligned hint (without MAP_FIXED) is rounded, not an error. */
  void *r = mmap((void *)(p + 5 * PG + 123), PG, RW, ANON, -1, 0);
  printf("%-44s %s\n", "unaligned hint", r == MAP_FAILED ? err() : ((uintptr_t)r & (PG - 1)) ? "unaligned result" : "ok, page aligned");
  munmap((void *)p, 2 * PG);
  munmap(q, PG);
  if (r != MAP_FAILED) munmap(r, PG);
  /* A length that is not a page multiple maps whole pages; the tail of the last page is usable. */
  volatile uint8_t *t = mapped("mmap 5000 bytes", mmap(NULL, 5000, RW, ANON, -1, 0), NULL);
  t[2 * PG - 1] = 9;
  printf("%-44s %d\n", "last byte of the second page", t[2 * PG - 1]);
  SHOW(munmap((void *)t, 5000));
}

static void protections(void) {
  volatile uint8_t *p = mapped("mmap 3 pages for mprotect", mmap(NULL, 3 * PG, RW, ANON, -1, 0), NULL);
  fill(p, 3 * PG, 3);
  maps_perms("maps before", (void *)p, 3);
  SHOW(mprotect((void *)(p + PG), PG, PROT_READ));
  maps_perms("maps after mprotect(middle, R)", (void *)p, 3);
  p[0] = 1; p[2 * PG] = 2;   /* the outer pages are still writable */
  printf("%-44s %d %d %d\n", "outer pages written, middle readable", p[0], p[2 * PG], p[PG + 5] == (uint8_t)(3 + (PG + 5) * 13));
  SHOW(mprotect((void *)(p + PG), PG, PROT_NONE));
  maps_perms("maps after mprotect(middle, none)", (void *)p, 3);
  SHOW(mprotect((void *)p, 3 * PG, PROT_READ | PROT_WRITE));
  maps_perms("maps after mprotect(all, RW)", (void *)p, 3);
  p[PG] = 4;
  printf("%-44s %d\n", "middle writable again", p[PG]);
  SHOW(mprotect((void *)p, PG + 1, PROT_READ)); /* length rounded up: two pages */
  maps_perms("maps after mprotect(PG+1 bytes, R)", (void *)p, 3);
  SHOW(munmap((void *)p, 3 * PG));
}

static void remaps(void) {
  /* Reserve 3 pages, keep 2: the third is free, so a grow to 3 pages can stay in place. */
  volatile uint8_t *p = mapped("mmap 3 pages for mremap", mmap(NULL, 3 * PG, RW, ANON, -1, 0), NULL);
  munmap((void *)(p + 2 * PG), PG);
  fill(p, 2 * PG, 5);
  void *g = mremap((void *)p, 2 * PG, 3 * PG, 0);
  printf("%-44s %s\n", "mremap grow in place", g == MAP_FAILED ? err() : g == (void *)p ? "same address" : "MOVED");
  pages("contents (new page zero)", p, 3, 5);
  void *s = mremap((void *)p, 3 * PG, PG, 0);
  printf("%-44s %s\n", "mremap shrink", s == MAP_FAILED ? err() : s == (void *)p ? "same address" : "MOVED");
  /* Block the page after it, so growing requires a move. */
  void *block = mmap((void *)(p + PG), PG, RW, ANON | MAP_FIXED, -1, 0);
  errno = 0;
  void *ng = mremap((void *)p, PG, 4 * PG, 0);
  printf("%-44s %s\n", "grow blocked, no MAYMOVE", ng == MAP_FAILED ? err() : "succeeded?");
  volatile uint8_t *m = mremap((void *)p, PG, 4 * PG, MREMAP_MAYMOVE);
  printf("%-44s %s\n", "grow with MREMAP_MAYMOVE", (void *)m == MAP_FAILED ? err() : (void *)m == (void *)p ? "NOT MOVED" : "moved");
  pages("moved contents", m, 4, 5);
  /* The old first page is gone: mapping there with MAP_FIXED_NOREPLACE now works. */
  mapped("MAP_FIXED_NOREPLACE at the old address", mmap((void *)p, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), (void *)p);
  /* MREMAP_FIXED to an address we choose (a reserved, then freed, range). */
  uint8_t *dest = mmap(NULL, 4 * PG, PROT_NONE, ANON, -1, 0);
  volatile uint8_t *f = mremap((void *)m, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dest);
  printf("%-44s %s\n", "MREMAP_FIXED", (void *)f == MAP_FAILED ? err() : (void *)f == dest ? "at the requested address" : "ELSEWHERE");
  pages("contents after MREMAP_FIXED", f, 4, 5);
  errno = 0;
  SHOW(mremap((void *)f, 4 * PG, 4 * PG, MREMAP_FIXED, dest + PG) == MAP_FAILED ? -1 : 0); /* FIXED needs MAYMOVE */
  SHOW(mremap((void *)(f + 1), PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);     /* unaligned */
  munmap((void *)f, 4 * PG);
  munmap(block, PG);
  munmap((void *)p, PG);
}

static void advice(void) {
  volatile uint8_t *p = mapped("mmap 3 pages for madvise", mmap(NULL, 3 * PG, RW, ANON, -1, 0), NULL);
  fill(p, 3 * PG, 11);
  SHOW(madvise((void *)(p + PG), PG, MADV_DONTNEED));
  pages("after MADV_DONTNEED on the middle", p, 3, 11);
  SHOW(madvise((void *)p, 3 * PG, MADV_WILLNEED));
  SHOW(madvise((void *)p, 3 * PG, MADV_NORMAL));
  pages("other advice keeps contents", p, 3, 11);
  SHOW(madvise((void *)(p + 1), PG, MADV_DONTNEED));
  munmap((void *)p, 3 * PG);
}

static void errors(void) {
  uint8_t *p = mmap(NULL, 2 * PG, RW, ANON, -1, 0);
  errno = 0;
  SHOW(mmap(p + 1, PG, RW, ANON | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);      /* unaligned fixed address */
  SHOW(mmap(NULL, 0, RW, ANON, -1, 0) == MAP_FAILED ? -1 : 0);                   /* zero length */
  SHOW(mmap(NULL, PG, RW, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);        /* neither private nor shared */
  SHOW(mmap(NULL, PG, RW, MAP_PRIVATE, 12345, 0) == MAP_FAILED ? -1 : 0);      /* bad descriptor */
  SHOW(mmap(NULL, PG, RW, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0);         /* -1 without MAP_ANONYMOUS */
  SHOW(mmap(NULL, 1L << 46, RW, ANON, -1, 0) == MAP_FAILED ? -1 : 0);          /* far too large */
  SHOW(munmap(p + 1, PG));                                                      /* unaligned */
  SHOW(munmap(p, 0));                                                           /* zero length */
  SHOW(mprotect(p + 1, PG, PROT_READ));                                         /* unaligned */
  munmap(p, 2 * PG);
  SHOW(mprotect(p, PG, PROT_READ));                                             /* unmapped: ENOMEM */
  SHOW(munmap(p, 2 * PG));                                                      /* unmapped: fine */
  SHOW(msync(p, PG, MS_SYNC));                                                  /* unmapped: ENOMEM */
  SHOW(msync(p + 1, PG, MS_SYNC));                                              /* unaligned: EINVAL */
}

int main(void) {
  basics();
  protections();
  remaps();
  advice();
  errors();
  return 0;
}
