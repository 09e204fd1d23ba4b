// rvjit-test: qemu
// rvjit-cflags: -pthread
// rvjit-expect-status: 3
// exit() called by a secondary thread while the main thread is in pthread_join on another
// thread that is sleeping: atexit handlers run (on the exiting thread), buffered stdout is
// flushed (nothing here calls fflush), and the process status is exit()'s argument.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pid_t exiting_tid;

static void at_exit_handler(void) {
  printf("atexit handler ran on the exiting thread: %s\n", (pid_t)syscall(SYS_gettid) == exiting_tid ? "yes" : "NO");
}

static void *sleeper(void *a) { for (;;) sleep(10); return a; }

static void *exiter(void *a) {
  exiting_tid = (pid_t)syscall(SYS_gettid);
  usleep(100000);
  printf("thread calls exit(3)\n"); /* stays in the stdio buffer until exit flushes it */
  exit(3);
  return a;
}

int main(void) {
  atexit(at_exit_handler);
  printf("main starts\n");
  pthread_t s, e;
  pthread_create(&s, NULL, sleeper, NULL);
  pthread_create(&e, NULL, exiter, NULL);
  pthread_join(s, NULL);
  printf("not reached\n");
  return 0;
}
