// rvjit-test: qemu
// rvjit-link: dynamic
// rvjit-args: @GUEST@/libplugin.so
// dlopen/dlsym/dlclose of a library we build (tests/guest/libplugin.c).
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) { printf("dlopen failed: %s\n", dlerror()); return 1; }
  int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
  int *counter = (int *)dlsym(h, "plugin_counter");
  printf("add=%d add=%d counter=%d missing=%s\n", add(1, 2), add(1, 2), *counter, dlsym(h, "nope") ? "found" : "null");
  printf("dlclose=%d\n", dlclose(h));
  return 0;
}
