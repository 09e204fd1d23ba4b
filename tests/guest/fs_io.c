// rvjit-test: qemu
// rvjit-cflags: -Wno-misleading-indentation -Wno-stringop-overflow -Wno-stringop-overread
// Data transfer syscalls: read/write and the vectored/positioned forms, lseek, sendfile,
// copy_file_range, ftruncate, fallocate, fadvise64, fsync, with their error cases.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "common.h"

#define BAD ((void *)1)

static void put(const char *name, const char *text) {
  int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  write(fd, text, strlen(text));
  close(fd);
}

/* Reads a whole small file and prints it with its size. */
static void show_file(const char *name) {
  char buf[256];
  int fd = open(name, O_RDONLY);
  long n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n < 0) n = 0;
  for (long i = 0; i < n; i++) if (buf[i] == 0) buf[i] = '.';
  buf[n] = 0;
  printf("%s: %ld [%s]\n", name, n, buf);
}

static long file_size(int fd) {
  struct stat st;
  fstat(fd, &st);
  return (long)st.st_size;
}

static void test_read_write(void) {
  char buf[64];
  puts("== read/write");
  put("f", "0123456789");
  int fd = open("f", O_RDWR);
  SHOW(read(fd, buf, 4));
  printf("got %.4s\n", buf);
  SHOW(read(fd, buf, 100));
  SHOW(read(fd, buf, 10));
  SHOW(write(fd, "AB", 2));
  SHOW(read(fd, buf, 0));
  SHOW(write(fd, buf, 0));
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(read(fd, BAD, 4));
  SHOW(write(fd, BAD, 4));
  SHOW(read(-1, buf, 1));
  SHOW(read(1000, buf, 1));
  SHOW(write(77, buf, 1));
  close(fd);
  SHOW(read(fd, buf, 1));
  int ro = open("f", O_RDONLY), wo = open("f", O_WRONLY);
  SHOW(write(ro, "x", 1));
  SHOW(read(wo, buf, 1));
  close(ro);
  close(wo);
  int d = open(".", O_RDONLY | O_DIRECTORY);
  SHOW(read(d, buf, sizeof buf));
  SHOW(read(d, buf, 0));
  SHOW(write(d, "x", 1));
  close(d);
  show_file("f");
}

static void test_vectors(void) {
  char a[4], b[8], c[3];
  puts("== readv/writev");
  int fd = open("v", O_CREAT | O_TRUNC | O_RDWR, 0644);
  struct iovec w[3] = {{"abc", 3}, {"", 0}, {"defghij", 7}};
  SHOW(writev(fd, w, 3));
  SHOW(writev(fd, w, 0));
  SHOW(lseek(fd, 0, SEEK_SET));
  struct iovec r[3] = {{a, 4}, {b, 8}, {c, 3}};
  SHOW(readv(fd, r, 3));
  printf("a=%.4s b=%.6s\n", a, b);
  SHOW(syscall(SYS_readv, fd, r, -1));
  SHOW(syscall(SYS_readv, fd, r, 1025));
  SHOW(syscall(SYS_readv, fd, BAD, 2));
  SHOW(syscall(SYS_writev, fd, BAD, 1));
  struct iovec neg[1] = {{a, (size_t)-1}};
  SHOW(syscall(SYS_writev, fd, neg, 1));
  struct iovec badbase[1] = {{BAD, 4}};
  SHOW(writev(fd, badbase, 1));
  struct iovec partial[2] = {{"XY", 2}, {BAD, 4}};
  SHOW(writev(fd, partial, 2));
  SHOW(syscall(SYS_readv, 99, r, 1));
  struct iovec pw[2] = {{"12", 2}, {"34", 2}};
  SHOW(pwritev(fd, pw, 2, 1));
  SHOW(lseek(fd, 0, SEEK_CUR));
  memset(a, 0, 4);
  struct iovec pr[1] = {{a, 4}};
  SHOW(preadv(fd, pr, 1, 0));
  printf("a=%.4s\n", a);
  SHOW(preadv(fd, pr, 1, -1));
  SHOW(pwritev(fd, pw, 2, -5));
  SHOW(preadv(fd, pr, 1, 1000));
  close(fd);
  show_file("v");
}

