// rvjit-test: expect
// rvjit-expect-status: 0
// rvjit-expect-stdout: blocked SIGUSR1: delivered 0, pending 1\nafter unblocking: delivered 1, pending 0\nSIGUSR1 raised 3 times while blocked: USR1\nRTMIN+3 queued 3 times while blocked: RTMIN+3(11) RTMIN+3(22) RTMIN+3(33)\nunblocked together, sa_mask full: HUP(3) INT(6) USR1(5) USR2(1) TERM(0) WINCH(8) RTMIN+0(4) RTMIN+1(2) RTMIN+1(7)\nunblocked together, sa_mask empty: TERM USR2 USR1 INT HUP\nmask in handler: SIGUSR1 1, SIGUSR2 1, SIGHUP 1, SIGINT 0; after: SIGUSR1 0, SIGUSR2 0, SIGHUP 1\nSIGUSR2 pending 1, after SIG_IGN 0, delivered after unblocking 0\nblocked SIGCHLD with the default action: pending 1\nunblocked: pending 0, still running\nafter blocking everything: SIGKILL 0, SIGSTOP 0, SIGTERM 1\n
// Expect mode, with the output of Linux (this source built for x86-64 and run natively gives the
// same): qemu-riscv64 7.2 does not add sa_mask to the mask while a handler runs, so it nests
// the "sa_mask full" handlers (highest first) and reports SIGUSR2 unblocked in the handler.
// Blocked and pending signals in one thread:
//  - a blocked signal stays pending (sigpending) and is delivered when unblocked, before
//    sigprocmask returns;
//  - standard signals merge (three raises, one delivery); real-time signals queue, each with
//    its sigqueue value, in FIFO order;
//  - order of delivery when many are unblocked at once: with handlers that block everything
//    (sa_mask full) they run one after the other, lowest number first (Linux dequeues the
//    lowest pending signal); with handlers that block nothing, Linux sets up all the frames
//    before returning to user mode, so the handlers nest and the highest number runs first;
//  - the mask inside a handler is the old mask + sa_mask + the signal, and comes back after;
//  - setting SIG_IGN discards a pending signal; a blocked SIGCHLD (ignored by default) is still
//    pending; SIGKILL and SIGSTOP cannot be blocked.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int order[32], norder;
static int values[32];
static sigset_t mask_in_handler;

static void record(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (norder < 32) {
    values[norder] = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1;
    order[norder++] = sig;
  }
  sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
}

static void handle(int sig, int block_all) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = record;
  sa.sa_flags = SA_SIGINFO;
  if (block_all) sigfillset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static void block(int how, int n, const int *sigs) {
  sigset_t s;
  sigemptyset(&s);
  for (int i = 0; i < n; i++) sigaddset(&s, sigs[i]);
  sigprocmask(how, &s, NULL);
}

static const char *name(int sig) {
  static char buf[16];
  if (sig >= SIGRTMIN) { snprintf(buf, sizeof buf, "RTMIN+%d", sig - SIGRTMIN); return buf; }
  return sigabbrev_np(sig);
}

static void print_order(const char *what) {
  printf("%s:", what);
  for (int i = 0; i < norder; i++) {
    printf(" %s", name(order[i]));
    if (values[i] >= 0) printf("(%d)", values[i]);
  }
  printf("\n");
  norder = 0;
}

static int is_pending(int sig) {
  sigset_t p;
  sigpending(&p);
  return sigismember(&p, sig);
}

