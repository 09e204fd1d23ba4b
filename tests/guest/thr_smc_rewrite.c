// rvjit-test: qemu
// rvjit-cflags: -pthread
// rvjit-runs: 5
// Cross-thread self-modifying code. A writer thread rewrites a small function in an RWX page
// with version k, calls __builtin___clear_cache (the riscv_flush_icache system call, which
// flushes every hart's instruction cache before returning), then publishes k. Reader threads
// loop: read the published version v, call the function, and check that it returns at least v:
// a reader that saw version k published after the flush must never run an older translation.
// The function also loops a little, so readers are often inside it when the flush happens.
// Only the first instruction changes, with one aligned 32-bit store, so a reader racing with
// the store sees the old or the new word, never a mix.
// Under rvjit every thread has its own translations; this is the RCU grace period of
// docs/rcu.md at work (the flush must not return before every reader has dropped the old code).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

typedef long (*fn0)(void);
enum { READERS = 3, VERSIONS = 20000 };

/* lui a0, k: a0 = k << 12 */
static uint32_t lui_a0(uint32_t k) { return (k << 12) | (10u << 7) | 0x37u; }
static const uint32_t BODY[] = {
  0x02800293u, /* addi t0, zero, 40 */
  0xfff28293u, /* loop: addi t0, t0, -1 */
  0xfe029ee3u, /* bnez t0, loop */
  0x00008067u, /* ret */
};

static _Atomic uint32_t *code;
static atomic_long published;
static atomic_int readers_started;
static atomic_long stale[READERS], future[READERS], calls[READERS];

static void *reader(void *arg) {
  int me = (int)(long)arg;
  fn0 f = (fn0)(void *)code;
  atomic_fetch_add(&readers_started, 1);
  for (;;) {
    long v = atomic_load_explicit(&published, memory_order_acquire);
    long got = f() >> 12;
    if (got < v) atomic_fetch_add(&stale[me], 1);
    /* The writer stores version k+1 only after publishing k. */
    if (got > atomic_load(&published) + 1) atomic_fetch_add(&future[me], 1);
    atomic_fetch_add_explicit(&calls[me], 1, memory_order_relaxed);
    if (v == VERSIONS) return NULL;
  }
}

int main(void) {
  code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) { perror("mmap"); return 1; }
  code[0] = lui_a0(0);
  for (int i = 0; i < 4; i++) code[1 + i] = BODY[i];
  __builtin___clear_cache((char *)code, (char *)(code + 5));

  pthread_t r[READERS];
  for (long i = 0; i < READERS; i++) pthread_create(&r[i], NULL, reader, (void *)i);
  while (atomic_load(&readers_started) < READERS) {}
  /* The writer is this thread: rewrite, flush for all harts, publish. */
  for (uint32_t k = 1; k <= VERSIONS; k++) {
    atomic_store_explicit(&code[0], lui_a0(k), memory_order_relaxed);
    __builtin___clear_cache((char *)code, (char *)(code + 1));
    atomic_store_explicit(&published, k, memory_order_release);
  }
  long bad = 0, ahead = 0, idle = 0;
  for (int i = 0; i < READERS; i++) {
    pthread_join(r[i], NULL);
    bad += stale[i];
    ahead += future[i];
    if (calls[i] == 0) idle++;
  }
  long last = ((fn0)(void *)code)() >> 12;
  printf("%d versions written, %d readers\n", VERSIONS, READERS);
  printf("calls returning an older version than published: %ld\n", bad);
  printf("calls returning a version not yet written: %ld\n", ahead);
  printf("final version seen by the writer: %ld\n", last);
  printf("readers that made no call: %ld\n", idle);
  int ok = bad == 0 && ahead == 0 && last == VERSIONS && idle == 0;
  printf("%s\n", ok ? "ok" : "FAILED");
  return !ok;
}
