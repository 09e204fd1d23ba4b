// rvjit-test: qemu
// New code at an address that already held translated code, arriving through the memory-map
// calls rather than through stores plus a flush: munmap then mmap at the same address,
// mmap(MAP_FIXED) straight over the old mapping (anonymous and from a file), mprotect to
// non-executable, rewrite, mprotect back, and mremap moving code elsewhere and new code into the
// old place. No fence.i is issued in these paths on purpose: Linux makes the instruction cache
// coherent when it maps a page executable (the code either comes from a file through the page
// cache, or is written while the page is not executable and then mprotect'ed), so a translator
// must drop stale translations on munmap / mmap / mprotect(-X) / mremap by itself. Repeated many
// times with a changing constant; every call must return the newest value.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

typedef uint32_t insn;
typedef long (*fn0)(void);

/* li a0, n; ret (lui + addiw + jalr) */
static void code_for(insn out[4], int32_t n) {
  uint32_t hi = ((uint32_t)n + 0x800u) >> 12 & 0xfffff;
  int32_t lo = (int32_t)((uint32_t)n - (hi << 12));
  out[0] = hi << 12 | 10u << 7 | 0x37;
  out[1] = ((uint32_t)lo & 0xfff) << 20 | 10u << 15 | 10u << 7 | 0x1b;
  out[2] = 0x00008067u;
  out[3] = 0x00000013u;
}

static void die(const char *what) { perror(what); exit(1); }

/* Anonymous RW mapping at `at` (MAP_FIXED when at != NULL), code written, then made RX. */
static uint8_t *anon_code(void *at, int32_t n) {
  uint8_t *p = mmap(at, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);
  if (p == MAP_FAILED) die("mmap anon");
  insn c[4];
  code_for(c, n);
  memcpy(p, c, sizeof c);
  if (mprotect(p, 4096, PROT_READ | PROT_EXEC)) die("mprotect rx");
  return p;
}

/* A file whose first page holds `li a0, n; ret`, mapped read+exec (MAP_FIXED when at != NULL). */
static uint8_t *file_code(const char *path, void *at, int32_t n) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("open");
  static uint8_t page[4096];
  memset(page, 0, sizeof page);
  insn c[4];
  code_for(c, n);
  memcpy(page, c, sizeof c);
  if (write(fd, page, sizeof page) != (ssize_t)sizeof page) die("write");
  uint8_t *p = mmap(at, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | (at ? MAP_FIXED : 0), fd, 0);
  if (p == MAP_FAILED) die("mmap file");
  close(fd);
  return p;
}

int main(void) {
  long wrong = 0, calls = 0;
  int32_t n = 1;
#define CHECK(addr, expect) do { long _g = ((fn0)(addr))(); calls++; if (_g != (long)(expect)) { wrong++; \
    if (wrong < 10) printf("  wrong value at step %ld: %ld, expected %ld\n", calls, _g, (long)(expect)); } } while (0)

  uint8_t *a = anon_code(NULL, n);
  CHECK(a, n);
  for (int i = 0; i < 100; i++) {
    /* munmap, then a fresh mapping at the same address */
    if (munmap(a, 4096)) die("munmap");
    n = n * 31 + 7;
    uint8_t *b = anon_code(a, n);
    if (b != a) { printf("MAP_FIXED moved the mapping\n"); return 1; }
    CHECK(a, n);
    /* MAP_FIXED over the live mapping, anonymous */
    n = n * 31 + 7;
    anon_code(a, n);
    CHECK(a, n);
    /* MAP_FIXED over it from a file */
    n = n * 31 + 7;
    file_code("code.bin", a, n);
    CHECK(a, n);
    /* Back to anonymous RW memory; then make it non-executable, rewrite, executable again */
    n = n * 31 + 7;
    anon_code(a, n);
    CHECK(a, n);
    if (mprotect(a, 4096, PROT_READ | PROT_WRITE)) die("mprotect rw");
    n = n * 31 + 7;
    insn c[4];
    code_for(c, n);
    memcpy(a, c, sizeof c);
    if (mprotect(a, 4096, PROT_READ | PROT_EXEC)) die("mprotect rx");
    CHECK(a, n);
  }
  printf("remapping at one address: %ld calls, %ld wrong\n", calls, wrong);

  /* mremap: move the code page elsewhere (it keeps working there) and map new code at the old address. */
  long before = calls, wrong_before = wrong;
  for (int i = 0; i < 50; i++) {
    uint8_t *dest = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dest == MAP_FAILED) die("mmap dest");
    int32_t old = n;
    CHECK(a, old);
    uint8_t *moved = mremap(a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, dest);
    if (moved != dest) die("mremap");
    CHECK(moved, old);
    n = n * 31 + 7;
    uint8_t *again = mmap(a, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (again != a) die("mmap at the old address");
    insn c[4];
    code_for(c, n);
    memcpy(a, c, sizeof c);
    mprotect(a, 4096, PROT_READ | PROT_EXEC);
    CHECK(a, n);
    CHECK(moved, old);
    munmap(moved, 4096);
  }
  printf("mremap moving code: %ld calls, %ld wrong\n", calls - before, wrong - wrong_before);
  unlink("code.bin");
  return wrong != 0;
}
