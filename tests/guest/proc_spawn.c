// rvjit-test: host
// Runs itself as a child through fork+exec and through posix_spawn, talking over pipes; wait4
// sees exit statuses and signals. qemu-riscv64 cannot run a riscv64 child without binfmt, so the
// oracle is the same source built for and run on the host.
#include <spawn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void describe(char *out, int st) {
  if (WIFEXITED(st)) sprintf(out, "exit %d", WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) sprintf(out, "signal %d", WTERMSIG(st));
  else sprintf(out, "other %x", st);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "echo")) {
    char buf[64] = {0};
    ssize_t n = read(0, buf, sizeof buf - 1);
    printf("echo:%.*s", (int)n, buf);
    return 3;
  }
  if (argc > 1 && !strcmp(argv[1], "sleep")) { for (;;) pause(); }
  char st_text[32], reply[64];
  int st;
  /* fork + exec, stdin/stdout through pipes */
  int in[2], out[2];
  pipe(in); pipe(out);
  pid_t p = fork();
  if (p == 0) {
    dup2(in[0], 0); dup2(out[1], 1);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
    char *args[] = {argv[0], "echo", NULL};
    execv("/proc/self/exe", args);
    _exit(127);
  }
  close(in[0]); close(out[1]);
  write(in[1], "ping", 4); close(in[1]);
  memset(reply, 0, sizeof reply); read(out[0], reply, sizeof reply - 1); close(out[0]);
  waitpid(p, &st, 0); describe(st_text, st);
  printf("fork+exec: child says '%s' status=%s\n", reply, st_text);
  /* posix_spawn with file actions */
  pipe(in); pipe(out);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  char *args[] = {argv[0], "echo", NULL};
  if (posix_spawn(&p, "/proc/self/exe", &fa, NULL, args, environ) != 0) { printf("posix_spawn failed\n"); return 1; }
  close(in[0]); close(out[1]);
  write(in[1], "pong", 4); close(in[1]);
  memset(reply, 0, sizeof reply); read(out[0], reply, sizeof reply - 1); close(out[0]);
  waitpid(p, &st, 0); describe(st_text, st);
  printf("posix_spawn: child says '%s' status=%s\n", reply, st_text);
  /* a forked child that keeps computing */
  pipe(out);
  p = fork();
  if (p == 0) { close(out[0]); int v = fib(30); write(out[1], &v, sizeof v); _exit(0); }
  close(out[1]);
  int v = 0; read(out[0], &v, sizeof v); close(out[0]);
  waitpid(p, &st, 0); describe(st_text, st);
  printf("forked compute: %d status=%s\n", v, st_text);
  /* signals seen by wait */
  char *sl[] = {argv[0], "sleep", NULL};
  posix_spawn(&p, "/proc/self/exe", NULL, NULL, sl, environ);
  usleep(300000);
  kill(p, SIGTERM);
  waitpid(p, &st, 0); describe(st_text, st);
  printf("killed child: %s\n", st_text);
  p = fork();
  if (p == 0) { *(volatile int *)0 = 1; _exit(0); }
  waitpid(p, &st, 0); describe(st_text, st);
  printf("segv child: %s\n", st_text);
  int codes[3], k = 0;
  for (int c = 0; c < 3; c++) { p = fork(); if (p == 0) _exit(c == 0 ? 0 : c == 1 ? 1 : 255); }
  for (int c = 0; c < 3; c++) { pid_t w = wait(&st); (void)w; codes[k++] = WEXITSTATUS(st); }
  /* the three may finish in any order */
  int lo = codes[0], mid = codes[1], hi = codes[2], tmp;
  if (lo > mid) tmp = lo, lo = mid, mid = tmp;
  if (mid > hi) tmp = mid, mid = hi, hi = tmp;
  if (lo > mid) tmp = lo, lo = mid, mid = tmp;
  printf("exit statuses: %d %d %d\n", lo, mid, hi);
  return 0;
}
