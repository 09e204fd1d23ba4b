/* A shared library for proc_dlopen: a function, a variable, a constructor and TLS. */
#include <stdio.h>
int plugin_counter = 40;
static __thread int plugin_tls = 7;
__attribute__((constructor)) static void plugin_init(void) { plugin_counter += 2; }
int plugin_add(int a, int b) { return a + b + plugin_tls++; }
