// rvjit-test: qemu
// rvjit-cflags: -Wno-misleading-indentation -Wno-stringop-overflow -Wno-stringop-overread -Wno-nonnull
// Metadata and directories: fstat, newfstatat, statx, statfs, fstatfs, getdents64.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "common.h"

#define BAD ((void *)1)
#define ST_VALID 0x20
#define ST_RDONLY 1

struct dirent64_raw {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static void put(const char *name, const char *text) {
  int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  write(fd, text, strlen(text));
  close(fd);
}

static void show_st(const char *what, const struct stat *st) {
  printf("%s: mode=%o nlink=%ld size=%ld blocks-ok=%d blksize=%ld\n", what, st->st_mode, (long)st->st_nlink,
         (long)st->st_size, st->st_blocks >= 0, (long)st->st_blksize);
}

static long fstatat_raw(int dirfd, const void *path, struct stat *st, int flags) {
  return syscall(SYS_newfstatat, dirfd, path, st, flags);
}

static void test_stat(void) {
  struct stat st, st2;
  puts("== fstat, newfstatat");
  put("f", "hello");
  SHOW(symlink("f", "l"));
  SHOW(mkdir("d", 0750));
  int fd = open("f", O_RDONLY);
  SHOW(fstat(fd, &st));
  show_st("fstat f", &st);
  SHOW(stat("f", &st2));
  printf("same file: %d\n", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
  SHOW(fstatat_raw(AT_FDCWD, "l", &st, 0));
  show_st("stat l", &st);
  SHOW(fstatat_raw(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
  show_st("lstat l", &st);
  SHOW(fstatat_raw(fd, "", &st, AT_EMPTY_PATH));
  show_st("empty f", &st);
  SHOW(fstatat_raw(AT_FDCWD, "", &st, AT_EMPTY_PATH));
  printf("cwd is dir: %d\n", S_ISDIR(st.st_mode));
  SHOW(fstatat_raw(AT_FDCWD, "", &st, 0));
  SHOW(fstatat_raw(AT_FDCWD, "f", &st, 0x4));
  SHOW(fstatat_raw(AT_FDCWD, "f", BAD, 0));
  SHOW(fstatat_raw(AT_FDCWD, "missing", BAD, 0));
  SHOW(fstatat_raw(AT_FDCWD, BAD, &st, 0));
  SHOW(fstatat_raw(99, "f", &st, 0));
  SHOW(fstatat_raw(99, "/dev/null", &st, 0));
  SHOW(fstatat_raw(fd, "x", &st, 0));
  SHOW(fstatat_raw(AT_FDCWD, "f/", &st, 0));
  SHOW(fstatat_raw(AT_FDCWD, "d/", &st, 0));
  show_st("d/", &st);
  SHOW(fstat(99, &st));
  SHOW(fstat(fd, BAD));
  SHOW(stat("/dev/null", &st));
  printf("/dev/null: chr=%d rdev=%u:%u\n", S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
  int p[2];
  pipe(p);
  SHOW(fstat(p[0], &st));
  printf("pipe: fifo=%d mode=%o size=%ld\n", S_ISFIFO(st.st_mode), st.st_mode, (long)st.st_size);
  close(p[0]);
  close(p[1]);
  int op = open("f", O_PATH);
  SHOW(fstat(op, &st));
  show_st("O_PATH f", &st);
  close(op);
  close(fd);
}

static void test_statx(void) {
  struct statx sx;
  struct stat st;
  puts("== statx");
  stat("f", &st);
  memset(&sx, 0xee, sizeof sx);
  SHOW(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
  printf("mask-basic=%x mode=%o size=%llu nlink=%u\n", sx.stx_mask & STATX_BASIC_STATS, sx.stx_mode,
         (unsigned long long)sx.stx_size, sx.stx_nlink);
  printf("ino-same=%d dev-same=%d blksize-same=%d blocks-same=%d uid-same=%d\n", sx.stx_ino == st.st_ino,
         makedev(sx.stx_dev_major, sx.stx_dev_minor) == st.st_dev, sx.stx_blksize == st.st_blksize,
         sx.stx_blocks == (unsigned long long)st.st_blocks, sx.stx_uid == st.st_uid);
  printf("mtime-same=%d nsec-same=%d spare0=%d\n", sx.stx_mtime.tv_sec == st.st_mtim.tv_sec,
         sx.stx_mtime.tv_nsec == st.st_mtim.tv_nsec, sx.__spare0[0]);
  SHOW(statx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_ALL, &sx));
  printf("lnk=%d size=%llu\n", S_ISLNK(sx.stx_mode), (unsigned long long)sx.stx_size);
  SHOW(statx(AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, &sx));
  printf("rdev=%u:%u\n", sx.stx_rdev_major, sx.stx_rdev_minor);
  int fd = open("f", O_RDONLY);
  SHOW(statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
  printf("size=%llu\n", (unsigned long long)sx.stx_size);
  SHOW(statx(fd, "", 0, STATX_BASIC_STATS, &sx));
  close(fd);
  SHOW(statx(AT_FDCWD, "f", 0, 0x80000000U, &sx));
  SHOW(statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sx));
  SHOW(statx(AT_FDCWD, "f", AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sx));
  SHOW(statx(AT_FDCWD, "f", 0x4, STATX_BASIC_STATS, &sx));
  SHOW(statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx));
  SHOW(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, BAD));
  SHOW(statx(99, "f", 0, STATX_BASIC_STATS, &sx));
  SHOW(statx(AT_FDCWD, "d", 0, STATX_TYPE, &sx));
  printf("dir=%d\n", S_ISDIR(sx.stx_mode));
}

static void test_statfs(void) {
  struct statfs a, b;
  puts("== statfs, fstatfs");
  SHOW(statfs(".", &a));
  int fd = open("f", O_RDONLY);
  SHOW(fstatfs(fd, &b));
  printf("same fs: type=%d bsize=%d namelen=%d frsize=%d\n", a.f_type == b.f_type, a.f_bsize == b.f_bsize,
         a.f_namelen == b.f_namelen, a.f_frsize == b.f_frsize);
  printf("namelen=%ld blocks-ok=%d bfree<=blocks=%d files-ok=%d valid=%d ro=%d\n", (long)a.f_namelen, a.f_blocks > 0,
         a.f_bfree <= a.f_blocks, a.f_files >= a.f_ffree, (int)(a.f_flags & ST_VALID) != 0,
         (int)(a.f_flags & ST_RDONLY));
  close(fd);
  SHOW(statfs("/proc", &a));
  printf("proc magic=%lx\n", (long)a.f_type);
  SHOW(statfs("/dev/null", &b));
  SHOW(statfs("missing", &a));
  SHOW(statfs("", &a));
  SHOW(statfs("f", BAD));
  SHOW(fstatfs(99, &a));
  int op = open(".", O_PATH);
  SHOW(fstatfs(op, &b));
  close(op);
}

/* Lists a directory with getdents64 using a buffer of `size` bytes; prints sorted names and types. */
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path, size_t size) {
  char *names[512];
  int n = 0, calls = 0;
  char *buf = malloc(size);
  int fd = open(path, O_RDONLY | O_DIRECTORY);
  int bad_reclen = 0;
  for (;;) {
    long got = syscall(SYS_getdents64, fd, buf, size);
    calls++;
    if (got <= 0) {
      if (got < 0) printf("getdents64: %s\n", strerrorname_np(errno));
      break;
    }
    for (long off = 0; off < got;) {
      struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
      if (d->d_reclen % 8 != 0 || d->d_reclen < 20) bad_reclen++;
      char *e = malloc(300);
      snprintf(e, 300, "%s:%d", d->d_name, d->d_type);
      if (n < 512) names[n++] = e;
      off += d->d_reclen;
    }
  }
  qsort(names, n, sizeof names[0], cmp_str);
  printf("%s (buf %zu): %d entries, bad reclen %d, more than one call: %d\n", path, size, n, bad_reclen, calls > 2);
  if (n <= 12)
    for (int i = 0; i < n; i++) printf("  %s\n", names[i]);
  for (int i = 0; i < n; i++) free(names[i]);
  close(fd);
  free(buf);
}

static void test_getdents(void) {
  char buf[512];
  puts("== getdents64");
  SHOW(mkdir("g", 0755));
  put("g/a", "");
  put("g/bb", "");
  SHOW(mkdir("g/sub", 0755));
  SHOW(symlink("a", "g/link"));
  SHOW(mkfifo("g/fifo", 0644));
  list_dir("g", 4096);
  list_dir("g", 32);
  SHOW(mkdir("big", 0755));
  for (int i = 0; i < 300; i++) {
    char name[64];
    snprintf(name, sizeof name, "big/file-with-a-longish-name-%03d", i);
    put(name, "");
  }
  list_dir("big", 4096);
  list_dir("big", 64);
  int fd = open("g", O_RDONLY | O_DIRECTORY);
  SHOW(syscall(SYS_getdents64, fd, buf, 10));
  long first;
  SHOW(first = syscall(SYS_getdents64, fd, buf, sizeof buf));
  SHOW(syscall(SYS_getdents64, fd, buf, sizeof buf));
  SHOW(lseek(fd, 0, SEEK_SET));
  long again;
  SHOW(again = syscall(SYS_getdents64, fd, buf, sizeof buf));
  printf("same size after rewind: %d\n", first == again);
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(syscall(SYS_getdents64, fd, BAD, sizeof buf));
  /* Resuming from an entry's d_off continues right after it. */
  SHOW(lseek(fd, 0, SEEK_SET));
  long got = syscall(SYS_getdents64, fd, buf, 24);
  struct dirent64_raw *d = (struct dirent64_raw *)buf;
  printf("one entry: %d\n", got == d->d_reclen);
  SHOW(lseek(fd, d->d_off, SEEK_SET) == d->d_off);
  int rest = 0;
  for (long g; (g = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0;)
    for (long off = 0; off < g; off += ((struct dirent64_raw *)(buf + off))->d_reclen) rest++;
  printf("entries after the first: %d\n", rest);
  close(fd);
  int f = open("g/a", O_RDONLY);
  SHOW(syscall(SYS_getdents64, f, buf, sizeof buf));
  close(f);
  SHOW(syscall(SYS_getdents64, 99, buf, sizeof buf));
  int op = open("g", O_PATH);
  SHOW(syscall(SYS_getdents64, op, buf, sizeof buf));
  close(op);
  /* readdir(3) over the same directory, as programs usually list one. */
  DIR *dir = opendir("g");
  int count = 0;
  while (readdir(dir)) count++;
  rewinddir(dir);
  int count2 = 0;
  while (readdir(dir)) count2++;
  closedir(dir);
  printf("readdir: %d entries, %d after rewinddir\n", count, count2);
  /* An empty directory still has . and .. */
  SHOW(mkdir("empty", 0755));
  list_dir("empty", 4096);
}

int main(void) {
  test_stat();
  test_statx();
  test_statfs();
  test_getdents();
  return 0;
}
