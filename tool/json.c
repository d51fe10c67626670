/* json.c -- the small JSON reader of json.h: recursive descent over a
 * NUL-terminated text.  It reads back what report.c wrote, so it needs no
 * streaming and no number precision beyond a double; depth is bounded so a
 * hostile file cannot overflow the stack. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define RJ_MAX_DEPTH 64

typedef struct {
  const char *p;
  const char *err;
} rj_parser;

static void skip_ws(rj_parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
    ps->p++;
}

static bool fail(rj_parser *ps, const char *why) {
  if (!ps->err)
    ps->err = why;
  return false;
}

static void put_utf8(rw_buf *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xc0 | cp >> 6);
    u[1] = (char)(0x80 | (cp & 0x3f));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xe0 | cp >> 12);
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[2] = (char)(0x80 | (cp & 0x3f));
    n = 3;
  } else {
    u[0] = (char)(0xf0 | cp >> 18);
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[3] = (char)(0x80 | (cp & 0x3f));
    n = 4;
  }
  rw_buf_add(b, u, n);
}

static bool hex4(rj_parser *ps, unsigned *cp) {
  *cp = 0;
  for (int i = 0; i < 4; i++) {
    char c = *ps->p++;
    unsigned d;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = (unsigned)(c - 'A' + 10);
    else
      return fail(ps, "bad \\u escape");
    *cp = *cp << 4 | d;
  }
  return true;
}

static bool parse_string(rj_parser *ps, char **out) {
  rw_buf b = {0};
  ps->p++; /* the opening quote */
  rw_buf_add(&b, "", 0);
  for (;;) {
    unsigned char c = (unsigned char)*ps->p;
    if (c == '"') {
      ps->p++;
      break;
    }
    if (c == '\0' || c < 0x20) {
      rw_buf_free(&b);
      return fail(ps, "unterminated string");
    }
    if (c != '\\') {
      rw_buf_add(&b, ps->p++, 1);
      continue;
    }
    ps->p++;
    char e = *ps->p++;
    unsigned cp;
    switch (e) {
    case '"': rw_buf_add(&b, "\"", 1); break;
    case '\\': rw_buf_add(&b, "\\", 1); break;
    case '/': rw_buf_add(&b, "/", 1); break;
    case 'b': rw_buf_add(&b, "\b", 1); break;
    case 'f': rw_buf_add(&b, "\f", 1); break;
    case 'n': rw_buf_add(&b, "\n", 1); break;
    case 'r': rw_buf_add(&b, "\r", 1); break;
    case 't': rw_buf_add(&b, "\t", 1); break;
    case 'u':
      if (!hex4(ps, &cp)) {
        rw_buf_free(&b);
        return false;
      }
      /* A surrogate pair is one code point; a lone half is kept as is. */
      if (cp >= 0xd800 && cp < 0xdc00 && ps->p[0] == '\\' && ps->p[1] == 'u') {
        const char *save = ps->p;
        unsigned lo;
        ps->p += 2;
        if (hex4(ps, &lo) && lo >= 0xdc00 && lo < 0xe000)
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        else
          ps->p = save;
      }
      put_utf8(&b, cp);
      break;
    default: rw_buf_free(&b); return fail(ps, "bad escape");
    }
  }
  *out = b.data;
  return true;
}

static bool parse_value(rj_parser *ps, rj_value *v, int depth);

static bool parse_items(rj_parser *ps, rj_value *v, int depth, char close) {
  bool object = close == '}';
  ps->p++;
  skip_ws(ps);
  if (*ps->p == close) {
    ps->p++;
    return true;
  }
  for (;;) {
    v->items = rw_xrealloc(v->items, (v->n + 1) * sizeof *v->items);
    memset(&v->items[v->n], 0, sizeof *v->items);
    if (object) {
      v->keys = rw_xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
      v->keys[v->n] = NULL;
      skip_ws(ps);
      if (*ps->p != '"' || !parse_string(ps, &v->keys[v->n])) {
        v->n++; /* so rj_free sees the slot */
        return fail(ps, "expected a member name");
      }
      skip_ws(ps);
      if (*ps->p++ != ':') {
        v->n++;
        return fail(ps, "expected ':'");
      }
    }
    bool ok = parse_value(ps, &v->items[v->n], depth + 1);
    v->n++;
    if (!ok)
      return false;
    skip_ws(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return true;
    }
    return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static bool literal(rj_parser *ps, const char *word) {
  size_t n = strlen(word);
  if (strncmp(ps->p, word, n) != 0)
    return fail(ps, "unexpected character");
  ps->p += n;
  return true;
}

static bool parse_value(rj_parser *ps, rj_value *v, int depth) {
  if (depth > RJ_MAX_DEPTH)
    return fail(ps, "nested too deep");
  skip_ws(ps);
  char c = *ps->p;
  switch (c) {
  case '{': v->type = RJ_OBJECT; return parse_items(ps, v, depth, '}');
  case '[': v->type = RJ_ARRAY; return parse_items(ps, v, depth, ']');
  case '"': v->type = RJ_STRING; return parse_string(ps, &v->string);
  case 't':
    v->type = RJ_BOOL;
    v->boolean = true;
    return literal(ps, "true");
  case 'f': v->type = RJ_BOOL; return literal(ps, "false");
  case 'n': v->type = RJ_NULL; return literal(ps, "null");
  default: {
    char *end;
    v->type = RJ_NUMBER;
    v->number = strtod(ps->p, &end);
    if (end == ps->p || !(c == '-' || (c >= '0' && c <= '9')))
      return fail(ps, c ? "unexpected character" : "unexpected end");
    ps->p = end;
    return true;
  }
  }
}

static void free_inner(rj_value *v) {
  for (size_t i = 0; i < v->n; i++) {
    free_inner(&v->items[i]);
    if (v->keys)
      free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
}

void rj_free(rj_value *v) {
  if (v) {
    free_inner(v);
    free(v);
  }
}

rj_value *rj_parse(const char *text, const char **err) {
  rj_parser ps = {text, NULL};
  rj_value *v = rw_xmalloc(sizeof *v);
  memset(v, 0, sizeof *v);
  if (parse_value(&ps, v, 0)) {
    skip_ws(&ps);
    if (*ps.p == '\0')
      return v;
    fail(&ps, "trailing characters");
  }
  *err = ps.err;
  rj_free(v);
  return NULL;
}

const rj_value *rj_get(const rj_value *v, const char *key) {
  if (!v || v->type != RJ_OBJECT)
    return NULL;
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->keys[i], key) == 0)
      return &v->items[i];
  return NULL;
}

const char *rj_get_string(const rj_value *v, const char *key, const char *dflt) {
  const rj_value *m = rj_get(v, key);
  return m && m->type == RJ_STRING ? m->string : dflt;
}

double rj_get_number(const rj_value *v, const char *key, double dflt) {
  const rj_value *m = rj_get(v, key);
  return m && m->type == RJ_NUMBER ? m->number : dflt;
}

void rj_append_string(rw_buf *out, const char *s) {
  rw_buf_puts(out, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      rw_buf_printf(out, "\\%c", *p);
    else if (*p < 0x20)
      rw_buf_printf(out, "\\u%04x", *p);
    else
      rw_buf_add(out, (const char *)p, 1);
  }
  rw_buf_puts(out, "\"");
}
