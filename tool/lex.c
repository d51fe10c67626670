/* lex.c -- byte-level C lexing for actx-rewrite (see lex.h for the rules).
 *
 * Owns: identifier characters, comment/literal/whitespace skipping, argument
 * ranges checked on the bytes, directive recognition, word prefixes and the
 * line table.  No libclang: tests/rewrite/test-lex.c runs it on strings.
 */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

bool lex_is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

size_t lex_comment_end(const char *s, size_t len, size_t i, bool *closed) {
  if (s[i + 1] == '/') {
    while (i < len && s[i] != '\n')
      i++;
    *closed = i < len;
    return i;
  }
  for (i += 2; i + 1 < len; i++)
    if (s[i] == '*' && s[i + 1] == '/') {
      *closed = true;
      return i + 2;
    }
  *closed = false;
  return len;
}

size_t lex_skip_space(const char *s, size_t len, size_t i) {
  for (;;) {
    while (i < len &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
            s[i] == '\v' || (s[i] == '\\' && i + 1 < len && s[i + 1] == '\n')))
      i++;
    if (i + 1 < len && s[i] == '/' && (s[i + 1] == '*' || s[i + 1] == '/')) {
      bool closed;
      i = lex_comment_end(s, len, i, &closed);
    } else {
      return i;
    }
  }
}

size_t lex_literal_end(const char *s, size_t len, size_t i, bool *closed) {
  char q = s[i++];
  while (i < len && s[i] != q && s[i] != '\n')
    i += s[i] == '\\' ? 2 : 1; /* an escape, or a line splice */
  *closed = i < len && s[i] == q;
  if (i > len)
    return len; /* a backslash was the last byte */
  return *closed ? i + 1 : i;
}

bool lex_balanced_argument(const char *s, size_t start, size_t end) {
  int depth = 0;
  size_t i = start;
  if (start >= end)
    return false;
  while (i < end) {
    char c = s[i];
    bool closed;
    if (c == '"' || c == '\'') {
      i = lex_literal_end(s, end, i, &closed);
      if (!closed)
        return false;
      continue;
    }
    if (c == '/' && i + 1 < end && (s[i + 1] == '*' || s[i + 1] == '/')) {
      /* A comment running past end would swallow the text inserted there. */
      i = lex_comment_end(s, end, i, &closed);
      if (!closed)
        return false;
      continue;
    }
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth < 0)
        return false;
    } else if (c == ',' && depth == 0)
      return false;
    else if (c == '#' || c == ';')
      return false;
    i++;
  }
  return depth == 0;
}

size_t lex_invocation_end(const char *s, size_t len, size_t i) {
  if (i >= len || !lex_is_ident_char(s[i]) || (s[i] >= '0' && s[i] <= '9'))
    return 0;
  while (i < len && lex_is_ident_char(s[i]))
    i++;
  size_t j = lex_skip_space(s, len, i);
  if (j >= len || s[j] != '(')
    return i;
  int depth = 0;
  while (j < len) {
    char c = s[j];
    bool closed;
    if (c == '"' || c == '\'') {
      j = lex_literal_end(s, len, j, &closed);
      continue;
    }
    if (c == '/' && j + 1 < len && (s[j + 1] == '*' || s[j + 1] == '/')) {
      j = lex_comment_end(s, len, j, &closed);
      continue;
    }
    if (c == '(')
      depth++;
    else if (c == ')' && --depth == 0)
      return j + 1;
    j++;
  }
  return 0;
}

char lex_prev_char(const char *s, size_t i) {
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r'))
    i--;
  return i > 0 ? s[i - 1] : '\0';
}

bool lex_starts_with(const char *s, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(s, prefix, n) == 0;
}

bool lex_starts_with_word(const char *s, size_t len, const char *word) {
  size_t n = strlen(word);
  return lex_starts_with(s, len, word) &&
         (len == n || !n || !lex_is_ident_char(word[n - 1]) || !lex_is_ident_char(s[n]));
}

bool lex_continues_line(const char *s, size_t ls) {
  if (ls >= 2 && s[ls - 1] == '\n' && s[ls - 2] == '\\')
    return true;
  return ls >= 3 && s[ls - 1] == '\n' && s[ls - 2] == '\r' && s[ls - 3] == '\\';
}

bool lex_directive(const char *s, size_t len, size_t ls, const char **name, size_t *name_len,
                   size_t *rest) {
  size_t i = ls;
  if (lex_continues_line(s, ls))
    return false;
  while (i < len && is_blank(s[i]))
    i++;
  if (i >= len || s[i] != '#')
    return false;
  i++;
  while (i < len && is_blank(s[i]))
    i++;
  size_t j = i;
  while (j < len && lex_is_ident_char(s[j]))
    j++;
  *name = s + i;
  *name_len = j - i;
  while (j < len && is_blank(s[j]))
    j++;
  *rest = j;
  return true;
}

bool lex_directive_is(const char *name, size_t name_len, const char *word) {
  return name_len == strlen(word) && memcmp(name, word, name_len) == 0;
}

/* The line number a directive on the line at ls sets for the next line
 * (`#line N`, `# N`), or 0 when it sets none. */
static unsigned line_directive(const char *s, size_t len, size_t ls) {
  const char *name;
  size_t n, i;
  if (!lex_directive(s, len, ls, &name, &n, &i))
    return 0;
  if (lex_directive_is(name, n, "line"))
    ;
  else if (n && name[0] >= '0' && name[0] <= '9')
    i = (size_t)(name - s);
  else
    return 0;
  unsigned v = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9')
    v = v * 10 + (unsigned)(s[i++] - '0');
  return v;
}

bool lex_lines_build(lex_lines *t, const char *s, size_t len) {
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n';
  t->starts = malloc(n * sizeof *t->starts);
  t->numbers = malloc(n * sizeof *t->numbers);
  t->n = 0;
  if (!t->starts || !t->numbers) {
    lex_lines_free(t);
    return false;
  }
  unsigned l = 1;
  size_t ls = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '\n')
      continue;
    t->starts[t->n] = ls;
    t->numbers[t->n++] = l;
    if (i == len)
      break;
    unsigned set = line_directive(s, i, ls); /* the line ending at i */
    l = set ? set : l + 1;
    ls = i + 1;
  }
  return true;
}

void lex_lines_free(lex_lines *t) {
  free(t->starts);
  free(t->numbers);
  t->starts = NULL;
  t->numbers = NULL;
  t->n = 0;
}

size_t lex_lines_index(const lex_lines *t, size_t offset) {
  size_t lo = 0, hi = t->n; /* the last line start <= offset */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->starts[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

void lex_lines_position(const lex_lines *t, size_t offset, unsigned *line, unsigned *col) {
  size_t k = lex_lines_index(t, offset);
  *line = t->numbers[k];
  *col = (unsigned)(offset - t->starts[k]) + 1;
}
