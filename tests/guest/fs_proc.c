// rvjit-test: qemu
// rvjit-args: first second
// rvjit-cflags: -Wno-misleading-indentation -Wno-stringop-overflow -Wno-stringop-overread
// The guest's /proc/self: exe, fd, fdinfo, maps, auxv, cmdline, environ, stat, status, comm,
// cwd, plus /proc/cpuinfo, /dev/fd and a few host device files. Checks structure and values the
// program can verify itself, never addresses, inode numbers, pids or temp paths.
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "common.h"

extern char **environ;

/* Reads a whole file (procfs files report size 0, so read until EOF). */
static long slurp(const char *path, char *buf, long size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -errno;
  long n = 0, r;
  while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0) n += r;
  close(fd);
  buf[n] = 0;
  return n;
}

static const char *base(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static char self_name[256];

/*
 * qemu-riscv64 fakes only some of /proc/self (no [heap] label in maps, the host's environ, a
 * shorter stat line, a read-write maps descriptor, nothing for dirfd-relative names). Checks
 * of those Linux behaviours print "cond || under_qemu" so both runs print the same line,
 * while rvjit is still held to Linux's behaviour. qemu shows itself through a /proc/self dirfd.
 */
static int under_qemu;

static void detect_qemu(void) {
  char link[4096] = {0};
  int self = open("/proc/self", O_RDONLY | O_DIRECTORY);
  readlinkat(self, "exe", link, sizeof link - 1);
  close(self);
  under_qemu = strncmp(base(link), "qemu-", 5) == 0;
}

static void test_exe(void) {
  char link[4096] = {0}, buf[4];
  puts("== /proc/self/exe");
  long n = readlink("/proc/self/exe", link, sizeof link - 1);
  printf("readlink ok=%d absolute=%d base-matches=%d\n", n > 0, link[0] == '/', strcmp(base(link), self_name) == 0);
  char pidpath[64];
  snprintf(pidpath, sizeof pidpath, "/proc/%d/exe", getpid());
  char link2[4096] = {0};
  readlink(pidpath, link2, sizeof link2 - 1);
  printf("/proc/<pid>/exe same: %d\n", strcmp(link, link2) == 0);
  int fd = open("/proc/self/exe", O_RDONLY);
  SHOW(read(fd, buf, 4));
  printf("elf magic: %d\n", memcmp(buf, ELFMAG, 4) == 0);
  close(fd);
  struct stat st;
  SHOW(stat("/proc/self/exe", &st));
  printf("exe is regular: %d\n", S_ISREG(st.st_mode));
  SHOW(lstat("/proc/self/exe", &st));
  printf("exe link is symlink: %d\n", S_ISLNK(st.st_mode));
  SHOW(access("/proc/self/exe", X_OK));
}

static void test_fd_links(void) {
  char path[64], link[4096];
  puts("== /proc/self/fd");
  int fd = open("file.txt", O_CREAT | O_RDWR, 0644);
  write(fd, "contents", 8);
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  memset(link, 0, sizeof link);
  SHOW(readlink(path, link, sizeof link) > 0);
  printf("fd link base: %s absolute=%d\n", base(link), link[0] == '/');
  snprintf(path, sizeof path, "/dev/fd/%d", fd);
  char link2[4096] = {0};
  readlink(path, link2, sizeof link2);
  printf("/dev/fd same: %d\n", strcmp(link, link2) == 0);
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  int again = open(path, O_RDONLY);
  char buf[16] = {0};
  SHOW(read(again, buf, 8));
  printf("reopened reads from start: %s\n", buf);
  SHOW(lseek(fd, 0, SEEK_CUR));
  close(again);
  int p[2];
  pipe(p);
  snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
  memset(link, 0, sizeof link);
  readlink(path, link, sizeof link);
  printf("pipe link prefix: %.6s ends-with-bracket=%d\n", link, link[strlen(link) - 1] == ']');
  struct stat st;
  SHOW(stat(path, &st));
  printf("follows to fifo: %d\n", S_ISFIFO(st.st_mode));
  SHOW(readlink("/proc/self/fd/987", link, sizeof link));
  SHOW(open("/proc/self/fd/987", O_RDONLY));
  /* The listing shows exactly what is open, and names each fd. */
  int want[] = {0, 1, 2, fd, p[0], p[1]};
  int found[6] = {0}, stray_closed = 0;
  DIR *d = opendir("/proc/self/fd");
  int dfd = dirfd(d);
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    int n = atoi(e->d_name);
    for (int i = 0; i < 6; i++) if (want[i] == n) found[i] = 1;
    if (fcntl(n, F_GETFD) < 0 && n != dfd) stray_closed++;
  }
  closedir(d);
  printf("found:");
  for (int i = 0; i < 6; i++) printf(" %d", found[i]);
  printf(" listed-but-closed=%d\n", stray_closed);
  /* Linux lists the directory's own descriptor too: it is open while being read. */
  d = opendir("/proc/self/fd");
  dfd = dirfd(d);
  int self_listed = 0;
  for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.' && atoi(e->d_name) == dfd) self_listed = 1;
  closedir(d);
  printf("own dirfd listed: %d\n", self_listed);
  /* A dirfd on /proc/self/fd resolves names as guest fds. */
  int fdir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
  snprintf(path, sizeof path, "%d", fd);
  char link3[4096] = {0};
  SHOW(readlinkat(fdir, path, link3, sizeof link3) > 0);
  printf("via dirfd same: %d\n", strcmp(link, link3) != 0 && strcmp(base(link3), "file.txt") == 0);
  close(fdir);
  close(p[0]);
  close(p[1]);
  close(fd);
}

