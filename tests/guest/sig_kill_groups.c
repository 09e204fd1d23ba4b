// rvjit-test: expect
// rvjit-expect-status: 0
// rvjit-expect-stdout: kill(0) without children: 0, handler ran 1\nkill(-0x7ffffff0): -1 ESRCH, kill(INT_MIN): -1 ESRCH, handler ran 1, child still running 1\nkill(-getpid()): 0, handler ran 2, child: exit 7\n
// kill() to process groups (expect mode: under qemu-riscv64 or natively these calls would
// reach the test runner's own process group). kill(0, sig) and kill(-getpid(), sig) signal this
// process and its children, even without children; a group that is not ours and does not
// exist, and INT_MIN (whose negation overflows), are ESRCH and signal nobody. rvjit used to
// answer ESRCH to kill(0) without children, and to signal itself and its children for any
// negative pid (found by the syscall fuzzer).
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t ran, is_child;

static void on_usr1(int sig) {
  (void)sig;
  if (is_child) _exit(7);
  ran++;
}

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : ""; }

int main(void) {
  signal(SIGUSR1, on_usr1);
  long r = kill(0, SIGUSR1);
  printf("kill(0) without children: %ld, handler ran %d\n", r, (int)ran);

  int ready[2];
  pipe(ready);
  pid_t child = fork();
  if (child == 0) {
    is_child = 1;
    write(ready[1], "r", 1);
    for (;;) pause();
  }
  char c;
  read(ready[0], &c, 1);
  long a = kill(-0x7ffffff0, SIGUSR1);
  const char *ea = err(a);
  long b = kill(INT_MIN, SIGUSR1);
  const char *eb = err(b);
  int st;
  printf("kill(-0x7ffffff0): %ld %s, kill(INT_MIN): %ld %s, handler ran %d, child still running %d\n", a, ea, b, eb,
         (int)ran, waitpid(child, &st, WNOHANG) == 0);
  r = kill(-getpid(), SIGUSR1);
  printf("kill(-getpid()): %ld, handler ran %d, ", r, (int)ran);
  waitpid(child, &st, 0);
  printf("child: %s %d\n", WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
  return 0;
}
