// rvjit-test: qemu
// Signals that must get through while the pending queue is full of blocked RT signals: a POSIX
// timer's signal (Linux allocates its siginfo with the timer) interrupts a blocking read, and a
// standard signal stays pending. rvjit had 32 queue entries for everything, so once a program
// kept enough RT signals blocked and queued, a timer's signal was dropped and the read waited
// forever (found by the syscall fuzzer, whose watchdog is such a timer). Linux queues RT
// signals up to RLIMIT_SIGPENDING (tens of thousands) and then fails sigqueue with EAGAIN;
// rvjit fails it after 64, so only "at least 64, the rest EAGAIN" is printed.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RT_QUEUED (SIGRTMIN + 10)
#define RT_KILLED (SIGRTMIN + 11)
#define TIMER_SIG (SIGRTMIN + 5)
#define TRIES 100

static volatile sig_atomic_t seen[65];

static void on_signal(int sig) { seen[sig]++; }

static void catch(int sig, int flags)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

int main(void)
{
  setvbuf(stdout, NULL, _IONBF, 0); // a hang still shows how far the test got
  catch(RT_QUEUED, 0);
  catch(RT_KILLED, 0);
  catch(TIMER_SIG, 0); // no SA_RESTART: the read must fail with EINTR
  catch(SIGUSR1, 0);
  // A regression would block in read() forever: SIGALRM's default action ends the test instead.
  alarm(10);

  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, RT_QUEUED);
  sigaddset(&blocked, RT_KILLED);
  sigaddset(&blocked, SIGUSR1);
  sigprocmask(SIG_BLOCK, &blocked, NULL);

  int queued = 0, eagain = 0;
  for (int i = 0; i < TRIES; i++) {
    union sigval v = {.sival_int = i};
    if (sigqueue(getpid(), RT_QUEUED, v) == 0) queued++;
    else if (errno == EAGAIN) eagain++;
  }
  printf("sigqueue: at least 64 queued %d, every other one EAGAIN %d\n", queued >= 64, queued + eagain == TRIES);
  int killed = 0;
  for (int i = 0; i < 3; i++) killed += kill(getpid(), RT_KILLED) == 0;
  printf("kill of a blocked RT signal: %d of 3 succeed\n", killed);
  printf("kill(SIGUSR1): %d\n", kill(getpid(), SIGUSR1));
  sigset_t pending;
  sigpending(&pending);
  printf("pending: queued RT %d, killed RT %d, SIGUSR1 %d\n", sigismember(&pending, RT_QUEUED),
         sigismember(&pending, RT_KILLED), sigismember(&pending, SIGUSR1));

  int p[2];
  if (pipe(p) != 0) return 1;
  timer_t timer;
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = TIMER_SIG;
  if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) return 1;
  // Periodic: on a loaded machine the first expiry may come before read() starts.
  struct itimerspec its = {.it_interval = {0, 20 * 1000 * 1000}, .it_value = {0, 20 * 1000 * 1000}};
  timer_settime(timer, 0, &its, NULL);
  char c;
  long r = read(p[0], &c, 1); // the write end is open: only the timer's signal ends this
  struct itimerspec off = {{0, 0}, {0, 0}};
  timer_settime(timer, 0, &off, NULL);
  printf("read on an empty pipe: %ld (%s), timer signal handled %d\n", r, r < 0 ? strerrorname_np(errno) : "-",
         seen[TIMER_SIG] >= 1);

  sigprocmask(SIG_UNBLOCK, &blocked, NULL);
  printf("after unblocking: every queued RT signal delivered %d, killed RT delivered %d, SIGUSR1 %d\n",
         seen[RT_QUEUED] == queued, seen[RT_KILLED] >= 1, seen[SIGUSR1]);
  return 0;
}
