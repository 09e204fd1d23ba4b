// rvjit-test: qemu
// rvjit-cflags: -pthread
// Signals whose default action is to ignore them (SIGCHLD, SIGURG, SIGWINCH) and SIGCONT
// (default: continue) do nothing when raised with the default disposition, whether sent with
// raise, kill, or to a thread blocked in nanosleep (which must not be interrupted: the sleep
// lasts its full time and returns 0). An explicitly ignored SIGTERM does nothing either, and
// SIG_IGN survives in the disposition reported by sigaction.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pthread_t sleeper_thread;
static void *poke(void *a) {
  usleep(50000);
  pthread_kill(sleeper_thread, SIGCHLD);
  pthread_kill(sleeper_thread, SIGURG);
  kill(getpid(), SIGWINCH);
  return a;
}

int main(void) {
  int sigs[] = {SIGCHLD, SIGURG, SIGWINCH, SIGCONT};
  for (int i = 0; i < 4; i++) {
    raise(sigs[i]);
    kill(getpid(), sigs[i]);
    printf("%s with the default action: still running\n", sigabbrev_np(sigs[i]));
  }

  sleeper_thread = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, poke, NULL);
  struct timespec ts = {0, 200000000L}, rem = {9, 9};
  double t0 = mono();
  int r = nanosleep(&ts, &rem);
  double slept = mono() - t0;
  pthread_join(t, NULL);
  printf("nanosleep(200 ms) with ignored signals arriving: %d, slept the full time: %s\n", r, slept >= 0.199 ? "yes" : "NO");

  signal(SIGTERM, SIG_IGN);
  raise(SIGTERM);
  kill(getpid(), SIGTERM);
  struct sigaction sa;
  sigaction(SIGTERM, NULL, &sa);
  printf("ignored SIGTERM: still running, disposition SIG_IGN %d\n", sa.sa_handler == SIG_IGN);
  return 0;
}