static void test_positioned(void) {
  char buf[16] = {0};
  puts("== pread/pwrite");
  put("p", "abcdefgh");
  int fd = open("p", O_RDWR);
  SHOW(pread(fd, buf, 3, 2));
  printf("buf=%.3s\n", buf);
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(pwrite(fd, "XYZ", 3, 6));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(pwrite(fd, "!", 1, 12));
  SHOW(pread(fd, buf, 3, -1));
  SHOW(pwrite(fd, buf, 3, -1));
  SHOW(pread(fd, buf, 4, 100));
  SHOW(pread(fd, BAD, 4, 0));
  SHOW(pread(99, buf, 1, 0));
  SHOW(syscall(SYS_pread64, 99, buf, 1, -1));
  int p[2];
  pipe(p);
  SHOW(pread(p[0], buf, 1, 0));
  SHOW(pwrite(p[1], buf, 1, 0));
  SHOW(pwrite(p[0], buf, 1, 0));
  close(p[0]);
  close(p[1]);
  int z = open("/dev/zero", O_RDONLY);
  memset(buf, 7, 4);
  SHOW(pread(z, buf, 4, 100));
  printf("zero=%d%d%d%d\n", buf[0], buf[1], buf[2], buf[3]);
  close(z);
  close(fd);
  show_file("p");
}

static void test_lseek(void) {
  char buf[8];
  puts("== lseek");
  put("s", "0123456789");
  int fd = open("s", O_RDWR);
  SHOW(lseek(fd, 3, SEEK_SET));
  SHOW(lseek(fd, 2, SEEK_CUR));
  SHOW(lseek(fd, -1, SEEK_END));
  SHOW(read(fd, buf, 5));
  SHOW(lseek(fd, -20, SEEK_CUR));
  SHOW(lseek(fd, -1, SEEK_SET));
  SHOW(lseek(fd, 0, 5));
  SHOW(lseek(fd, 0, 99));
  SHOW(lseek(fd, 4, SEEK_DATA));
  SHOW(lseek(fd, 4, SEEK_HOLE));
  SHOW(lseek(fd, 10, SEEK_DATA));
  SHOW(lseek(fd, 10, SEEK_HOLE));
  SHOW(lseek(fd, 20, SEEK_SET));
  SHOW(write(fd, "E", 1));
  SHOW(file_size(fd));
  SHOW(lseek(fd, 1LL << 40, SEEK_SET));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(lseek(99, 0, SEEK_SET));
  close(fd);
  show_file("s");
  int p[2];
  pipe(p);
  SHOW(lseek(p[0], 0, SEEK_CUR));
  SHOW(lseek(p[1], 0, SEEK_SET));
  close(p[0]);
  close(p[1]);
  int n = open("/dev/null", O_RDWR);
  SHOW(lseek(n, 100, SEEK_SET));
  SHOW(lseek(n, 0, SEEK_CUR));
  close(n);
  int d = open(".", O_RDONLY | O_DIRECTORY);
  SHOW(lseek(d, 0, SEEK_SET));
  close(d);
}

static void test_append(void) {
  puts("== O_APPEND");
  put("ap", "start");
  int fd = open("ap", O_WRONLY | O_APPEND);
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(write(fd, "-one", 4));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(write(fd, "-two", 4));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(pwrite(fd, "-three", 6, 0));
  SHOW(lseek(fd, 0, SEEK_CUR));
  close(fd);
  show_file("ap");
}

