// rvjit-test: qemu
// rvjit-cflags: -pthread
// A pipe's ends as a reader and a writer see them after reads and writes: rvjit tries a blocking
// read or write on a pipe without blocking first, through a second open description of the pipe
// (src/host/node/twins.ts), which must never keep an end open that the guest has closed.
//  - written, then the write end closed: the reader gets the data, then end of file (a
//    leftover writer would make that read block forever);
//  - read, then the read end closed: a write gets EPIPE (a leftover reader would let it
//    succeed);
//  - written by the main thread, then the write end closed by a second thread: end of file;
//  - a blocking write larger than the pipe, with SIGALRM (no SA_RESTART) arriving while it
//    waits for room: it returns the bytes that fit;
//  - many small writes and reads through one pipe keep their order and contents.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void check_eof_after_close(void) {
  int p[2];
  char buf[16];
  if (pipe(p)) return perror("pipe");
  ssize_t w = write(p[1], "abc", 3);
  close(p[1]);
  ssize_t r1 = read(p[0], buf, sizeof buf);
  ssize_t r2 = read(p[0], buf, sizeof buf);
  printf("eof: write %zd, read %zd, then %zd\n", w, r1, r2);
  close(p[0]);
}

static void check_epipe_after_reader_closed(void) {
  int p[2];
  char buf[16];
  if (pipe(p)) return perror("pipe");
  ssize_t w1 = write(p[1], "xy", 2);
  ssize_t r = read(p[0], buf, sizeof buf);
  close(p[0]);
  errno = 0;
  ssize_t w2 = write(p[1], "z", 1);
  printf("epipe: write %zd, read %zd, write after close %zd (%s)\n", w1, r, w2, w2 < 0 && errno == EPIPE ? "EPIPE" : strerror(errno));
  close(p[1]);
}

static int closer_fd;
static void *closer(void *arg) {
  (void)arg;
  close(closer_fd);
  return NULL;
}

static void check_eof_closed_by_thread(void) {
  int p[2];
  char buf[16];
  pthread_t th;
  if (pipe(p)) return perror("pipe");
  ssize_t w = write(p[1], "hello", 5);
  closer_fd = p[1];
  pthread_create(&th, NULL, closer, NULL);
  pthread_join(th, NULL);
  ssize_t r1 = read(p[0], buf, sizeof buf);
  ssize_t r2 = read(p[0], buf, sizeof buf);
  printf("thread close: write %zd, read %zd, then %zd\n", w, r1, r2);
  close(p[0]);
}

static void on_alarm(int sig) { (void)sig; }

static void check_interrupted_big_write(void) {
  int p[2];
  static char big[200000];
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART */
  sigaction(SIGALRM, &sa, NULL);
  if (pipe(p)) return perror("pipe");
  memset(big, 'q', sizeof big);
  alarm(1);
  ssize_t w = write(p[1], big, sizeof big);
  alarm(0);
  printf("interrupted write: %zd of %zu (pipe holds %d)\n", w, sizeof big, 65536);
  close(p[0]);
  close(p[1]);
}

static void check_many_small(void) {
  int p[2];
  char buf[8];
  unsigned sum = 0, bad = 0;
  if (pipe(p)) return perror("pipe");
  for (int i = 0; i < 3000; i++) {
    char msg[8];
    snprintf(msg, sizeof msg, "%05d", i);
    if (write(p[1], msg, 5) != 5) bad++;
    if (read(p[0], buf, 5) != 5 || memcmp(buf, msg, 5)) bad++;
    sum = sum * 31 + (unsigned)buf[4];
  }
  printf("many small: bad %u, sum %08x\n", bad, sum);
  close(p[0]);
  close(p[1]);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  check_eof_after_close();
  check_epipe_after_reader_closed();
  check_eof_closed_by_thread();
  check_interrupted_big_write();
  check_many_small();
  /* the same again now that a thread has come and gone */
  check_eof_after_close();
  check_epipe_after_reader_closed();
  return 0;
}