static void test_fdinfo(void) {
  char path[64], text[1024];
  puts("== /proc/self/fdinfo");
  int fd = open("file.txt", O_RDWR | O_APPEND | O_CLOEXEC);
  lseek(fd, 5, SEEK_SET);
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  SHOW(slurp(path, text, sizeof text) > 0);
  long pos = -1;
  unsigned flags = 0;
  char *ps = strstr(text, "pos:"), *fs = strstr(text, "flags:");
  if (ps) pos = strtol(ps + 4, NULL, 10);
  if (fs) flags = strtoul(fs + 6, NULL, 8);
  printf("pos=%ld append=%d cloexec=%d accmode=%o\n", pos, (flags & O_APPEND) != 0, (flags & 02000000) != 0, flags & 3);
  close(fd);
  SHOW(slurp("/proc/self/fdinfo/987", text, sizeof text));
}

static void test_maps(void) {
  static char text[65536];
  puts("== /proc/self/maps");
  free(malloc(100000));
  long n = slurp("/proc/self/maps", text, sizeof text);
  printf("read ok: %d\n", n > 0);
  int lines = 0, parsed = 0, own_text = 0, stack = 0, heap = 0, name_col_ok = 1, perms_ok = 1;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    unsigned long start, end, off, inode;
    char perms[8];
    unsigned maj, min;
    int consumed = 0;
    lines++;
    if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %n", &start, &end, perms, &off, &maj, &min, &inode, &consumed) >= 7) {
      parsed++;
    }
    if (strlen(perms) != 4 || !strchr("r-", perms[0]) || !strchr("w-", perms[1]) || !strchr("x-", perms[2]) ||
        !strchr("ps", perms[3]))
      perms_ok = 0;
    const char *name = line + consumed;
    if (*name) {
      if (name - line != 73 && strlen(line) < 100) name_col_ok = 0;
      if (strcmp(base(name), self_name) == 0 && strcmp(perms, "r-xp") == 0) own_text = 1;
      if (strcmp(name, "[stack]") == 0) stack = 1;
      if (strcmp(name, "[heap]") == 0) heap = 1;
    }
    (void)start;
    (void)end;
  }
  printf("all lines parse: %d perms ok: %d name column 73: %d\n", lines == parsed, perms_ok, name_col_ok);
  printf("own text r-xp: %d [stack]: %d [heap]: %d\n", own_text, stack, heap || under_qemu);
  int fd = open("/proc/self/maps", O_RDONLY);
  char a[32] = {0}, b[32] = {0};
  read(fd, a, 20);
  SHOW(lseek(fd, 0, SEEK_SET));
  read(fd, b, 20);
  printf("re-read after lseek matches: %d\n", strcmp(a, b) == 0);
  struct stat st;
  SHOW(fstat(fd, &st));
  printf("regular: %d\n", S_ISREG(st.st_mode));
  printf("read-only: %d\n", write(fd, "x", 1) < 0 || under_qemu);
  close(fd);
}

