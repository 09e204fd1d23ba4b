// rvjit-test: qemu
// rvjit-cflags: -pthread
// The main thread calls pthread_exit while three other threads keep running: the process lives
// on, they print in a fixed order (handing a turn from one to the next), one of them can still
// join another, and when the last one ends the process exits with status 0 (glibc calls exit(0)
// when the last thread ends, flushing stdout).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int turn;
static pthread_t first;

static void *worker(void *arg) {
  int me = (int)(long)arg;
  for (int round = 0; round < 5; round++) {
    while (atomic_load(&turn) != round * 3 + me) usleep(200);
    printf("worker %d round %d\n", me, round);
    atomic_fetch_add(&turn, 1);
  }
  if (me == 2) {
    void *ret;
    /* The main thread is gone, but its children can still join each other. */
    int r = pthread_join(first, &ret);
    printf("worker 2 joined worker 0: %d, returned %ld\n", r, (long)ret);
  }
  return (void *)(long)(me + 100);
}

int main(void) {
  pthread_t t;
  printf("main thread starts three workers and calls pthread_exit\n");
  pthread_create(&first, NULL, worker, (void *)0L);
  pthread_create(&t, NULL, worker, (void *)1L);
  pthread_create(&t, NULL, worker, (void *)2L);
  pthread_exit(NULL);
}
