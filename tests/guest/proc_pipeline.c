// rvjit-test: host
// A small shell: runs "gen | upper | count" with our own riscv64 programs (this program, in
// three roles) connected by pipes, and collects the exit statuses. qemu-riscv64 cannot run the
// riscv64 children without binfmt: the oracle is the same source built for the host.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int role(const char *r) {
  char buf[256];
  if (!strcmp(r, "gen")) { printf("alpha beta\ngamma\ndelta epsilon\nzeta\n"); return 0; }
  if (!strcmp(r, "upper")) {
    while (fgets(buf, sizeof buf, stdin)) { for (char *p = buf; *p; p++) *p = toupper(*p); fputs(buf, stdout); }
    return 0;
  }
  if (!strcmp(r, "count")) {
    int lines = 0, words = 0, in = 0, c;
    while ((c = getchar()) != EOF) {
      if (c == '\n') lines++;
      if (isspace(c)) in = 0; else if (!in) in = 1, words++;
    }
    printf("pipeline: %d lines, %d words\n", lines, words);
    return 0;
  }
  return 2;
}

int main(int argc, char **argv) {
  if (argc > 1) return role(argv[1]);
  const char *roles[] = {"gen", "upper", "count"};
  pid_t pids[3];
  int prev = -1;
  for (int i = 0; i < 3; i++) {
    int p[2] = {-1, -1};
    if (i < 2) pipe(p);
    pids[i] = fork();
    if (pids[i] == 0) {
      if (prev >= 0) { dup2(prev, 0); close(prev); }
      if (i < 2) { dup2(p[1], 1); close(p[0]); close(p[1]); }
      char *args[] = {argv[0], (char *)roles[i], NULL};
      execv("/proc/self/exe", args);
      _exit(127);
    }
    if (prev >= 0) close(prev);
    if (i < 2) { close(p[1]); prev = p[0]; }
  }
  int st[3];
  for (int i = 0; i < 3; i++) waitpid(pids[i], &st[i], 0);
  printf("pipeline statuses: %d %d %d\n", WEXITSTATUS(st[0]), WEXITSTATUS(st[1]), WEXITSTATUS(st[2]));
  return 0;
}
