// rvjit-test: qemu
// File mappings: MAP_PRIVATE shows the file's bytes (zero past the end of the file within the
// last page), and writes through it stay private (the file is unchanged); MAP_SHARED writes reach
// the file, checked with read() after msync and again after munmap; a mapping at a non-zero file
// offset; a read-only mapping of the file readable alongside; and the errors for descriptors that
// cannot be mapped (EACCES for write-only or for a shared writable mapping of a read-only
// descriptor, ENODEV for a directory, EINVAL for an unaligned offset, EBADF for a closed one).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PG 4096

static const char *err(void) { return strerrorname_np(errno) ? strerrorname_np(errno) : "?"; }
static void die(const char *what) { printf("%s failed: %s\n", what, err()); exit(1); }

/* A 2.5-page file: byte i is (i * 7 + 3) & 0xff. */
static void make_file(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) die("create");
  static uint8_t buf[PG * 5 / 2];
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7 + 3);
  if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) die("write");
  close(fd);
}

static int file_byte(const char *path, off_t off) {
  int fd = open(path, O_RDONLY);
  uint8_t b = 0;
  ssize_t n = pread(fd, &b, 1, off);
  close(fd);
  return n == 1 ? b : -1;
}

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) ? -1 : (long)st.st_size;
}

static void private_mapping(void) {
  make_file("data.bin");
  int fd = open("data.bin", O_RDONLY);
  volatile uint8_t *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if ((void *)p == MAP_FAILED) die("mmap private");
  close(fd); /* the mapping outlives the descriptor */
  int ok = 1;
  for (int i = 0; i < PG * 5 / 2; i++) if (p[i] != (uint8_t)(i * 7 + 3)) ok = 0;
  int zero_tail = 1;
  for (int i = PG * 5 / 2; i < 3 * PG; i++) if (p[i]) zero_tail = 0;
  printf("private: contents match %d, zero after EOF %d\n", ok, zero_tail);
  p[0] = 0xee;
  p[PG * 5 / 2 + 10] = 0xdd; /* past EOF: allowed in the mapped page, never written back */
  printf("private: wrote %02x, file still has %02x, size %ld\n", p[0], file_byte("data.bin", 0), file_size("data.bin"));
  munmap((void *)p, 3 * PG);
  printf("private: after munmap file has %02x, size %ld\n", file_byte("data.bin", 0), file_size("data.bin"));
}

static void shared_mapping(void) {
  make_file("data.bin");
  int fd = open("data.bin", O_RDWR);
  volatile uint8_t *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if ((void *)p == MAP_FAILED) die("mmap shared");
  p[1] = 0x11;
  p[PG + 5] = 0x22;
  printf("shared: msync %d\n", msync((void *)p, 2 * PG, MS_SYNC));
  printf("shared: after msync file has %02x %02x\n", file_byte("data.bin", 1), file_byte("data.bin", PG + 5));
  p[2] = 0x33;
  printf("shared: munmap %d\n", munmap((void *)p, 2 * PG));
  printf("shared: after munmap file has %02x, untouched byte %02x, size %ld\n", file_byte("data.bin", 2),
         file_byte("data.bin", 3), file_size("data.bin"));
  /* A second shared mapping of the same file sees the data written through the first. */
  volatile uint8_t *q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
  if ((void *)q == MAP_FAILED) die("mmap shared again");
  printf("shared: a new mapping sees %02x %02x\n", q[1], q[2]);
  munmap((void *)q, PG);
  close(fd);
}

static void offset_mapping(void) {
  make_file("data.bin");
  int fd = open("data.bin", O_RDONLY);
  volatile uint8_t *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
  if ((void *)p == MAP_FAILED) die("mmap at offset");
  int ok = 1;
  for (int i = 0; i < PG / 2; i++) if (p[i] != (uint8_t)((2 * PG + i) * 7 + 3)) ok = 0;
  int zero = 1;
  for (int i = PG / 2; i < PG; i++) if (p[i]) zero = 0;
  printf("offset 2 pages: contents match %d, zero after EOF %d\n", ok, zero);
  munmap((void *)p, PG);
  /* MAP_FIXED file mapping replacing the middle page of an anonymous mapping. */
  volatile uint8_t *a = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset((void *)a, 0x77, 3 * PG);
  void *m = mmap((void *)(a + PG), PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, PG);
  printf("MAP_FIXED file page: %s, %02x %02x %02x\n", m == (void *)(a + PG) ? "in place" : "ELSEWHERE", a[PG - 1], a[PG],
         a[2 * PG]);
  printf("expected middle byte %02x\n", (uint8_t)(PG * 7 + 3));
  munmap((void *)a, 3 * PG);
  close(fd);
}

static void errors(void) {
  make_file("data.bin");
  int wo = open("data.bin", O_WRONLY), ro = open("data.bin", O_RDONLY), dir = open(".", O_RDONLY | O_DIRECTORY);
  errno = 0;
#define TRY(what, call) do { errno = 0; void *_p = (call); \
    printf("%-40s %s\n", what, _p == MAP_FAILED ? err() : "mapped"); if (_p != MAP_FAILED) munmap(_p, PG); } while (0)
  TRY("write-only descriptor", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0));
  TRY("shared writable, read-only descriptor", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
  TRY("private writable, read-only descriptor", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
  TRY("shared read-only, read-only descriptor", mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0));
  TRY("directory", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0));
  TRY("unaligned offset", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, ro, 100));
  close(ro);
  TRY("closed descriptor", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, ro, 0));
  close(wo);
  close(dir);
}

int main(void) {
  private_mapping();
  shared_mapping();
  offset_mapping();
  errors();
  unlink("data.bin");
  return 0;
}
