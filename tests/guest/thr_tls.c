// rvjit-test: qemu
// rvjit-cflags: -pthread
// Thread-local storage: __thread variables with initialisers (every thread starts from the
// initial image, not from another thread's values; addresses differ per thread; the tp register
// is per vCPU), and pthread keys with destructors (run at thread exit with the thread's value,
// re-run while a destructor sets a value again, not run for NULL values, not run for a key
// deleted before the thread exits).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

enum { T = 6 };
static __thread long tls_counter = 1000;
static __thread char tls_name[16] = "initial";
static __thread long tls_zero;
static uintptr_t tls_addr[T + 1];
static long tls_final[T + 1];

static pthread_key_t key_plain, key_again, key_deleted;
static atomic_int plain_runs, again_runs, deleted_runs;
static atomic_long plain_sum;

static void plain_dtor(void *v) {
  atomic_fetch_add(&plain_runs, 1);
  atomic_fetch_add(&plain_sum, *(long *)v);
  free(v);
}

/* Sets its value again twice: the destructor must be called three times in all. */
static void again_dtor(void *v) {
  long n = (long)v;
  atomic_fetch_add(&again_runs, 1);
  if (n < 3) pthread_setspecific(key_again, (void *)(n + 1));
}

static void deleted_dtor(void *v) { (void)v; atomic_fetch_add(&deleted_runs, 1); }

static pthread_barrier_t bar;

static void *worker(void *arg) {
  long me = (long)arg;
  CHECK(tls_counter == 1000 && tls_zero == 0 && tls_name[0] == 'i');
  tls_addr[me] = (uintptr_t)&tls_counter;
  snprintf(tls_name, sizeof tls_name, "thread%ld", me);
  pthread_barrier_wait(&bar); /* all threads alive and have written their TLS */
  for (int i = 0; i < 1000 * (int)me; i++) tls_counter++;
  tls_zero = me;
  pthread_barrier_wait(&bar);
  CHECK(tls_zero == me);
  char want[16];
  snprintf(want, sizeof want, "thread%ld", me);
  for (int i = 0; want[i] || tls_name[i]; i++) if (want[i] != tls_name[i]) { CHECK(!"tls_name kept"); break; }
  tls_final[me] = tls_counter;

  long *v = malloc(sizeof *v);
  *v = me * 10;
  pthread_setspecific(key_plain, v);
  CHECK(pthread_getspecific(key_plain) == v);
  pthread_setspecific(key_again, (void *)1L);
  return NULL;
}

/* Sets key_deleted, then waits until main has deleted the key before exiting. */
static pthread_barrier_t deletion;
static void *outlives_key(void *arg) {
  (void)arg;
  pthread_setspecific(key_deleted, (void *)1L);
  pthread_barrier_wait(&deletion); /* main deletes the key */
  pthread_barrier_wait(&deletion);
  return NULL;
}

/* A thread that sets nothing: no destructor may run for it. */
static void *idle(void *arg) { (void)arg; return NULL; }

int main(void) {
  pthread_t t[T + 1];
  pthread_key_create(&key_plain, plain_dtor);
  pthread_key_create(&key_again, again_dtor);
  pthread_key_create(&key_deleted, deleted_dtor);
  pthread_barrier_init(&bar, NULL, T);
  tls_counter = 5; /* the main thread's copy; new threads still start at 1000 */
  for (long i = 1; i <= T; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 1; i <= T; i++) pthread_join(t[i], NULL);
  tls_addr[0] = (uintptr_t)&tls_counter;

  int distinct = 1;
  for (int i = 0; i <= T; i++)
    for (int j = i + 1; j <= T; j++) if (tls_addr[i] == tls_addr[j]) distinct = 0;
  CHECK(distinct);
  for (int i = 1; i <= T; i++) CHECK(tls_final[i] == 1000 + 1000L * i);
  CHECK(tls_counter == 5);
  printf("__thread: addresses %s, each thread counted its own, main's copy %ld\n", distinct ? "distinct" : "SHARED", tls_counter);

  pthread_t quiet;
  pthread_create(&quiet, NULL, idle, NULL);
  pthread_join(quiet, NULL);
  CHECK(plain_runs == T);
  CHECK(plain_sum == 10L * T * (T + 1) / 2);
  CHECK(again_runs == 3 * T);
  printf("key destructors: plain %d runs (sum %ld), re-set %d runs\n", (int)plain_runs, (long)plain_sum, (int)again_runs);

  /* A key deleted while a thread still holds a value for it: no destructor at that exit. */
  pthread_barrier_init(&deletion, NULL, 2);
  pthread_create(&quiet, NULL, outlives_key, NULL);
  pthread_barrier_wait(&deletion);
  pthread_key_delete(key_deleted);
  pthread_barrier_wait(&deletion);
  pthread_join(quiet, NULL);
  CHECK(deleted_runs == 0);
  printf("deleted key: destructor ran %d times\n", (int)deleted_runs);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
