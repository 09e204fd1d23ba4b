/* A first guest program: greets, echoes its arguments, and reports what it runs on. */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  struct utsname u;
  uname(&u);
  printf("Hello from %s on %s!\n", argv[0], u.machine);
  for (int i = 1; i < argc; i++) printf("  argument %d: %s\n", i, argv[i]);
  return 0;
}
