// rvjit-test: qemu
// rvjit-cflags: -pthread
// rvjit-expect-status: 42
// exit_group from a secondary thread while every other thread is blocked: the main thread in
// pthread_join (futex wait on the tid word), three threads in pthread_cond_wait, one in
// pthread_mutex_lock on a held mutex, one in sem_wait, one in read() on an empty pipe, one in a
// plain FUTEX_WAIT with no timeout, and one spinning. The process must end promptly with the
// status given (the harness's timeout catches a hang), and output written before must appear.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, held = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static sem_t sem;
static int pipefd[2];
static int futex_word;
static atomic_int blocked;

static void *cond_waiter(void *a) {
  pthread_mutex_lock(&m);
  atomic_fetch_add(&blocked, 1);
  for (;;) pthread_cond_wait(&cv, &m);
  return a;
}
static void *mutex_waiter(void *a) { atomic_fetch_add(&blocked, 1); pthread_mutex_lock(&held); return a; }
static void *sem_waiter(void *a) { atomic_fetch_add(&blocked, 1); for (;;) sem_wait(&sem); return a; }
static void *read_waiter(void *a) { char c; atomic_fetch_add(&blocked, 1); for (;;) read(pipefd[0], &c, 1); return a; }
static void *futex_waiter(void *a) {
  atomic_fetch_add(&blocked, 1);
  for (;;) syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  return a;
}
static void *spinner(void *a) { atomic_fetch_add(&blocked, 1); for (;;) {} return a; }

static void *exiter(void *a) {
  while (atomic_load(&blocked) < 8) usleep(1000);
  usleep(100000); /* let them all get into their waits */
  printf("secondary thread calls exit_group(42)\n");
  fflush(stdout);
  syscall(SYS_exit_group, 42);
  return a;
}

int main(void) {
  pthread_t t;
  sem_init(&sem, 0, 0);
  pipe(pipefd);
  pthread_mutex_lock(&held);
  for (int i = 0; i < 3; i++) pthread_create(&t, NULL, cond_waiter, NULL);
  pthread_create(&t, NULL, mutex_waiter, NULL);
  pthread_create(&t, NULL, sem_waiter, NULL);
  pthread_create(&t, NULL, read_waiter, NULL);
  pthread_create(&t, NULL, futex_waiter, NULL);
  pthread_create(&t, NULL, spinner, NULL);
  pthread_t e;
  pthread_create(&e, NULL, exiter, NULL);
  printf("main thread joins a thread that never ends\n");
  fflush(stdout);
  pthread_join(t, NULL);
  printf("not reached\n");
  return 1;
}
