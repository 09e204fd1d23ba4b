/*
 * statemachine: a character-driven finite state machine (integer kernel).
 *
 * A generated text of tokens (decimal and hex integers, decimals, numbers with exponents,
 * identifiers, junk) is scanned one character at a time by a switch-on-state machine that
 * classifies each token: unpredictable multi-way branches on every byte. Between passes a
 * few bytes are mutated so no pass is the same as the one before.
 *
 * Usage: statemachine [passes]   (default 1600; each pass scans 64 KiB)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SIZE 65536

enum state { START, SIGN, ZERO, INT, HEX_X, HEX, POINT, FRAC, EXP, EXP_SIGN, EXP_DIGITS, IDENT, JUNK, NSTATES };
enum kind { K_INT, K_HEX, K_DECIMAL, K_SCI, K_IDENT, K_JUNK, NKINDS };

static char text[SIZE + 1];
static uint32_t seed = 2463534242u;

static uint32_t rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static int put(int pos, const char *set, int count) {
  int len = 0;
  while (set[len]) len++;
  for (int i = 0; i < count && pos < SIZE; i++) text[pos++] = set[rnd() % (uint32_t)len];
  return pos;
}

/* Fills the buffer with tokens of every kind, separated by spaces, commas or newlines. */
static void generate(void) {
  int pos = 0;
  while (pos < SIZE) {
    switch (rnd() % 7) {
    case 0: pos = put(pos, "-+", 1); pos = put(pos, "123456789", 1); pos = put(pos, "0123456789", (int)(rnd() % 6)); break;
    case 1: pos = put(pos, "0", 1); pos = put(pos, "xX", 1); pos = put(pos, "0123456789abcdefABCDEF", 1 + (int)(rnd() % 8)); break;
    case 2: pos = put(pos, "0123456789", 1 + (int)(rnd() % 4)); pos = put(pos, ".", 1); pos = put(pos, "0123456789", 1 + (int)(rnd() % 5)); break;
    case 3:
      pos = put(pos, "123456789", 1); pos = put(pos, ".", 1); pos = put(pos, "0123456789", 1 + (int)(rnd() % 3));
      pos = put(pos, "eE", 1); pos = put(pos, "+-0", 1); pos = put(pos, "0123456789", 1 + (int)(rnd() % 2));
      break;
    case 4: pos = put(pos, "abcdefghijklmnopqrstuvwxyz_", 1); pos = put(pos, "abcdefghijklmnopqrstuvwxyz_0123456789", (int)(rnd() % 10)); break;
    case 5: pos = put(pos, "0123456789.eE+-x", 1 + (int)(rnd() % 5)); break;
    default: pos = put(pos, "!@#$%^&*()[]{}<>?/", 1 + (int)(rnd() % 3)); break;
    }
    pos = put(pos, "  ,\n", 1);
  }
  text[SIZE] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_sep(char c) { return c == ' ' || c == ',' || c == '\n' || c == 0; }

/* Which kind a token ending in state s is. */
static enum kind accept(enum state s) {
  switch (s) {
  case ZERO: case INT: return K_INT;
  case HEX: return K_HEX;
  case FRAC: return K_DECIMAL;
  case EXP_DIGITS: return K_SCI;
  case IDENT: return K_IDENT;
  default: return K_JUNK;
  }
}

static void scan(const char *p, uint32_t counts[NKINDS], uint32_t transitions[NSTATES]) {
  enum state s = START;
  for (;; p++) {
    char c = *p;
    if (is_sep(c)) {
      if (s != START) counts[accept(s)]++;
      s = START;
      if (c == 0) return;
      continue;
    }
    enum state next;
    switch (s) {
    case START:
      next = c == '0' ? ZERO : is_digit(c) ? INT : (c == '-' || c == '+') ? SIGN : is_alpha(c) ? IDENT : JUNK;
      break;
    case SIGN: next = c == '0' ? ZERO : is_digit(c) ? INT : JUNK; break;
    case ZERO: next = (c == 'x' || c == 'X') ? HEX_X : is_digit(c) ? INT : c == '.' ? POINT : JUNK; break;
    case INT: next = is_digit(c) ? INT : c == '.' ? POINT : (c == 'e' || c == 'E') ? EXP : JUNK; break;
    case HEX_X: case HEX: next = is_hex(c) ? HEX : JUNK; break;
    case POINT: next = is_digit(c) ? FRAC : JUNK; break;
    case FRAC: next = is_digit(c) ? FRAC : (c == 'e' || c == 'E') ? EXP : JUNK; break;
    case EXP: next = (c == '+' || c == '-') ? EXP_SIGN : is_digit(c) ? EXP_DIGITS : JUNK; break;
    case EXP_SIGN: case EXP_DIGITS: next = is_digit(c) ? EXP_DIGITS : JUNK; break;
    case IDENT: next = (is_alpha(c) || is_digit(c)) ? IDENT : JUNK; break;
    default: next = JUNK; break;
    }
    if (next != s) transitions[next]++;
    s = next;
  }
}

int main(int argc, char **argv) {
  int passes = argc > 1 ? atoi(argv[1]) : 1600;
  uint32_t counts[NKINDS] = {0}, transitions[NSTATES] = {0};
  generate();
  for (int i = 0; i < passes; i++) {
    scan(text, counts, transitions);
    /* mutate a few bytes so every pass sees slightly different input */
    for (int k = 0; k < 16; k++) {
      uint32_t at = rnd() % SIZE;
      if (!is_sep(text[at])) text[at] = "0123456789abcxe.+-"[rnd() % 18];
    }
  }
  uint32_t h = 0;
  for (int s = 0; s < NSTATES; s++) h = h * 131 + transitions[s];
  printf("statemachine: passes=%d int=%u hex=%u decimal=%u sci=%u ident=%u junk=%u transitions=%08x\n", passes,
         counts[K_INT], counts[K_HEX], counts[K_DECIMAL], counts[K_SCI], counts[K_IDENT], counts[K_JUNK], h);
  return 0;
}