static void test_truncate(void) {
  puts("== ftruncate");
  put("t", "0123456789");
  int fd = open("t", O_RDWR);
  SHOW(ftruncate(fd, 4));
  SHOW(file_size(fd));
  SHOW(ftruncate(fd, 6));
  SHOW(file_size(fd));
  SHOW(ftruncate(fd, -1));
  SHOW(ftruncate(99, 1));
  SHOW(syscall(SYS_ftruncate, 99, -1));
  close(fd);
  show_file("t");
  int ro = open("t", O_RDONLY);
  SHOW(ftruncate(ro, 1));
  close(ro);
  int d = open(".", O_RDONLY);
  SHOW(ftruncate(d, 1));
  close(d);
  int p[2];
  pipe(p);
  SHOW(ftruncate(p[1], 0));
  close(p[0]);
  close(p[1]);
}

static void test_sync(void) {
  puts("== fsync/fdatasync/sync/syncfs/fadvise64");
  int fd = open("t", O_RDWR);
  SHOW(fsync(fd));
  SHOW(fdatasync(fd));
  SHOW(fsync(99));
  SHOW(fdatasync(-1));
  sync();
  SHOW(syncfs(fd));
  SHOW(syncfs(99));
  int d = open(".", O_RDONLY);
  SHOW(fsync(d));
  close(d);
  int p[2];
  pipe(p);
  SHOW(fsync(p[1]));
  SHOW(syscall(SYS_fadvise64, p[0], 0, 0, 0));
  close(p[0]);
  close(p[1]);
  SHOW(syscall(SYS_fadvise64, fd, 0, 100, POSIX_FADV_SEQUENTIAL));
  SHOW(syscall(SYS_fadvise64, fd, 0, 0, POSIX_FADV_DONTNEED));
  SHOW(syscall(SYS_fadvise64, fd, 0, 0, 99));
  SHOW(syscall(SYS_fadvise64, fd, 0, -1, 0));
  SHOW(syscall(SYS_fadvise64, 99, 0, 0, 0));
  close(fd);
}

static void test_sendfile(void) {
  char buf[32] = {0};
  puts("== sendfile");
  put("src", "hello sendfile world");
  int in = open("src", O_RDONLY);
  int out = open("dst", O_CREAT | O_TRUNC | O_RDWR, 0644);
  SHOW(sendfile(out, in, NULL, 5));
  SHOW(lseek(in, 0, SEEK_CUR));
  off_t off = 6;
  SHOW(sendfile(out, in, &off, 8));
  printf("off=%ld\n", (long)off);
  SHOW(lseek(in, 0, SEEK_CUR));
  SHOW(sendfile(out, in, NULL, 100));
  SHOW(sendfile(out, in, NULL, 100));
  off = 100;
  SHOW(sendfile(out, in, &off, 5));
  SHOW(sendfile(out, in, BAD, 5));
  off = -1;
  SHOW(sendfile(out, in, &off, 5));
  SHOW(sendfile(in, out, NULL, 5));
  SHOW(sendfile(out, 99, NULL, 5));
  SHOW(sendfile(99, in, NULL, 5));
  int ap = open("dst", O_WRONLY | O_APPEND);
  SHOW(sendfile(ap, in, NULL, 5));
  close(ap);
  int p[2];
  pipe(p);
  off = 0;
  SHOW(sendfile(p[1], in, &off, 5));
  SHOW(read(p[0], buf, sizeof buf));
  printf("pipe got %.5s\n", buf);
  write(p[1], "piped", 5);
  SHOW(sendfile(out, p[0], NULL, 100));
  off = 0;
  SHOW(sendfile(out, p[0], &off, 1));
  close(p[0]);
  close(p[1]);
  close(in);
  close(out);
  show_file("dst");
}

