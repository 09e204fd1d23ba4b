// rvjit-test: qemu
// Recovering from segmentation faults with a SIGSEGV handler (SA_SIGINFO) and siglongjmp:
// si_signo, si_code and si_addr for a load from an unmapped page (SEGV_MAPERR), a store to a
// read-only page and a load from a PROT_NONE page (SEGV_ACCERR), a store to a page that was
// just unmapped, the null page, memcpy running into a PROT_NONE page, and a jump into a
// non-executable page (the faulting address is the target pc). Then 1000 faults in a row:
// sigsetjmp(env, 1) must restore the signal mask each time (else SIGSEGV stays blocked after
// the first longjmp and the next fault kills the process). Finally a handler installed with
// SA_NODEFER and longjmp without mask saving (sigsetjmp(env, 0)) must work repeatedly too.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int got_signo, got_code;
static void *volatile got_addr;
static volatile int faults;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got_signo = si->si_signo;
  got_code = si->si_code;
  got_addr = si->si_addr;
  faults++;
  (void)sig;
  siglongjmp(env, 1);
}

static const char *code_name(int c) {
  return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

/* Runs fn(p); reports whether it faulted and with what. `want` is the expected si_addr. */
static void expect_fault(const char *what, void (*fn)(volatile char *), volatile char *p, void *want) {
  got_signo = 0;
  got_addr = NULL;
  if (sigsetjmp(env, 1) == 0) {
    fn(p);
    printf("%-34s: no fault\n", what);
    return;
  }
  printf("%-34s: signo %d, %s, si_addr %s\n", what, got_signo, code_name(got_code),
         got_addr == want ? "exact" : "WRONG");
}

static void load(volatile char *p) { (void)*(volatile long *)p; }
static void store(volatile char *p) { *(volatile int *)p = 1; }
static void load_byte(volatile char *p) { (void)*p; }
static char copy_buf[8192];
static void copy(volatile char *p) {
  memcpy(copy_buf, (const char *)p, sizeof copy_buf);
  __asm__ volatile("" ::"r"(copy_buf) : "memory"); /* keep the copy */
}
static void call(volatile char *p) { ((void (*)(void))p)(); }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);

  char *pages = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *unmapped = pages, *readonly = pages + 4096, *none = pages + 2 * 4096, *data = pages + 3 * 4096;
  munmap(unmapped, 4096);
  mprotect(readonly, 4096, PROT_READ);
  mprotect(none, 4096, PROT_NONE);
  memset(data, 0x13, 4096); /* would be a run of "addi" if it were executable */

  expect_fault("load from an unmapped page", load, unmapped + 0x128, unmapped + 0x128);
  expect_fault("store to a read-only page", store, readonly + 0x40, readonly + 0x40);
  expect_fault("load from a PROT_NONE page", load_byte, none + 0xfff, none + 0xfff);
  expect_fault("load from address 0", load, NULL, NULL);
  expect_fault("load from address 8", load, (char *)8, (void *)8);
  expect_fault("call into a non-executable page", call, data + 0x100, data + 0x100);
  /* memcpy from the read-only page runs into the PROT_NONE one; its exact faulting address
     depends on its access pattern, so check the page only. */
  got_addr = NULL;
  if (sigsetjmp(env, 1) == 0) copy(readonly + 0x800);
  printf("memcpy running into a PROT_NONE page: %s, si_addr in that page: %s\n", code_name(got_code),
         (char *)got_addr >= none && (char *)got_addr < none + 4096 ? "yes" : "NO");

  munmap(readonly, 4096);
  expect_fault("store to a page just unmapped", store, readonly + 8, readonly + 8);

  faults = 0;
  /* volatile: the loop counter is modified between sigsetjmp and siglongjmp */
  for (volatile int i = 0; i < 1000; i++) {
    if (sigsetjmp(env, 1) == 0) load(unmapped + (i & 0xff8));
  }
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("1000 faults with sigsetjmp(env, 1): %d handled, SIGSEGV blocked afterwards: %s\n", faults,
         sigismember(&cur, SIGSEGV) ? "yes" : "no");

  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  faults = 0;
  for (volatile int i = 0; i < 500; i++) {
    if (sigsetjmp(env, 0) == 0) store(none + (i & 0xff8));
  }
  printf("500 faults with SA_NODEFER and sigsetjmp(env, 0): %d handled\n", faults);
  return 0;
}
