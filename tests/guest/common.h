/* Helpers shared by the guest test programs. */
#ifndef RVJIT_TEST_COMMON_H
#define RVJIT_TEST_COMMON_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Prints a syscall result the same way on every run: value, or -1 and the errno name. */
#define SHOW(expr) do { long _r = (long)(expr); int _e = errno; \
  if (_r < 0) printf("%-40s = %ld (%s)\n", #expr, _r, strerrorname_np(_e) ? strerrorname_np(_e) : "?"); \
  else printf("%-40s = %ld\n", #expr, _r); errno = 0; } while (0)

#endif
