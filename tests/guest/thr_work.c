// rvjit-test: qemu
// rvjit-cflags: -pthread
// Three threads each run a loop the main thread never runs, then the main thread prints what
// they computed. Besides agreeing with qemu-riscv64, it gives --stats work that only other
// threads do: the statistics must add up every guest thread (test/cli.test.ts).
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 3 };
static long iterations = 100000;

static void *work(void *arg) {
  uint64_t x = (uintptr_t)arg;
  for (long i = 0; i < iterations; i++) x = x * 6364136223846793005u + 1442695040888963407u;
  return (void *)(uintptr_t)x;
}

int main(int argc, char **argv) {
  if (argc > 1) iterations = atol(argv[1]);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) {
    if (pthread_create(&t[i], NULL, work, (void *)(uintptr_t)(i + 1)) != 0) return 1;
  }
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    printf("thread %d: %016llx\n", i, (unsigned long long)(uintptr_t)r);
  }
  return 0;
}
