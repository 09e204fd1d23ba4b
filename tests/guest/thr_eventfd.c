// rvjit-test: qemu
// rvjit-cflags: -pthread
// eventfd between threads: counter semantics (writes add, a read returns the sum and resets),
// EFD_SEMAPHORE (each read returns 1), EFD_NONBLOCK (EAGAIN when zero), a read of fewer than 8
// bytes (EINVAL), the maximum value (a write that would overflow blocks or fails with EAGAIN),
// then a producer thread posting 5000 increments while a consumer blocks in read() and sums
// them (the total must be exact), and poll on an eventfd written by another thread.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum { POSTS = 5000 };
static int efd;

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < POSTS; i++) {
    uint64_t one = 1;
    write(efd, &one, 8);
  }
  return NULL;
}

static void *late_writer(void *arg) {
  int fd = *(int *)arg;
  usleep(50000);
  uint64_t v = 9;
  write(fd, &v, 8);
  return NULL;
}

int main(void) {
  int fd = eventfd(0, 0);
  uint64_t v = 3, got = 0;
  write(fd, &v, 8);
  v = 4;
  write(fd, &v, 8);
  read(fd, &got, 8);
  printf("counter: 3 + 4 read as %llu\n", (unsigned long long)got);
  uint32_t small;
  errno = 0;
  int r = (int)read(fd, &small, 4);
  printf("4-byte read: %d %s\n", r, strerrorname_np(errno));
  close(fd);

  fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
  int reads = 0;
  while (read(fd, &got, 8) == 8 && got == 1) reads++;
  printf("semaphore: %d reads of 1, then %s\n", reads, strerrorname_np(errno));
  close(fd);

  fd = eventfd(0, EFD_NONBLOCK);
  v = 0xfffffffffffffffeULL;
  r = (int)write(fd, &v, 8);
  v = 1;
  errno = 0;
  int r2 = (int)write(fd, &v, 8);
  printf("maximum: write %d, one more %d %s\n", r, r2, strerrorname_np(errno));
  v = 0xffffffffffffffffULL;
  errno = 0;
  r = (int)write(fd, &v, 8);
  printf("writing 2^64-1: %d %s\n", r, strerrorname_np(errno));
  close(fd);

  efd = eventfd(0, 0);
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  uint64_t total = 0;
  int blocking_reads = 0;
  while (total < POSTS) {
    if (read(efd, &got, 8) != 8) break;
    total += got;
    blocking_reads++;
  }
  pthread_join(t, NULL);
  printf("producer thread: total %llu of %d, reads %s\n", (unsigned long long)total, POSTS, blocking_reads >= 1 ? "ok" : "none");

  int pfd = eventfd(0, 0);
  pthread_create(&t, NULL, late_writer, &pfd);
  struct pollfd p = {pfd, POLLIN, 0};
  r = poll(&p, 1, 10000);
  pthread_join(t, NULL);
  read(pfd, &got, 8);
  printf("poll on an eventfd written by a thread: %d, POLLIN %d, value %llu\n", r, !!(p.revents & POLLIN), (unsigned long long)got);
  return 0;
}
