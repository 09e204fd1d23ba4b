// rvjit-test: qemu
// The program break through the raw brk system call: brk(0) reports it; growing returns the new
// break and makes the memory usable (and zero); shrinking returns the lower break; a request
// below the initial break or far too large fails by returning the current break unchanged
// (the raw system call never returns an error code); growing again after a shrink gives zeroed
// pages. Then sbrk/malloc on top of it. Only offsets from the initial break are printed.
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static uintptr_t rawbrk(uintptr_t to) { return (uintptr_t)syscall(SYS_brk, to); }

static uintptr_t base;
static void show(const char *what, uintptr_t r) { printf("%-40s -> initial %+ld\n", what, (long)(r - base)); }

static int all_zero(volatile uint8_t *p, long n) { for (long i = 0; i < n; i++) if (p[i]) return 0; return 1; }

int main(void) {
  /* Start from a page boundary so that shrinking and regrowing releases whole pages (the kernel
     keeps, and does not clear, the partial page at the old break). */
  uintptr_t start = rawbrk(0);
  base = rawbrk((start + 4095) & ~(uintptr_t)4095);
  printf("aligned the break: %s\n", base >= start && base - start < 4096 ? "ok" : "FAILED");
  show("brk(0)", rawbrk(0));
  uintptr_t r = rawbrk(base + 64 * 1024);
  show("grow by 64 KiB", r);
  volatile uint8_t *p = (volatile uint8_t *)base;
  printf("new memory zero: %d\n", all_zero(p, 64 * 1024));
  for (long i = 0; i < 64 * 1024; i++) p[i] = (uint8_t)(i * 7 + 1);
  long sum = 0;
  for (long i = 0; i < 64 * 1024; i++) sum += p[i];
  printf("written and read back: sum %ld\n", sum);
  show("grow by 1 MiB more", rawbrk(base + 64 * 1024 + (1 << 20)));
  p[64 * 1024 + (1 << 20) - 1] = 5;
  printf("last byte: %d, earlier data kept: %d\n", p[64 * 1024 + (1 << 20) - 1], p[12345] == (uint8_t)(12345 * 7 + 1));
  show("shrink to +16 KiB", rawbrk(base + 16 * 1024));
  show("brk(0)", rawbrk(0));
  show("below the initial break (refused)", rawbrk(base - 1024 * 1024));
  show("absurdly large (refused)", rawbrk(base + (1ull << 46)));
  show("regrow to +64 KiB", rawbrk(base + 64 * 1024));
  printf("kept part intact: %d, regrown part zero: %d\n", p[100] == (uint8_t)(100 * 7 + 1),
         all_zero(p + 16 * 1024, 48 * 1024));
  show("unaligned break", rawbrk(base + 64 * 1024 + 100));
  p[64 * 1024 + 99] = 1;
  printf("byte below an unaligned break usable: %d\n", p[64 * 1024 + 99]);
  show("back to the start", rawbrk(base));

  /* The C library on top: sbrk and a malloc large enough to use the heap, then freed. */
  void *s0 = sbrk(0);
  void *s1 = sbrk(8192);
  void *s2 = sbrk(0);
  printf("sbrk: returned old break %d, moved by %ld\n", s1 == s0, (long)((char *)s2 - (char *)s0));
  sbrk(-8192);
  char *m = malloc(100000);
  memset(m, 1, 100000);
  printf("malloc from the heap: %d\n", m[99999]);
  free(m);
  return 0;
}
