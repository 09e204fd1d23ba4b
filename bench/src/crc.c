/*
 * crc: cyclic redundancy checks (integer kernel).
 *
 * CRC-32 (reflected, polynomial 0xEDB88320) computed bit by bit and with a 256-entry
 * table, CRC-16/CCITT bit by bit and Adler-32, over a 16 KiB buffer that changes each
 * pass: shifts, xors and table lookups. The bitwise and table CRC-32 must agree.
 *
 * Usage: crc [passes]   (default 700)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SIZE 16384

static uint8_t buf[SIZE];
static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
  }
  return ~c;
}

static uint32_t crc32_table(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return ~c;
}

static uint16_t crc16_ccitt(const uint8_t *p, size_t n) {
  uint16_t c = 0xffff;
  for (size_t i = 0; i < n; i++) {
    c ^= (uint16_t)(p[i] << 8);
    for (int k = 0; k < 8; k++) c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
  }
  return c;
}

static uint32_t adler32(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) {
    a = (a + p[i]) % 65521u;
    b = (b + a) % 65521u;
  }
  return b << 16 | a;
}

int main(int argc, char **argv) {
  int passes = argc > 1 ? atoi(argv[1]) : 700;
  uint32_t s = 1;
  for (int i = 0; i < SIZE; i++) {
    s = s * 69069u + 1u;
    buf[i] = (uint8_t)(s >> 24);
  }
  make_table();
  uint32_t acc32 = 0, acc16 = 0, accA = 0;
  int mismatches = 0;
  for (int p = 0; p < passes; p++) {
    uint32_t a = crc32_bitwise(buf, SIZE), b = crc32_table(buf, SIZE);
    if (a != b) mismatches++;
    acc32 = (acc32 << 3 | acc32 >> 29) ^ a;
    acc16 = acc16 * 7 + crc16_ccitt(buf, SIZE);
    accA ^= adler32(buf, SIZE) + (uint32_t)p;
    buf[(uint32_t)p * 2654435761u % SIZE] ^= (uint8_t)(a | 1);
  }
  printf("crc: passes=%d crc32=%08x crc16=%08x adler=%08x mismatches=%d\n", passes, acc32, acc16, accA, mismatches);
  return mismatches != 0;
}
