// rvjit-test: qemu
// rvjit-cflags: -pthread
// Threads that run one after another the same code: under rvjit a thread adopts the
// translations an earlier thread made (tcache/shared-regions.ts) — but only of the bytes still
// in memory. Between threads the main thread rewrites a function in an RWX page (then flushes
// the instruction caches), replaces the page by a new mapping with other code at the same
// address, or leaves it alone; each thread must run what is there when it runs.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*fn0)(void);
static uint32_t *code;
static long calls = 20000;

/* li a0, k (addi a0, zero, k), then a short loop, then ret: hot enough to be translated. */
static void write_fn(uint32_t *at, int k) {
  at[0] = ((uint32_t)k << 20) | (10u << 7) | 0x13u;
  at[1] = 0x00800293u; /* addi t0, zero, 8 */
  at[2] = 0xfff28293u; /* loop: addi t0, t0, -1 */
  at[3] = 0xfe029ee3u; /* bnez t0, loop */
  at[4] = 0x00008067u; /* ret */
  __builtin___clear_cache((char *)at, (char *)(at + 5));
}

static void *run(void *arg) {
  long want = (long)arg, wrong = 0;
  fn0 f = (fn0)(void *)code;
  for (long i = 0; i < calls; i++) if (f() != want) wrong++;
  return (void *)wrong;
}

static long in_thread(long want) {
  pthread_t t;
  void *wrong;
  if (pthread_create(&t, NULL, run, (void *)want) != 0) return -1;
  pthread_join(t, &wrong);
  return (long)wrong;
}

int main(void) {
  code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) { perror("mmap"); return 1; }
  write_fn(code, 1);
  printf("first thread, version 1: %ld wrong\n", in_thread(1));
  printf("second thread, same code: %ld wrong\n", in_thread(1));
  write_fn(code, 2);
  printf("after a rewrite, version 2: %ld wrong\n", in_thread(2));
  /* Back to the bytes of version 1: its translation serves again. */
  write_fn(code, 1);
  printf("back to version 1: %ld wrong\n", in_thread(1));
  /* A new mapping at the same address, with version 3 written before it is made executable. */
  uint32_t *fresh = mmap(code, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (fresh != code) { perror("mmap fixed"); return 1; }
  write_fn(code, 3);
  if (mprotect(code, 4096, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 1; }
  printf("new mapping, version 3: %ld wrong\n", in_thread(3));
  printf("main thread: %ld\n", ((fn0)(void *)code)());
  return 0;
}
