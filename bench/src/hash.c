/*
 * hash: hash functions and an open-addressing hash table (integer kernel).
 *
 * String keys (formatted with snprintf) are hashed with FNV-1a and a multiply-xorshift
 * mixer; the 64-bit hashes go into a linear-probing table (insert, look up, delete with
 * tombstones, periodic rebuild). Hashing is multiply-heavy straight-line code; probing is
 * data-dependent loads and branches.
 *
 * Usage: hash [rounds]   (default 25; each round does ~100k table operations)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (1 << 16) /* table capacity; kept at most ~60% full */
#define EMPTY 0
#define TOMB 1          /* keys 0 and 1 are reserved as markers */

static uint64_t keys[SLOTS];
static uint32_t vals[SLOTS];
static int live, used; /* live keys; slots not EMPTY (live + tombstones) */

static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
  return h;
}

/* A 64-bit finalizer: multiply and fold high bits down, twice. */
static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  x ^= x >> 33;
  return x;
}

static void clear(void) {
  memset(keys, 0, sizeof keys);
  live = used = 0;
}

static void insert(uint64_t k, uint32_t v);

/* Drops tombstones by reinserting every live key into a fresh table. */
static void rebuild(void) {
  static uint64_t ok[SLOTS];
  static uint32_t ov[SLOTS];
  int n = 0;
  for (int i = 0; i < SLOTS; i++)
    if (keys[i] > TOMB) { ok[n] = keys[i]; ov[n] = vals[i]; n++; }
  clear();
  for (int i = 0; i < n; i++) insert(ok[i], ov[i]);
}

static void insert(uint64_t k, uint32_t v) {
  uint32_t i = (uint32_t)mix(k) & (SLOTS - 1);
  int64_t tomb = -1;
  for (;; i = (i + 1) & (SLOTS - 1)) {
    if (keys[i] == k) { vals[i] += v; return; }
    if (keys[i] == TOMB && tomb < 0) tomb = i;
    if (keys[i] == EMPTY) break;
  }
  if (tomb >= 0) i = (uint32_t)tomb; else used++;
  keys[i] = k;
  vals[i] = v;
  live++;
  if (used > SLOTS * 6 / 10) rebuild();
}

static int lookup(uint64_t k, uint32_t *v) {
  for (uint32_t i = (uint32_t)mix(k) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
    if (keys[i] == k) { *v = vals[i]; return 1; }
    if (keys[i] == EMPTY) return 0;
  }
}

static int erase(uint64_t k) {
  for (uint32_t i = (uint32_t)mix(k) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
    if (keys[i] == k) { keys[i] = TOMB; live--; return 1; }
    if (keys[i] == EMPTY) return 0;
  }
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 25;
  char word[32];
  uint64_t acc = 0;
  long misses = 0, erased = 0;
  clear();
  for (int r = 0; r < rounds; r++) {
    for (uint32_t i = 0; i < 30000; i++) {
      /* a key built from text, as a symbol table would see it */
      int n = snprintf(word, sizeof word, "k%u_%u", (i * 7919u) % 8000u, (uint32_t)r % 3u);
      uint64_t k = fnv1a(word, (size_t)n) | 2; /* never a marker */
      insert(k, i);
      uint32_t v;
      /* a key that was never inserted: the probe runs to an empty slot */
      if (!lookup(mix(k + (uint64_t)r) | 2, &v)) misses++;
      if (lookup(k, &v)) acc += v;
      if ((i & 3) == 0 && erase(fnv1a(word, (size_t)n - 1) | 2)) erased++;
      if ((i & 7) == 0 && erase(k)) erased++;
    }
    acc = mix(acc ^ (uint64_t)live);
  }
  printf("hash: rounds=%d live=%d misses=%ld erased=%ld checksum=%016llx\n", rounds, live, misses, erased,
         (unsigned long long)acc);
  return 0;
}
