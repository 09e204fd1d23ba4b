// rvjit-test: qemu
// rvjit-cflags: -pthread
// rvjit-expect-status: 138
// rvjit-expect-stderr: ^rvjit: program terminated by SIGUSR1[^\n]*\n$
// SIGUSR1 with the default disposition kills the whole process (status 128+10) even when a
// secondary thread sends it while the main thread is blocked in pthread_join and a third
// thread spins without system calls. Exactly one line on stderr.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *a) { for (;;) {} return a; }
static void *killer(void *a) {
  usleep(100000);
  printf("thread sends SIGUSR1 to the process\n");
  fflush(stdout);
  kill(getpid(), SIGUSR1);
  for (;;) pause();
  return a;
}

int main(void) {
  pthread_t s, k;
  pthread_create(&s, NULL, spin, NULL);
  pthread_create(&k, NULL, killer, NULL);
  pthread_join(k, NULL);
  printf("not reached\n");
  return 0;
}