static void test_auxv(void) {
  unsigned long buf[512];
  puts("== /proc/self/auxv");
  int fd = open("/proc/self/auxv", O_RDONLY);
  long n = read(fd, buf, sizeof buf);
  close(fd);
  int pagesz = 0, phent = 0, entry = 0, terminated = 0;
  for (long i = 0; i + 1 < n / 8; i += 2) {
    if (buf[i] == AT_PAGESZ) pagesz = buf[i + 1] == 4096;
    if (buf[i] == AT_PHENT) phent = buf[i + 1] == sizeof(Elf64_Phdr);
    if (buf[i] == AT_ENTRY) entry = buf[i + 1] == getauxval(AT_ENTRY);
    if (buf[i] == AT_NULL) {
      terminated = i + 2 == n / 8;
      break;
    }
  }
  printf("pagesz=%d phent=%d entry=%d ends-with-AT_NULL=%d\n", pagesz, phent, entry, terminated);
}

static void test_cmdline_environ(int argc, char **argv) {
  static char text[65536];
  puts("== /proc/self/cmdline, environ");
  long n = slurp("/proc/self/cmdline", text, sizeof text);
  long expect = 0;
  for (int i = 0; i < argc; i++) expect += strlen(argv[i]) + 1;
  int same = n == expect;
  for (long off = 0, i = 0; same && i < argc; off += strlen(argv[i]) + 1, i++) same = strcmp(text + off, argv[i]) == 0;
  printf("cmdline: %ld bytes, matches argv: %d, args: %s %s\n", n, same, text + strlen(text) + 1,
         text + strlen(text) + 1 + strlen(text + strlen(text) + 1) + 1);
  n = slurp("/proc/self/environ", text, sizeof text);
  long off = 0;
  int i = 0, env_same = 1;
  for (; environ[i] && off < n; i++) {
    if (strcmp(text + off, environ[i]) != 0) env_same = 0;
    off += strlen(text + off) + 1;
  }
  printf("environ matches: %d (all consumed %d)\n", (env_same && environ[i] == NULL) || under_qemu, off == n);
}

static void test_stat_status(void) {
  static char text[8192];
  puts("== /proc/self/stat, status");
  slurp("/proc/self/stat", text, sizeof text);
  int pid = 0, ppid = 0;
  char state = 0;
  char *close_paren = strrchr(text, ')');
  sscanf(text, "%d", &pid);
  if (close_paren) sscanf(close_paren + 2, "%c %d", &state, &ppid);
  char comm[64] = {0};
  char *open_paren = strchr(text, '(');
  if (open_paren && close_paren) memcpy(comm, open_paren + 1, close_paren - open_paren - 1);
  int fields = 0;
  for (char *p = close_paren ? close_paren + 1 : text; *p; p++) if (*p == ' ') fields++;
  printf("pid ok=%d ppid ok=%d state R: %d comm=%s fields>=50: %d\n", pid == getpid(), ppid == getppid(),
         state == 'R' || under_qemu, comm, fields + 2 >= 50 || under_qemu);
  slurp("/proc/self/status", text, sizeof text);
  char *p = strstr(text, "\nPid:");
  char *pp = strstr(text, "\nPPid:");
  char *tg = strstr(text, "\nTgid:");
  printf("status Pid ok=%d PPid ok=%d Tgid ok=%d\n", p && atoi(p + 5) == getpid(), pp && atoi(pp + 6) == getppid(),
         tg && atoi(tg + 6) == getpid());
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", getpid());
  static char text2[8192];
  slurp(path, text2, sizeof text2);
  printf("/proc/<pid>/status has our pid: %d\n", strstr(text2, "\nPid:") && atoi(strstr(text2, "\nPid:") + 5) == getpid());
}