int main(void) {
  int usr1[] = {SIGUSR1};
  handle(SIGUSR1, 0);
  block(SIG_BLOCK, 1, usr1);
  raise(SIGUSR1);
  printf("blocked SIGUSR1: delivered %d, pending %d\n", norder, is_pending(SIGUSR1));
  block(SIG_UNBLOCK, 1, usr1);
  printf("after unblocking: delivered %d, pending %d\n", norder, is_pending(SIGUSR1));
  norder = 0;

  block(SIG_BLOCK, 1, usr1);
  for (int i = 0; i < 3; i++) raise(SIGUSR1);
  int rt[] = {SIGRTMIN + 3};
  handle(SIGRTMIN + 3, 0);
  block(SIG_BLOCK, 1, rt);
  for (int i = 1; i <= 3; i++) sigqueue(getpid(), SIGRTMIN + 3, (union sigval){.sival_int = i * 11});
  block(SIG_UNBLOCK, 1, usr1);
  print_order("SIGUSR1 raised 3 times while blocked");
  block(SIG_UNBLOCK, 1, rt);
  print_order("RTMIN+3 queued 3 times while blocked");

  /* Many at once, handlers blocking everything: one after the other, lowest first. */
  int sigs[] = {SIGTERM, SIGUSR2, SIGRTMIN + 1, SIGHUP, SIGRTMIN, SIGUSR1, SIGINT, SIGRTMIN + 1, SIGWINCH};
  int n = sizeof sigs / sizeof sigs[0];
  for (int i = 0; i < n; i++) handle(sigs[i], 1);
  block(SIG_BLOCK, n, sigs);
  for (int i = 0; i < n; i++) sigqueue(getpid(), sigs[i], (union sigval){.sival_int = i});
  block(SIG_UNBLOCK, n, sigs);
  print_order("unblocked together, sa_mask full");

  /* Handlers blocking nothing (standard signals only): nested, highest first. */
  int std[] = {SIGTERM, SIGUSR2, SIGHUP, SIGUSR1, SIGINT};
  n = sizeof std / sizeof std[0];
  for (int i = 0; i < n; i++) handle(std[i], 0);
  block(SIG_BLOCK, n, std);
  for (int i = 0; i < n; i++) raise(std[i]);
  block(SIG_UNBLOCK, n, std);
  print_order("unblocked together, sa_mask empty");

  /* The mask while a handler runs. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = record;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &sa, NULL);
  int hup[] = {SIGHUP};
  block(SIG_BLOCK, 1, hup);
  raise(SIGUSR1);
  sigset_t after;
  sigprocmask(SIG_BLOCK, NULL, &after);
  printf("mask in handler: SIGUSR1 %d, SIGUSR2 %d, SIGHUP %d, SIGINT %d; after: SIGUSR1 %d, SIGUSR2 %d, SIGHUP %d\n",
         sigismember(&mask_in_handler, SIGUSR1), sigismember(&mask_in_handler, SIGUSR2), sigismember(&mask_in_handler, SIGHUP),
         sigismember(&mask_in_handler, SIGINT), sigismember(&after, SIGUSR1), sigismember(&after, SIGUSR2), sigismember(&after, SIGHUP));
  block(SIG_UNBLOCK, 1, hup);
  norder = 0;

  /* SIG_IGN discards a pending signal. */
  int usr2[] = {SIGUSR2};
  handle(SIGUSR2, 0);
  block(SIG_BLOCK, 1, usr2);
  raise(SIGUSR2);
  int before = is_pending(SIGUSR2);
  signal(SIGUSR2, SIG_IGN);
  int ignored = is_pending(SIGUSR2);
  handle(SIGUSR2, 0);
  block(SIG_UNBLOCK, 1, usr2);
  printf("SIGUSR2 pending %d, after SIG_IGN %d, delivered after unblocking %d\n", before, ignored, norder);

  /* A blocked signal whose default action is to ignore it is still pending. */
  int chld[] = {SIGCHLD};
  block(SIG_BLOCK, 1, chld);
  raise(SIGCHLD);
  printf("blocked SIGCHLD with the default action: pending %d\n", is_pending(SIGCHLD));
  block(SIG_UNBLOCK, 1, chld);
  printf("unblocked: pending %d, still running\n", is_pending(SIGCHLD));

  sigset_t all, got;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  sigprocmask(SIG_SETMASK, NULL, &got);
  printf("after blocking everything: SIGKILL %d, SIGSTOP %d, SIGTERM %d\n", sigismember(&got, SIGKILL),
         sigismember(&got, SIGSTOP), sigismember(&got, SIGTERM));
  return 0;
}
