// rvjit-test: qemu
// rvjit-cflags: -pthread
// Barriers and reader-writer locks.
// Barrier: four threads run 500 phases; in each phase every thread writes its slot, waits, then
// checks every other thread's slot of that phase (a barrier that lets a thread through early
// shows up as a stale slot), and exactly one thread per phase gets PTHREAD_BARRIER_SERIAL_THREAD.
// rwlock: all readers must be able to hold the lock at the same time (they meet at a barrier
// while holding it), writers exclude readers (two fields written apart must always be seen
// equal), and try-locks report EBUSY against the other kind.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

enum { T = 4, PHASES = 500 };
static pthread_barrier_t bar;
static volatile int slot[T];
static atomic_int serial_count, stale;

static void *phase_worker(void *arg) {
  int me = (int)(long)arg;
  for (int ph = 1; ph <= PHASES; ph++) {
    slot[me] = ph;
    int r = pthread_barrier_wait(&bar);
    if (r == PTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&serial_count, 1);
    else if (r != 0) atomic_fetch_add(&stale, 1000);
    for (int o = 0; o < T; o++)
      if (slot[o] < ph) atomic_fetch_add(&stale, 1);
    pthread_barrier_wait(&bar); /* nobody starts the next phase before all have checked */
  }
  return NULL;
}

static void barriers(void) {
  pthread_t t[T];
  pthread_barrier_init(&bar, NULL, T);
  for (long i = 0; i < T; i++) pthread_create(&t[i], NULL, phase_worker, (void *)i);
  for (int i = 0; i < T; i++) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&bar);
  CHECK(stale == 0);
  CHECK(serial_count == PHASES);
  printf("barrier: %d phases, %d stale slots, %d serial threads\n", PHASES, (int)stale, (int)serial_count);
}

/* ---- rwlock ---- */
enum { READERS = 3, WRITERS = 2, WRITES = 3000, READS = 6000 };
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long field_a, field_b;
static atomic_int torn;
static pthread_barrier_t readers_meet;

static void *reader(void *arg) {
  (void)arg;
  /* All readers inside together: would deadlock if read locks excluded each other. */
  pthread_rwlock_rdlock(&rw);
  pthread_barrier_wait(&readers_meet);
  pthread_rwlock_unlock(&rw);
  for (int i = 0; i < READS; i++) {
    pthread_rwlock_rdlock(&rw);
    long a = field_a;
    for (volatile int k = 0; k < 20; k++) {}
    long b = field_b;
    pthread_rwlock_unlock(&rw);
    if (a != b) atomic_fetch_add(&torn, 1);
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < WRITES; i++) {
    pthread_rwlock_wrlock(&rw);
    field_a = field_a + 1;
    for (volatile int k = 0; k < 20; k++) {}
    field_b = field_b + 1;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

static void *try_rd(void *l) { int r = pthread_rwlock_tryrdlock(l); if (!r) pthread_rwlock_unlock(l); return (void *)(long)r; }
static void *try_wr(void *l) { int r = pthread_rwlock_trywrlock(l); if (!r) pthread_rwlock_unlock(l); return (void *)(long)r; }
static int other(void *(*fn)(void *), void *arg) {
  pthread_t t;
  void *r;
  pthread_create(&t, NULL, fn, arg);
  pthread_join(t, &r);
  return (int)(long)r;
}

static void rwlocks(void) {
  pthread_t r[READERS], w[WRITERS];
  pthread_barrier_init(&readers_meet, NULL, READERS);
  for (int i = 0; i < READERS; i++) pthread_create(&r[i], NULL, reader, NULL);
  for (int i = 0; i < WRITERS; i++) pthread_create(&w[i], NULL, writer, NULL);
  for (int i = 0; i < READERS; i++) pthread_join(r[i], NULL);
  for (int i = 0; i < WRITERS; i++) pthread_join(w[i], NULL);
  CHECK(torn == 0);
  CHECK(field_a == (long)WRITERS * WRITES && field_b == field_a);
  printf("rwlock: readers met inside, %d torn reads, %ld writes\n", (int)torn, field_a);

  pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
  pthread_rwlock_rdlock(&l);
  CHECK(other(try_rd, &l) == 0);
  CHECK(other(try_wr, &l) == EBUSY);
  pthread_rwlock_unlock(&l);
  pthread_rwlock_wrlock(&l);
  CHECK(other(try_rd, &l) == EBUSY);
  CHECK(other(try_wr, &l) == EBUSY);
  pthread_rwlock_unlock(&l);
  CHECK(other(try_wr, &l) == 0);
  printf("rwlock: try-locks EBUSY against the other kind\n");
}

int main(void) {
  barriers();
  rwlocks();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
