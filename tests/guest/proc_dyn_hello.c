// rvjit-test: qemu
// rvjit-link: dynamic
// rvjit-args: one two
// A dynamically linked program: the interpreter from the sysroot maps libc, applies RELRO,
// runs constructors and sets up TLS.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
static __thread int tls_counter = 5;
__attribute__((constructor)) static void early(void) { tls_counter += 1; }
int main(int argc, char **argv) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s-%d", argv[1], argc);
  char *dup = strdup(buf);
  printf("dynamic hello: %s tls=%d qsort-ok=%d\n", dup, tls_counter, abs(-3) == 3);
  free(dup);
  return 0;
}
