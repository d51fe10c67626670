/* trace_context.c -- W3C Trace Context (traceparent, tracestate) and W3C
 * Baggage: parsing and formatting the headers that carry a request's context
 * between processes, and random span ids.
 *
 * Nothing here touches the runtime's state: these are pure functions over
 * caller memory, safe from any thread.  Parsers validate the whole text before
 * they write anything to the caller's output, so a failed parse leaves it as
 * it was.  Formatters follow snprintf: they return the full length and write
 * what fits, always NUL-terminated when size > 0.
 *
 * The grammars (W3C Trace Context Level 1 and W3C Baggage) are restated next
 * to the code that checks them. */
#define _GNU_SOURCE
#include "actx_trace_context.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* ------------------------------------------------------------ shared */

static bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

/* Drops optional whitespace (SP, HTAB) from both ends of [*s, *s + *len). */
static void trim_ows(const char **s, size_t *len) {
  while (*len > 0 && is_ows(**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_ows((*s)[*len - 1]))
    (*len)--;
}

/* Splits a list: the next item up to `sep` or the end.  *p is NULL after the
 * last item; false once there is none left. */
static bool next_item(const char **p, const char *end, char sep, const char **item, size_t *n) {
  if (!*p)
    return false;
  const char *hit = memchr(*p, sep, (size_t)(end - *p));
  *item = *p;
  *n = (size_t)((hit ? hit : end) - *p);
  *p = hit ? hit + 1 : NULL;
  return true;
}

/* snprintf-style output: the text's length goes on counting past `size`. */
struct out {
  char *buf;
  size_t size;
  size_t len; /* bytes the whole text needs, without the NUL */
};

static void out_put(struct out *o, const char *s, size_t n) {
  if (o->len < o->size) {
    size_t room = o->size - 1 - o->len; /* keep one byte for the NUL */
    memcpy(o->buf + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

static void out_end(struct out *o) {
  if (o->size > 0)
    o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
}

/* The error return of a formatter: "" in buf when it has room. */
static int out_fail(struct out *o) {
  if (o->size > 0)
    o->buf[0] = '\0';
  return ACTX_EINVAL;
}

/* ------------------------------------------------------------ traceparent */

/* HEXDIGLC = DIGIT / "a"-"f": lowercase only; -1 for anything else. */
static int hex_lc(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Reads n bytes from 2n lowercase hex digits; false on any other character. */
static bool read_hex(const char *s, uint8_t *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int hi = hex_lc(s[2 * i]), lo = hex_lc(s[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    bytes[i] = (uint8_t)(hi << 4 | lo);
  }
  return true;
}

static bool all_zero(const uint8_t *bytes, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (bytes[i])
      return false;
  return true;
}

/* value          = version "-" trace-id "-" parent-id "-" trace-flags
 * version        = 2HEXDIGLC, not "ff"
 * trace-id       = 32HEXDIGLC, not all zero      (offset 3)
 * parent-id      = 16HEXDIGLC, not all zero      (offset 36)
 * trace-flags    = 2HEXDIGLC                     (offset 53)
 * Version 00 ends there (55 characters).  A higher version may go on, but only
 * after a '-': its first 55 characters are read by these rules and the rest is
 * not looked at ("MUST NOT parse or assume anything about unknown fields"). */
int actx_traceparent_parse(const char *s, size_t len, actx_trace_context *out) {
  if (!s || !out)
    return ACTX_EINVAL;
  trim_ows(&s, &len);
  if (len < ACTX_TRACEPARENT_LEN)
    return ACTX_EINVAL;
  uint8_t version;
  actx_trace_context tc;
  if (!read_hex(s, &version, 1) || version == 0xff || s[2] != '-')
    return ACTX_EINVAL;
  if (version == 0x00 ? len != ACTX_TRACEPARENT_LEN
                      : len > ACTX_TRACEPARENT_LEN && s[ACTX_TRACEPARENT_LEN] != '-')
    return ACTX_EINVAL;
  if (!read_hex(s + 3, tc.trace_id, 16) || s[35] != '-' || !read_hex(s + 36, tc.span_id, 8) ||
      s[52] != '-' || !read_hex(s + 53, &tc.flags, 1))
    return ACTX_EINVAL;
  if (all_zero(tc.trace_id, sizeof tc.trace_id) || all_zero(tc.span_id, sizeof tc.span_id))
    return ACTX_EINVAL;
  *out = tc;
  return 0;
}

static void put_hex(struct out *o, const uint8_t *bytes, size_t n) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    char pair[2] = {digits[bytes[i] >> 4], digits[bytes[i] & 15]};
    out_put(o, pair, 2);
  }
}

size_t actx_traceparent_format(const actx_trace_context *tc, char *buf, size_t size) {
  struct out o = {buf, buf ? size : 0, 0};
  if (!tc) {
    out_end(&o);
    return 0;
  }
  out_put(&o, "00-", 3);
  put_hex(&o, tc->trace_id, sizeof tc->trace_id);
  out_put(&o, "-", 1);
  put_hex(&o, tc->span_id, sizeof tc->span_id);
  out_put(&o, "-", 1);
  put_hex(&o, &tc->flags, 1);
  out_end(&o);
  return o.len;
}

/* Fills buf with random bytes: getrandom(), else /dev/urandom (old kernels,
 * seccomp filters that refuse the call). */
static int random_bytes(uint8_t *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(buf + got, n - got, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  if (got == n)
    return 0;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ACTX_ENOTSUP;
  while (got < n) {
    ssize_t r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  return got == n ? 0 : ACTX_ENOTSUP;
}

/* An all-zero id is invalid on the wire: draw again (odds 2^-64 per span). */
static int random_id(uint8_t *id, size_t n) {
  do {
    int err = random_bytes(id, n);
    if (err)
      return err;
  } while (all_zero(id, n));
  return 0;
}

int actx_trace_context_new_root(actx_trace_context *out, uint8_t flags) {
  if (!out)
    return ACTX_EINVAL;
  actx_trace_context tc;
  int err = random_id(tc.trace_id, sizeof tc.trace_id);
  if (!err)
    err = random_id(tc.span_id, sizeof tc.span_id);
  if (err)
    return err;
  tc.flags = flags;
  *out = tc;
  return 0;
}

int actx_trace_context_child(const actx_trace_context *parent, actx_trace_context *out) {
  if (!parent || !out)
    return ACTX_EINVAL;
  actx_trace_context tc = *parent;
  /* Our span sets only the flags this version knows: "vendors MUST set those
   * [other flags] to zero". */
  tc.flags &= ACTX_TRACE_FLAG_SAMPLED;
  int err = random_id(tc.span_id, sizeof tc.span_id);
  if (err)
    return err;
  *out = tc;
  return 0;
}

/* ------------------------------------------------------------ tracestate */

static bool is_lcalpha(char c) {
  return c >= 'a' && c <= 'z';
}

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* lcalpha / DIGIT / "_" / "-" / "*" / "/" */
static bool is_keychar(char c) {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

/* Checks `n` keychars from s[0], the first of which must be lcalpha (or also
 * DIGIT when digit_first), and at most `max` of them. */
static bool key_part_ok(const char *s, size_t n, size_t max, bool digit_first) {
  if (n == 0 || n > max || !(is_lcalpha(s[0]) || (digit_first && is_digit(s[0]))))
    return false;
  for (size_t i = 1; i < n; i++)
    if (!is_keychar(s[i]))
      return false;
  return true;
}

/* key              = simple-key / multi-tenant-key
 * simple-key       = lcalpha 0*255( keychar )
 * multi-tenant-key = tenant-id "@" system-id
 * tenant-id        = ( lcalpha / DIGIT ) 0*240( keychar )
 * system-id        = lcalpha 0*13( keychar )                                */
static bool tracestate_key_ok(const char *s, size_t n) {
  const char *at = memchr(s, '@', n);
  if (!at)
    return key_part_ok(s, n, ACTX_TRACESTATE_MAX_KEY, false);
  size_t tenant = (size_t)(at - s);
  return key_part_ok(s, tenant, 241, true) && key_part_ok(at + 1, n - tenant - 1, 14, false);
}

/* value    = 0*255( chr ) nblk-chr
 * nblk-chr = %x21-2B / %x2D-3C / %x3E-7E     (printable but ',' and '=')
 * chr      = %x20 / nblk-chr                                                 */
static bool is_nblk_chr(char c) {
  return c >= 0x21 && c <= 0x7e && c != ',' && c != '=';
}

static bool tracestate_value_ok(const char *s, size_t n) {
  if (n == 0 || n > ACTX_TRACESTATE_MAX_VALUE || !is_nblk_chr(s[n - 1]))
    return false;
  for (size_t i = 0; i + 1 < n; i++)
    if (s[i] != ' ' && !is_nblk_chr(s[i]))
      return false;
  return true;
}

static bool same_key(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && memcmp(a, b, an) == 0;
}

/* list        = list-member 0*31( OWS "," OWS list-member )
 * list-member = key "=" value / OWS
 * A member is split at its first '=' (keys have none).  Trailing spaces are
 * optional whitespace, not part of the value; leading ones belong to it. */
int actx_tracestate_parse(const char *s, size_t len, actx_tracestate_entry *out, size_t cap) {
  if (!s || (!out && cap > 0))
    return ACTX_EINVAL;
  actx_tracestate_entry found[ACTX_TRACESTATE_MAX_MEMBERS];
  size_t n = 0;
  const char *p = s, *m;
  size_t mlen;
  while (next_item(&p, s + len, ',', &m, &mlen)) {
    trim_ows(&m, &mlen);
    if (mlen == 0)
      continue; /* empty and whitespace-only members are allowed */
    const char *eq = memchr(m, '=', mlen);
    if (!eq || n == ACTX_TRACESTATE_MAX_MEMBERS)
      return ACTX_EINVAL;
    actx_tracestate_entry e = {m, (size_t)(eq - m), eq + 1, mlen - (size_t)(eq - m) - 1};
    if (!tracestate_key_ok(e.key, e.key_len) || !tracestate_value_ok(e.value, e.value_len))
      return ACTX_EINVAL;
    for (size_t i = 0; i < n; i++)
      if (same_key(found[i].key, found[i].key_len, e.key, e.key_len))
        return ACTX_EINVAL; /* one entry per key: a duplicate makes the list invalid */
    found[n++] = e;
  }
  if (n > 0 && cap > 0)
    memcpy(out, found, (n < cap ? n : cap) * sizeof *out);
  return (int)n;
}

int actx_tracestate_format(const actx_tracestate_entry *entries, size_t n, char *buf, size_t size) {
  struct out o = {buf, buf ? size : 0, 0};
  if ((!entries && n > 0) || n > ACTX_TRACESTATE_MAX_MEMBERS)
    return out_fail(&o);
  for (size_t i = 0; i < n; i++) {
    const actx_tracestate_entry *e = &entries[i];
    if (!e->key || !e->value || !tracestate_key_ok(e->key, e->key_len) ||
        !tracestate_value_ok(e->value, e->value_len))
      return out_fail(&o);
    for (size_t j = 0; j < i; j++)
      if (same_key(entries[j].key, entries[j].key_len, e->key, e->key_len))
        return out_fail(&o);
    if (i > 0)
      out_put(&o, ",", 1);
    out_put(&o, e->key, e->key_len);
    out_put(&o, "=", 1);
    out_put(&o, e->value, e->value_len);
  }
  out_end(&o);
  return (int)o.len;
}

/* "Modified keys MUST be moved to the beginning (left) of the list"; "the new
 * key-value pair SHOULD be added to the beginning"; past the limit, entries
 * are removed "starting from the end". */
int actx_tracestate_put(actx_tracestate_entry *entries, size_t n, size_t cap, const char *key,
                        size_t key_len, const char *value, size_t value_len) {
  if (!entries || !key || !value || cap == 0 || n > cap || !tracestate_key_ok(key, key_len) ||
      !tracestate_value_ok(value, value_len))
    return ACTX_EINVAL;
  for (size_t i = 0; i < n; i++)
    if (same_key(entries[i].key, entries[i].key_len, key, key_len)) {
      memmove(&entries[i], &entries[i + 1], (n - i - 1) * sizeof *entries);
      n--;
      break; /* a parsed or formatted list holds a key once */
    }
  size_t limit = cap < ACTX_TRACESTATE_MAX_MEMBERS ? cap : ACTX_TRACESTATE_MAX_MEMBERS;
  size_t keep = n < limit - 1 ? n : limit - 1;
  memmove(&entries[1], &entries[0], keep * sizeof *entries);
  entries[0] = (actx_tracestate_entry){key, key_len, value, value_len};
  return (int)(keep + 1);
}

/* ------------------------------------------------------------ baggage */

/* tchar (RFC 7230, 3.2.6): "!" "#" "$" "%" "&" "'" "*" "+" "-" "." "^" "_"
 * "`" "|" "~" DIGIT ALPHA */
static bool is_tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
         (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 * (printable ASCII but DQUOTE, ',', ';' and '\') */
static bool is_baggage_octet(char c) {
  return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

static bool token_ok(const char *s, size_t n) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!is_tchar(s[i]))
      return false;
  return true;
}

static bool baggage_value_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_baggage_octet(s[i]))
      return false;
  return true;
}

/* key OWS "=" OWS value (value may be empty), or, when `bare_ok`, a key alone. */
static bool baggage_pair_ok(const char *s, size_t n, bool bare_ok) {
  const char *eq = memchr(s, '=', n);
  const char *k = s, *v;
  size_t klen = eq ? (size_t)(eq - s) : n, vlen;
  trim_ows(&k, &klen);
  if (!token_ok(k, klen))
    return false;
  if (!eq)
    return bare_ok;
  v = eq + 1;
  vlen = (size_t)(s + n - v);
  trim_ows(&v, &vlen);
  return baggage_value_ok(v, vlen);
}

/* property = key OWS "=" OWS value / key OWS, separated by OWS ";" OWS. */
static bool baggage_properties_ok(const char *s, size_t n) {
  const char *p = s, *item;
  size_t len;
  while (next_item(&p, s + n, ';', &item, &len))
    if (!baggage_pair_ok(item, len, true))
      return false;
  return true;
}

/* baggage-string = list-member 0*179( OWS "," OWS list-member )
 * list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
 * key            = token;  value = *baggage-octet
 * A value may hold '=' (it is split at the first one). */
static bool baggage_member(const char *m, size_t mlen, actx_baggage_entry *e) {
  const char *semi = memchr(m, ';', mlen);
  size_t head = semi ? (size_t)(semi - m) : mlen;
  const char *eq = memchr(m, '=', head);
  if (!eq)
    return false;
  e->key = m;
  e->key_len = (size_t)(eq - m);
  trim_ows(&e->key, &e->key_len);
  e->value = eq + 1;
  e->value_len = (size_t)(m + head - e->value);
  trim_ows(&e->value, &e->value_len);
  if (!token_ok(e->key, e->key_len) || !baggage_value_ok(e->value, e->value_len))
    return false;
  e->properties = NULL;
  e->properties_len = 0;
  if (semi) {
    e->properties = semi + 1;
    e->properties_len = (size_t)(m + mlen - e->properties);
    trim_ows(&e->properties, &e->properties_len);
    if (!baggage_properties_ok(e->properties, e->properties_len))
      return false;
  }
  return true;
}

int actx_baggage_parse(const char *s, size_t len, actx_baggage_entry *out, size_t cap) {
  if (!s || (!out && cap > 0) || len > ACTX_BAGGAGE_MAX_BYTES)
    return ACTX_EINVAL;
  trim_ows(&s, &len);
  if (len == 0)
    return 0;
  /* Two passes: validate everything, then store, so a failure writes nothing. */
  for (int pass = 0; pass < 2; pass++) {
    size_t n = 0, mlen;
    const char *p = s, *m;
    while (next_item(&p, s + len, ',', &m, &mlen)) {
      actx_baggage_entry e;
      trim_ows(&m, &mlen);
      if (n == ACTX_BAGGAGE_MAX_MEMBERS || !baggage_member(m, mlen, &e))
        return ACTX_EINVAL;
      if (pass == 1 && n < cap)
        out[n] = e;
      n++;
    }
    if (pass == 1)
      return (int)n;
  }
  return ACTX_EINVAL; /* not reached */
}

int actx_baggage_format(const actx_baggage_entry *entries, size_t n, char *buf, size_t size) {
  struct out o = {buf, buf ? size : 0, 0};
  if ((!entries && n > 0) || n > ACTX_BAGGAGE_MAX_MEMBERS)
    return out_fail(&o);
  for (size_t i = 0; i < n; i++) {
    const actx_baggage_entry *e = &entries[i];
    bool props = e->properties && e->properties_len > 0;
    if (!e->key || (!e->value && e->value_len > 0) || !token_ok(e->key, e->key_len) ||
        !baggage_value_ok(e->value, e->value_len) ||
        (props && !baggage_properties_ok(e->properties, e->properties_len)))
      return out_fail(&o);
    if (i > 0)
      out_put(&o, ",", 1);
    out_put(&o, e->key, e->key_len);
    out_put(&o, "=", 1);
    if (e->value_len > 0)
      out_put(&o, e->value, e->value_len);
    if (props) {
      out_put(&o, ";", 1);
      out_put(&o, e->properties, e->properties_len);
    }
  }
  if (o.len > ACTX_BAGGAGE_MAX_BYTES)
    return out_fail(&o);
  out_end(&o);
  return (int)o.len;
}

int actx_baggage_encode(const char *s, size_t len, char *buf, size_t size) {
  static const char digits[] = "0123456789ABCDEF";
  struct out o = {buf, buf ? size : 0, 0};
  if (!s && len > 0)
    return out_fail(&o);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_baggage_octet((char)c) && c != '%') {
      out_put(&o, (const char *)&s[i], 1);
    } else {
      char esc[3] = {'%', digits[c >> 4], digits[c & 15]};
      out_put(&o, esc, 3);
    }
  }
  out_end(&o);
  return (int)o.len;
}

/* Any-case hex digit for %XX; -1 otherwise. */
static int hex_any(char c) {
  int v = hex_lc(c);
  if (v < 0 && c >= 'A' && c <= 'F')
    v = c - 'A' + 10;
  return v;
}

int actx_baggage_decode(const char *s, size_t len, char *buf, size_t size) {
  struct out o = {buf, buf ? size : 0, 0};
  if (!s && len > 0)
    return out_fail(&o);
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '%') {
      if (len - i < 3 || hex_any(s[i + 1]) < 0 || hex_any(s[i + 2]) < 0)
        return out_fail(&o);
      c = (char)(hex_any(s[i + 1]) << 4 | hex_any(s[i + 2]));
      i += 2;
    }
    out_put(&o, &c, 1);
  }
  out_end(&o);
  return (int)o.len;
}
