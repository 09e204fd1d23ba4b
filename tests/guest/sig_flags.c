// rvjit-test: expect
// rvjit-expect-status: 0
// rvjit-expect-stdout: SA_RESETHAND: ran 1, signal blocked inside 1, disposition now SIG_DFL 1, SA_SIGINFO cleared 0\nSA_RESETHAND: second raise ran the handler 1 times in all\nSA_NODEFER: 3 runs, max depth 3\nwithout SA_NODEFER: 3 runs, max depth 1\nsa_mask: SIGUSR2 ran inside the handler 0 times, after it 1\nkill                  : si_signo 10, si_errno 0, SI_USER, si_pid is ours 1, si_uid is ours 1\ntgkill                : si_signo 10, si_errno 0, SI_TKILL, si_pid is ours 1, si_uid is ours 1\nraise                 : si_signo 10, si_errno 0, SI_TKILL, si_pid is ours 1, si_uid is ours 1\nsigqueue              : si_signo 10, si_errno 0, SI_QUEUE, si_pid is ours 1, si_uid is ours 1, value 4242\npthread_sigqueue (RT) : si_signo 36, si_errno 0, SI_QUEUE, si_pid is ours 1, si_uid is ours 1, value -17\n
// Expect mode, with the output of Linux (this source built for x86-64 and run natively gives it):
// qemu-riscv64 7.2 does not add sa_mask to the mask while a handler runs (SIGUSR2 runs inside
// the SIGHUP handler), and Linux keeps SA_SIGINFO in sa_flags after SA_RESETHAND resets the
// handler (POSIX allows clearing it; Linux only sets the handler to SIG_DFL).
// rvjit-cflags: -pthread
// sigaction flags and siginfo contents.
//  - SA_RESETHAND: the first delivery runs the handler and resets the disposition to SIG_DFL
//    (sigaction reports it); the signal is still blocked inside that handler (Linux does not
//    imply SA_NODEFER). Tested with SIGURG, whose default is to ignore, so the second raise is
//    harmless and must not reach the handler.
//  - SA_NODEFER: a handler raising its own signal nests (depth 3); without it the raise stays
//    pending and runs after the handler returns (depth 1, two runs in sequence).
//  - sa_mask: a signal in sa_mask raised by the handler waits until the handler returns.
//  - SA_SIGINFO: si_signo, si_errno, si_code SI_USER for kill (with si_pid/si_uid), SI_TKILL for
//    tgkill and raise, SI_QUEUE with the value for sigqueue and pthread_sigqueue.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void install(int sig, void (*h)(int, siginfo_t *, void *), int flags, int masked) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO | flags;
  if (masked) sigaddset(&sa.sa_mask, masked);
  sigaction(sig, &sa, NULL);
}

static volatile int runs, depth, max_depth, blocked_inside;
static void once(int sig, siginfo_t *si, void *uc) {
  (void)si;
  (void)uc;
  sigset_t m;
  sigprocmask(SIG_BLOCK, NULL, &m);
  blocked_inside = sigismember(&m, sig);
  runs++;
}

static void nest(int sig, siginfo_t *si, void *uc) {
  (void)si;
  (void)uc;
  runs++;
  if (++depth > max_depth) max_depth = depth;
  if (runs < 3) raise(sig);
  depth--;
}

static volatile int usr2_runs, usr2_seen_inside;
static void raises_usr2(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  (void)uc;
  raise(SIGUSR2);
  usr2_seen_inside = usr2_runs; /* must still be 0: SIGUSR2 is in sa_mask */
}
static void count_usr2(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; usr2_runs++; }

static siginfo_t last;
static void keep_info(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; last = *si; }

static const char *code_name(int c) {
  switch (c) {
  case SI_USER: return "SI_USER";
  case SI_TKILL: return "SI_TKILL";
  case SI_QUEUE: return "SI_QUEUE";
  default: return "other";
  }
}

static void show(const char *how) {
  printf("%-22s: si_signo %d, si_errno %d, %s, si_pid is ours %d, si_uid is ours %d", how, last.si_signo, last.si_errno,
         code_name(last.si_code), last.si_pid == getpid(), last.si_uid == getuid());
  if (last.si_code == SI_QUEUE) printf(", value %d", last.si_value.sival_int);
  printf("\n");
  memset(&last, 0, sizeof last);
}

int main(void) {
  install(SIGURG, once, SA_RESETHAND, 0);
  raise(SIGURG);
  struct sigaction now;
  sigaction(SIGURG, NULL, &now);
  printf("SA_RESETHAND: ran %d, signal blocked inside %d, disposition now SIG_DFL %d, SA_SIGINFO cleared %d\n", runs,
         blocked_inside, now.sa_handler == SIG_DFL, !(now.sa_flags & SA_SIGINFO));
  raise(SIGURG);
  printf("SA_RESETHAND: second raise ran the handler %d times in all\n", runs);

  runs = depth = max_depth = 0;
  install(SIGUSR1, nest, SA_NODEFER, 0);
  raise(SIGUSR1);
  printf("SA_NODEFER: %d runs, max depth %d\n", runs, max_depth);
  runs = depth = max_depth = 0;
  install(SIGUSR1, nest, 0, 0);
  raise(SIGUSR1);
  printf("without SA_NODEFER: %d runs, max depth %d\n", runs, max_depth);

  install(SIGUSR2, count_usr2, 0, 0);
  install(SIGHUP, raises_usr2, 0, SIGUSR2);
  raise(SIGHUP);
  printf("sa_mask: SIGUSR2 ran inside the handler %d times, after it %d\n", usr2_seen_inside, usr2_runs);

  install(SIGUSR1, keep_info, 0, 0);
  kill(getpid(), SIGUSR1);
  show("kill");
  syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1);
  show("tgkill");
  raise(SIGUSR1);
  show("raise");
  sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 4242});
  show("sigqueue");
  install(SIGRTMIN + 2, keep_info, 0, 0);
  pthread_sigqueue(pthread_self(), SIGRTMIN + 2, (union sigval){.sival_int = -17});
  show("pthread_sigqueue (RT)");
  return 0;
}
