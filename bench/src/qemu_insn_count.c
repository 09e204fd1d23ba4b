/*
 * A QEMU TCG plugin that counts executed guest instructions, for the bench harness's
 * "guest instructions per second" column. Debian's qemu-user is built with plugin support
 * but ships neither the example plugins (libinsn.so) nor <qemu-plugin.h>, so this file
 * declares the handful of plugin API (version 1, QEMU 7.2) entry points it uses itself.
 *
 * Build: gcc -O2 -shared -fPIC -o qemu_insn_count.so qemu_insn_count.c
 * Use:   qemu-riscv64 -plugin ./qemu_insn_count.so,out=FILE prog args...
 *        (without out=, the count goes to stderr)
 *
 * The counter is bumped by an inline add generated into every translated block, which
 * is cheap but not atomic: for multi-threaded guests (Go) the total may lose a few
 * increments to races, which is fine for a rate figure.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
extern void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                                     void *ptr, uint64_t imm);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

#define EXPORT __attribute__((visibility("default")))

/* QEMU refuses plugins that do not declare the API version they were written against. */
EXPORT int qemu_plugin_version = 1;

static uint64_t executed;
static char out_path[4096];

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed, qemu_plugin_tb_n_insns(tb));
}

static void report(qemu_plugin_id_t id, void *userdata) {
  (void)id; (void)userdata;
  FILE *f = out_path[0] ? fopen(out_path, "w") : NULL;
  fprintf(f ? f : stderr, "executed instructions: %llu\n", (unsigned long long)executed);
  if (f) fclose(f);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info, int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++)
    if (strncmp(argv[i], "out=", 4) == 0) snprintf(out_path, sizeof out_path, "%s", argv[i] + 4);
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, report, NULL);
  return 0;
}
