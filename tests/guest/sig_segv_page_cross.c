// rvjit-test: qemu
// si_addr of loads and stores that straddle a page boundary: Linux reports the first byte the
// access could not reach — the access's own address when its first page refuses it, the start of
// the next page when only the next page does. Each access repeats 100 times so that in the default
// tiers it also runs as translated code (generated code records only the access's address; the
// runtime works out the byte). Accesses within one page next to a refusing page must not fault.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static char *fault;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  fault = si->si_addr;
  siglongjmp(jb, 1);
}

static char *page;
static volatile uint64_t sink;

static void access(const char *what, int store, int size, long off) {
  char *a = page + off;
  long seen = -2;
  for (int round = 0; round < 100; round++) {
    fault = 0;
    if (sigsetjmp(jb, 1) == 0) {
      if (store) {
        if (size == 2) *(volatile uint16_t *)a = 1;
        else if (size == 4) *(volatile uint32_t *)a = 1;
        else *(volatile uint64_t *)a = 1;
      } else {
        if (size == 2) sink += *(volatile uint16_t *)a;
        else if (size == 4) sink += *(volatile uint32_t *)a;
        else sink += *(volatile uint64_t *)a;
      }
    }
    long at = fault ? (long)(fault - page) : -1;
    if (round > 0 && at != seen) printf("  round %d differs: %ld\n", round, at);
    seen = at;
  }
  printf("%-5s %d bytes at page+%-5ld %-28s fault at page+%ld\n", store ? "store" : "load", size, off, what, seen);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, 0);
  // Pages: 0 read-write, 1 none, 2 read-only, 3 read-write.
  page = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(page + 4096, 4096, PROT_NONE);
  mprotect(page + 8192, 4096, PROT_READ);
  for (int size = 2; size <= 8; size *= 2) {
    access("(rw | none)", 0, size, 4096 - size / 2);
    access("(rw | none)", 1, size, 4096 - size / 2);
    access("(none | ro)", 0, size, 8192 - size / 2);
    access("(ro | rw), store", 1, size, 12288 - size / 2);
    access("(ro | rw), load", 0, size, 12288 - size / 2);
    access("(rw | none), last byte", 0, size, 4096 - 1);
    // Within a page next to one that refuses: no fault (generated code looks at each page on its
    // own when the last byte's page does not share the permission with the page before it).
    access("(rw | none), fits", 0, size, 4096 - size);
    access("(rw | none), fits", 1, size, 4096 - size);
    access("(none | ro), fits", 0, size, 8192);
    access("(ro | rw), fits", 0, size, 12288 - size);
    access("(ro | rw), fits", 1, size, 12288);
  }
  return 0;
}