static void test_comm(void) {
  char text[64];
  puts("== /proc/self/comm");
  SHOW(prctl(PR_SET_NAME, "renamed-thread"));
  slurp("/proc/self/comm", text, sizeof text);
  printf("comm=%s", text);
  char tpath[64];
  snprintf(tpath, sizeof tpath, "/proc/self/task/%d/comm", (int)gettid());
  slurp(tpath, text, sizeof text);
  printf("task comm=%s", text);
  slurp("/proc/thread-self/comm", text, sizeof text);
  printf("thread-self comm=%s", text);
}

static void test_cpuinfo(void) {
  static char text[1 << 16];
  puts("== /proc/cpuinfo");
  slurp("/proc/cpuinfo", text, sizeof text);
  int count = 0;
  for (char *p = text; (p = strstr(p, "processor")); p++) if (p == text || p[-1] == '\n') count++;
  printf("processor entries match online cpus: %d\n", count == sysconf(_SC_NPROCESSORS_ONLN) && count > 0);
  long online = slurp("/sys/devices/system/cpu/online", text, sizeof text);
  printf("/sys/devices/system/cpu/online readable: %d starts with 0: %d\n", online > 0, text[0] == '0');
}

static void test_cwd_root(void) {
  char link[4096] = {0}, cwd[4096];
  puts("== /proc/self/cwd, root, dirfd");
  getcwd(cwd, sizeof cwd);
  readlink("/proc/self/cwd", link, sizeof link);
  printf("cwd link matches getcwd: %d\n", strcmp(link, cwd) == 0);
  memset(link, 0, sizeof link);
  readlink("/proc/self/root", link, sizeof link);
  printf("root -> %s\n", link);
  int self = open("/proc/self", O_RDONLY | O_DIRECTORY);
  static char text[4096];
  int fd = openat(self, "cmdline", O_RDONLY);
  long n = read(fd, text, sizeof text);
  printf("cmdline via dirfd: %d\n", (n > 0 && strcmp(base(text), self_name) == 0) || under_qemu);
  close(fd);
  memset(link, 0, sizeof link);
  readlinkat(self, "exe", link, sizeof link);
  printf("exe via dirfd: %d\n", strcmp(base(link), self_name) == 0 || under_qemu);
  close(self);
}

static void test_devices(void) {
  char buf[16];
  puts("== /dev");
  int fd = open("/dev/null", O_RDWR);
  SHOW(write(fd, "gone", 4));
  SHOW(read(fd, buf, sizeof buf));
  close(fd);
  fd = open("/dev/zero", O_RDONLY);
  memset(buf, 1, sizeof buf);
  SHOW(read(fd, buf, sizeof buf));
  printf("zeros: %d\n", buf[0] == 0 && buf[15] == 0);
  close(fd);
  fd = open("/dev/urandom", O_RDONLY);
  SHOW(read(fd, buf, sizeof buf));
  close(fd);
  struct stat st;
  SHOW(fstat(0, &st));
  SHOW(open("/dev/stdin", O_RDONLY) >= 0);
}

int main(int argc, char **argv) {
  snprintf(self_name, sizeof self_name, "%s", base(argv[0]));
  detect_qemu();
  test_exe();
  test_fd_links();
  test_fdinfo();
  test_maps();
  test_auxv();
  test_cmdline_environ(argc, argv);
  test_stat_status();
  test_comm();
  test_cpuinfo();
  test_cwd_root();
  test_devices();
  return 0;
}
