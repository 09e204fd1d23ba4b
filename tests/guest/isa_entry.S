// rvjit-test: qemu
// rvjit-nostdlib
// rvjit-args: one two
// The register state a static program sees at its ELF entry point, without any C runtime: Linux
// (and qemu) zero every integer register except sp, clear fcsr, and leave sp 16-byte aligned,
// pointing at argc. Prints one character per register x1..x31 ('0' zero, 's' for sp, 'X' for any
// other non-zero value), then fcsr, sp alignment and argc, using raw ecalls.

#define SYS_write 64
#define SYS_exit 93
#define LINE_LEN 57

  .data
line:
  .ascii "...............................  fcsr .  sp%16 .  argc .\n"
  .balign 8
saved:
  .zero 256

  // No C runtime sets up gp, so the linker must not relax addresses to gp-relative form.
  .option norelax
  .text
  .globl _start
_start:
  // Save x1..x31 before touching anything (x2 = sp is saved too, but reported specially).
  lla t6, saved          // clobbers t6 (x31): record its entry value from the assembler's view first
  sd x1, 8(t6)
  sd x2, 16(t6)
  sd x3, 24(t6)
  sd x4, 32(t6)
  sd x5, 40(t6)
  sd x6, 48(t6)
  sd x7, 56(t6)
  sd x8, 64(t6)
  sd x9, 72(t6)
  sd x10, 80(t6)
  sd x11, 88(t6)
  sd x12, 96(t6)
  sd x13, 104(t6)
  sd x14, 112(t6)
  sd x15, 120(t6)
  sd x16, 128(t6)
  sd x17, 136(t6)
  sd x18, 144(t6)
  sd x19, 152(t6)
  sd x20, 160(t6)
  sd x21, 168(t6)
  sd x22, 176(t6)
  sd x23, 184(t6)
  sd x24, 192(t6)
  sd x25, 200(t6)
  sd x26, 208(t6)
  sd x27, 216(t6)
  sd x28, 224(t6)
  sd x29, 232(t6)
  sd x30, 240(t6)
  // x31 (t6) was overwritten by lla; its entry value cannot be observed without another scratch
  // register, and every other register is checked, so it is reported as '-'.

  lla s0, saved
  lla s1, line
  li s2, 1               // register index
1:
  slli t0, s2, 3
  add t0, s0, t0
  ld t1, 0(t0)
  li t2, '0'
  beqz t1, 2f
  li t2, 'X'
  li t3, 2
  bne s2, t3, 2f
  li t2, 's'
2:
  add t0, s1, s2
  sb t2, -1(t0)
  addi s2, s2, 1
  li t3, 31
  blt s2, t3, 1b
  li t2, '-'
  sb t2, 30(s1)

  // fcsr must be zero (round to nearest, no flags).
  frcsr t0
  li t2, '0'
  beqz t0, 3f
  li t2, 'X'
3:
  sb t2, 38(s1)

  // sp 16-byte aligned.
  ld t0, 16(s0)
  andi t0, t0, 15
  li t2, '0'
  beqz t0, 4f
  li t2, 'X'
4:
  sb t2, 47(s1)

  // argc at 0(sp): a single digit here.
  ld t0, 16(s0)
  ld t0, 0(t0)
  addi t0, t0, '0'
  sb t0, 55(s1)

  li a0, 1
  mv a1, s1
  li a2, LINE_LEN
  li a7, SYS_write
  ecall
  // Exit with the status write returned minus the line length: 0 when the whole line went out.
  li t0, LINE_LEN
  sub a0, a0, t0
  li a7, SYS_exit
  ecall

