// rvjit-test: qemu
// rvjit-cflags: -pthread
// sigaltstack with SA_ONSTACK: the handler runs on the alternate stack (a local's address lies
// inside it) and sigaltstack() there reports SS_ONSTACK; a handler without SA_ONSTACK runs on
// the normal stack; changing the alternate stack while on it fails with EPERM; a size below
// MINSIGSTKSZ fails with ENOMEM; SS_DISABLE turns it off. Stack overflow: unbounded recursion
// faults at the stack limit, the SIGSEGV handler runs on the alternate stack (the normal one is
// exhausted) and siglongjmps out, twice in a row. A new thread starts without an alternate
// stack (Linux clears it for CLONE_VM children).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *alt;
static const size_t ALT_SIZE = 64 * 1024;
static volatile uintptr_t local_addr;
static volatile int ss_flags_inside, change_errno;

static void where_am_i(int sig) {
  (void)sig;
  volatile int local = 0;
  local_addr = (uintptr_t)&local;
  stack_t cur, attempt = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
  sigaltstack(NULL, &cur);
  ss_flags_inside = cur.ss_flags;
  change_errno = sigaltstack(&attempt, NULL) == 0 ? 0 : errno;
}

static int on_alt(void) { return local_addr >= (uintptr_t)alt && local_addr < (uintptr_t)alt + ALT_SIZE; }

static void install(int sig, void (*h)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static sigjmp_buf env;
static volatile long depth;
static volatile int overflow_on_alt;
static void on_segv(int sig) {
  (void)sig;
  volatile int local;
  overflow_on_alt = (uintptr_t)&local >= (uintptr_t)alt && (uintptr_t)&local < (uintptr_t)alt + ALT_SIZE;
  siglongjmp(env, 1);
}

static volatile long sink, stop = -1; /* never reached; keeps the compiler from seeing endless recursion */
static long recurse(long n) {
  volatile char frame[512];
  frame[n & 511] = (char)n;
  depth = n;
  sink += frame[(n * 7) & 511];
  return n == stop ? 0 : recurse(n + 1) + frame[0]; /* not a tail call */
}

static void *thread_altstack(void *arg) {
  (void)arg;
  stack_t cur;
  sigaltstack(NULL, &cur);
  return (void *)(long)cur.ss_flags;
}

int main(void) {
  alt = malloc(ALT_SIZE);
  stack_t ss = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0}, old;
  if (sigaltstack(&ss, &old)) { perror("sigaltstack"); return 1; }
  printf("previous alternate stack: %s\n", old.ss_flags == SS_DISABLE ? "SS_DISABLE" : "set");

  install(SIGUSR1, where_am_i, SA_ONSTACK);
  raise(SIGUSR1);
  printf("SA_ONSTACK handler on the alternate stack: %s, ss_flags inside: %s, changing it there: %s\n", on_alt() ? "yes" : "NO",
         ss_flags_inside == SS_ONSTACK ? "SS_ONSTACK" : "other", change_errno == EPERM ? "EPERM" : "not EPERM");
  install(SIGUSR2, where_am_i, 0);
  raise(SIGUSR2);
  printf("handler without SA_ONSTACK on the alternate stack: %s, ss_flags inside: %d\n", on_alt() ? "YES" : "no", ss_flags_inside);

  stack_t tiny = {.ss_sp = alt, .ss_size = 512, .ss_flags = 0};
  errno = 0;
  int r = sigaltstack(&tiny, NULL);
  printf("a 512-byte alternate stack: %d %s\n", r, errno == ENOMEM ? "ENOMEM" : "other");

  pthread_t t;
  void *flags;
  pthread_create(&t, NULL, thread_altstack, NULL);
  pthread_join(t, &flags);
  printf("new thread's alternate stack: %s\n", (long)flags == SS_DISABLE ? "SS_DISABLE" : "inherited");

  install(SIGSEGV, on_segv, SA_ONSTACK);
  for (int round = 1; round <= 2; round++) {
    overflow_on_alt = 0;
    depth = 0;
    if (sigsetjmp(env, 1) == 0) recurse(0);
    printf("stack overflow %d caught on the alternate stack: %s, deep recursion: %s\n", round, overflow_on_alt ? "yes" : "NO",
           depth > 1000 ? "yes" : "no");
  }

  stack_t off = {.ss_flags = SS_DISABLE};
  sigaltstack(&off, NULL);
  raise(SIGUSR1);
  printf("after SS_DISABLE, SA_ONSTACK handler on the old alternate stack: %s\n", on_alt() ? "YES" : "no");
  return 0;
}
