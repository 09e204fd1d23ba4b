// rvjit-test: qemu
// A small function on a page of its own, called (jal) from a loop on another page often enough
// that rvjit inlines it into the loop's translation (jit/plan.ts inlineCallees; test/tiers.test.ts
// checks with --stats that it does). Then the callee changes under the inlined copy, and every
// call must run what the page holds now:
// - rewritten in place (mprotect RWX, copy another function's code over it, fence.i);
// - made PROT_NONE: the call faults at the callee's first byte (SIGSEGV, si_addr), which only the
//   inlined copy's check of the page's generation can notice, since nothing executes a fence.i;
// - made executable again: the loop calls it as before;
// - replaced by a new mapping (mmap MAP_FIXED) holding a third function's code;
// - rewritten once more, synchronised by a bare fence.i instruction rather than the system call.
// With an argument N it only runs the loop N times (2,000 calls each), for the tiers test.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096

__attribute__((noipa, aligned(PAGE))) long callee(long x) { return x + 1; }
__attribute__((noipa, aligned(PAGE))) long callee_two(long x) { return x + 2; }
__attribute__((noipa, aligned(PAGE))) long callee_three(long x) { return x * 3; }

__attribute__((noipa, aligned(PAGE))) long loop(long n) {
  long s = 0;
  for (long i = 0; i < n; i++) s = s * 31 + callee(i);
  return s;
}

static sigjmp_buf back;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  siglongjmp(back, 1);
}

/** Runs the loop often enough to be hot and inlined, and prints a checksum of its results. */
static void run(const char *what) {
  long sum = 0;
  for (int k = 0; k < 400; k++) sum ^= loop(2000 + k);
  printf("%s: %ld\n", what, sum);
}

static void copy_code(void *to, void *from) {
  memcpy(to, from, 64);
  __builtin___clear_cache((char *)to, (char *)to + 64);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    long sum = 0;
    for (int k = atoi(argv[1]); k > 0; k--) sum ^= loop(2000);
    printf("%ld\n", sum);
    return 0;
  }
  void *page = (void *)callee;
  run("original");

  if (mprotect(page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) return 1;
  copy_code(page, (void *)callee_two);
  run("rewritten");

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  if (mprotect(page, PAGE, PROT_NONE) != 0) return 2;
  if (sigsetjmp(back, 1) == 0) {
    run("no access");
  } else {
    printf("SIGSEGV at the callee: %s\n", fault_addr == (uintptr_t)page ? "yes" : "no");
  }

  if (mprotect(page, PAGE, PROT_READ | PROT_EXEC) != 0) return 3;
  run("executable again");

  void *fresh = mmap(page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (fresh != page) return 4;
  copy_code(page, (void *)callee_three);
  run("remapped");

  memcpy(page, (void *)callee_two, 64);
  __asm__ volatile("fence.i" ::: "memory");
  run("rewritten, fence.i");
  return 0;
}