static void test_copy_file_range(void) {
  puts("== copy_file_range");
  put("cin", "abcdefghijklmnop");
  int in = open("cin", O_RDWR);
  int out = open("cout", O_CREAT | O_TRUNC | O_RDWR, 0644);
  SHOW(copy_file_range(in, NULL, out, NULL, 4, 0));
  SHOW(lseek(in, 0, SEEK_CUR));
  SHOW(lseek(out, 0, SEEK_CUR));
  loff_t oi = 10, oo = 20;
  SHOW(copy_file_range(in, &oi, out, &oo, 3, 0));
  printf("oi=%ld oo=%ld\n", (long)oi, (long)oo);
  SHOW(copy_file_range(in, &oi, out, NULL, 100, 0));
  SHOW(copy_file_range(in, &oi, out, NULL, 100, 0));
  SHOW(copy_file_range(in, NULL, out, NULL, 0, 0));
  SHOW(copy_file_range(in, NULL, out, NULL, 4, 1));
  oi = 0;
  oo = 2;
  SHOW(copy_file_range(in, &oi, in, &oo, 4, 0));
  oo = 8;
  SHOW(copy_file_range(in, &oi, in, &oo, 4, 0));
  SHOW(copy_file_range(in, BAD, out, NULL, 4, 0));
  SHOW(copy_file_range(99, NULL, out, NULL, 4, 0));
  SHOW(copy_file_range(in, NULL, 99, NULL, 4, 0));
  int ap = open("cout", O_WRONLY | O_APPEND);
  SHOW(copy_file_range(in, NULL, ap, NULL, 4, 0));
  close(ap);
  int wo = open("cin", O_WRONLY);
  SHOW(copy_file_range(wo, NULL, out, NULL, 4, 0));
  close(wo);
  int d = open(".", O_RDONLY);
  SHOW(copy_file_range(d, NULL, out, NULL, 4, 0));
  close(d);
  int p[2];
  pipe(p);
  SHOW(copy_file_range(in, NULL, p[1], NULL, 4, 0));
  close(p[0]);
  close(p[1]);
  close(in);
  close(out);
  show_file("cin");
  show_file("cout");
}

static void test_fallocate(void) {
  puts("== fallocate");
  put("fa", "0123456789");
  int fd = open("fa", O_RDWR);
  SHOW(fallocate(fd, 0, 0, 4));
  SHOW(file_size(fd));
  SHOW(fallocate(fd, 0, 8, 8));
  SHOW(file_size(fd));
  SHOW(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 100));
  SHOW(file_size(fd));
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 3));
  SHOW(file_size(fd));
  SHOW(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 2, 3));
  SHOW(fallocate(fd, 0x1000, 0, 1));
  SHOW(fallocate(fd, 0, -1, 1));
  SHOW(fallocate(fd, 0, 0, 0));
  SHOW(fallocate(99, 0, 0, 1));
  close(fd);
  show_file("fa");
  int ro = open("fa", O_RDONLY);
  SHOW(fallocate(ro, 0, 0, 1));
  close(ro);
  int p[2];
  pipe(p);
  SHOW(fallocate(p[1], 0, 0, 1));
  close(p[0]);
  close(p[1]);
  int d = open(".", O_RDONLY);
  SHOW(fallocate(d, 0, 0, 1));
  close(d);
  int n = open("/dev/null", O_WRONLY);
  SHOW(fallocate(n, 0, 0, 1));
  close(n);
}

static void test_pipe_io(void) {
  char buf[16];
  puts("== pipes");
  signal(SIGPIPE, SIG_IGN);
  int p[2];
  SHOW(pipe(p));
  SHOW(write(p[1], "abc", 3));
  struct iovec r[2] = {{buf, 2}, {buf + 2, 8}};
  SHOW(readv(p[0], r, 2));
  SHOW(write(p[1], "xy", 2));
  SHOW(read(p[0], buf, 16));
  SHOW(read(p[1], buf, 1));
  SHOW(write(p[0], "x", 1));
  close(p[0]);
  SHOW(write(p[1], "x", 1));
  close(p[1]);
}

int main(void) {
  test_read_write();
  test_vectors();
  test_positioned();
  test_lseek();
  test_append();
  test_truncate();
  test_sync();
  test_sendfile();
  test_copy_file_range();
  test_fallocate();
  test_pipe_io();
  return 0;
}
