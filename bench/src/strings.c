/*
 * strings: string processing (integer kernel).
 *
 * A generated text of words goes through the everyday string chores: tokenizing, case
 * conversion, reversing words in place, substring search (our own Boyer-Moore-Horspool
 * against libc strstr), comparing, formatting and parsing numbers, and run-length
 * encoding round trips. Byte loads and stores, short loops, libc string routines.
 *
 * Usage: strings [passes]   (default 240; each pass works on a 32 KiB text)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE 32768

static char text[SIZE + 1], work[SIZE + 1], rle[2 * SIZE + 2], back[SIZE + 1];

static uint32_t seed = 12345u;
static uint32_t rnd(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed >> 8;
}

static void generate(void) {
  static const char *syllables[] = {"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "xe",
                                    "an", "el", "in", "or", "us", "ba", "de", "fi", "go", "hu"};
  int pos = 0;
  while (pos < SIZE - 24) {
    int n = 1 + (int)(rnd() % 4);
    for (int i = 0; i < n; i++) {
      const char *s = syllables[rnd() % 20];
      text[pos++] = s[0];
      text[pos++] = s[1];
    }
    /* some words get doubled letters so run-length encoding has runs to find */
    if (rnd() % 5 == 0) { text[pos] = text[pos - 1]; text[pos + 1] = text[pos - 1]; pos += 2; }
    text[pos++] = rnd() % 12 == 0 ? '\n' : ' ';
  }
  text[pos] = 0;
}

/* Splits at spaces and newlines without modifying s; returns the word count. */
static int count_words(const char *s, long *total_len, uint32_t *hash) {
  int words = 0;
  while (*s) {
    while (*s == ' ' || *s == '\n') s++;
    if (!*s) break;
    const char *start = s;
    while (*s && *s != ' ' && *s != '\n') s++;
    words++;
    *total_len += s - start;
    *hash = *hash * 31 + (uint32_t)(s - start) + (uint32_t)start[0];
  }
  return words;
}

static void to_upper(char *d, const char *s) {
  while ((*d++ = (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s)) s++;
}

static void reverse_words(char *s) {
  while (*s) {
    while (*s == ' ' || *s == '\n') s++;
    char *e = s;
    while (*e && *e != ' ' && *e != '\n') e++;
    for (char *a = s, *b = e - 1; a < b; a++, b--) { char t = *a; *a = *b; *b = t; }
    s = e;
  }
}

/* Boyer-Moore-Horspool: counts (possibly overlapping) occurrences of pat in s. */
static int horspool_count(const char *s, size_t n, const char *pat) {
  size_t m = strlen(pat), skip[256];
  for (int i = 0; i < 256; i++) skip[i] = m;
  for (size_t i = 0; i + 1 < m; i++) skip[(uint8_t)pat[i]] = m - 1 - i;
  int count = 0;
  for (size_t i = 0; i + m <= n; i += skip[(uint8_t)s[i + m - 1]])
    if (memcmp(s + i, pat, m) == 0) count++;
  return count;
}

static int strstr_count(const char *s, const char *pat) {
  int count = 0;
  for (const char *p = strstr(s, pat); p; p = strstr(p + 1, pat)) count++;
  return count;
}

static char *utoa(char *d, uint32_t v) {
  char tmp[12];
  int n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) *d++ = tmp[--n];
  return d;
}

static uint64_t sum_numbers(const char *s) {
  uint64_t sum = 0;
  while (*s) {
    uint32_t v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (uint32_t)(*s++ - '0');
    sum += v;
    if (*s) s++;
  }
  return sum;
}

/* Run-length encoding as (count, byte) pairs; counts stay below 256. */
static size_t rle_encode(char *d, const char *s) {
  size_t n = 0;
  while (*s) {
    char c = *s;
    int run = 1;
    while (s[run] == c && run < 255) run++;
    d[n++] = (char)run;
    d[n++] = c;
    s += run;
  }
  return n;
}

static void rle_decode(char *d, const char *s, size_t n) {
  for (size_t i = 0; i < n; i += 2) {
    memset(d, s[i + 1], (uint8_t)s[i]);
    d += (uint8_t)s[i];
  }
  *d = 0;
}

int main(int argc, char **argv) {
  int passes = argc > 1 ? atoi(argv[1]) : 240;
  static const char *patterns[] = {"kalo", "an el", "usus", "xe\nba", "gogogo", "mi"};
  generate();
  long total_len = 0, found = 0, less = 0, mismatches = 0;
  uint32_t hash = 0;
  uint64_t numbers = 0;
  size_t rle_bytes = 0;
  for (int p = 0; p < passes; p++) {
    size_t n = strlen(text);
    count_words(text, &total_len, &hash);
    to_upper(work, text);
    reverse_words(work);
    for (int k = 0; k < 6; k++) {
      int a = horspool_count(text, n, patterns[k]), b = strstr_count(text, patterns[k]);
      if (a != b) mismatches++;
      found += a;
    }
    /* compare each word with the one 100 bytes on, through libc */
    for (size_t i = 0; i + 200 < n; i += 100) {
      const char *a = strchr(text + i, ' '), *b = strchr(text + i + 100, ' ');
      if (a && b && strncmp(a + 1, b + 1, 6) < 0) less++;
    }
    /* numbers out to a comma-separated line and back */
    char *d = back;
    for (uint32_t i = 0; i < 2000; i++) { d = utoa(d, i * 2654435761u + (uint32_t)p); *d++ = ','; }
    *d = 0;
    numbers += sum_numbers(back);
    size_t m = rle_encode(rle, work);
    rle_bytes += m;
    rle_decode(back, rle, m);
    if (strcmp(back, work) != 0) mismatches++;
    hash ^= (uint32_t)work[(uint32_t)p * 977u % n];
    /* change the text a little for the next pass */
    text[rnd() % n] = "abcdefghiklmnoprstuvx"[rnd() % 21];
  }
  printf("strings: passes=%d letters=%ld found=%ld less=%ld numbers=%llu rle=%zu hash=%08x mismatches=%ld\n", passes,
         total_len, found, less, (unsigned long long)numbers, rle_bytes, hash, mismatches);
  return mismatches != 0;
}
