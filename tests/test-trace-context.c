/* test-trace-context.c -- W3C Trace Context (traceparent, tracestate) and W3C
 * Baggage parsing and formatting (include/actx_trace_context.h): the spec's
 * valid and invalid cases, its limits, round trips, new span ids. */
#include "test.h"

#include <actx_trace_context.h>

static const char VALID[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

static int parse(const char *s, actx_trace_context *tc) {
  return actx_traceparent_parse(s, strlen(s), tc);
}

/* PROP-W3C-1: the spec's valid values. */
static void traceparent_valid(void **state) {
  (void)state;
  actx_trace_context tc;
  static const uint8_t trace[16] = {0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6,
                                    0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36};
  static const uint8_t span[8] = {0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7};
  assert_int_equal(parse(VALID, &tc), 0);
  assert_memory_equal(tc.trace_id, trace, 16);
  assert_memory_equal(tc.span_id, span, 8);
  assert_int_equal(tc.flags, ACTX_TRACE_FLAG_SAMPLED);
  /* Not sampled; every flag bit set. */
  assert_int_equal(parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", &tc), 0);
  assert_int_equal(tc.flags, 0);
  assert_int_equal(parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff", &tc), 0);
  assert_int_equal(tc.flags, 0xff);
  /* A length argument, not the NUL, ends the value. */
  char longer[80];
  snprintf(longer, sizeof longer, "%sGARBAGE", VALID);
  assert_int_equal(actx_traceparent_parse(longer, 55, &tc), 0);
  /* Optional whitespace around the field value is not part of it. */
  assert_int_equal(parse(" \t00-12345678901234567890123456789012-1234567890123456-01 \t", &tc), 0);
  assert_int_equal(tc.trace_id[0], 0x12);
}

/* PROP-W3C-1: each of these must be refused, and leave the output alone. */
static void traceparent_invalid(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "00",
      /* version */
      "ff-12345678901234567890123456789012-1234567890123456-01",
      ".0-12345678901234567890123456789012-1234567890123456-01",
      "0.-12345678901234567890123456789012-1234567890123456-01",
      "000-12345678901234567890123456789012-1234567890123456-01",
      "0000-12345678901234567890123456789012-1234567890123456-01",
      "0-12345678901234567890123456789012-1234567890123456-01",
      "0A-12345678901234567890123456789012-1234567890123456-01",
      /* version 00 is exactly 55 characters */
      "00-12345678901234567890123456789012-1234567890123456-01.",
      "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
      "00-12345678901234567890123456789012-1234567890123456-01-",
      /* trace id */
      "00-00000000000000000000000000000000-1234567890123456-01",
      "00-.2345678901234567890123456789012-1234567890123456-01",
      "00-1234567890123456789012345678901.-1234567890123456-01",
      "00-123456789012345678901234567890123-1234567890123456-01",
      "00-1234567890123456789012345678901-1234567890123456-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473G-00f067aa0ba902b7-01",
      /* parent id */
      "00-12345678901234567890123456789012-0000000000000000-01",
      "00-12345678901234567890123456789012-.234567890123456-01",
      "00-12345678901234567890123456789012-123456789012345.-01",
      "00-12345678901234567890123456789012-12345678901234567-01",
      "00-12345678901234567890123456789012-123456789012345-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
      /* flags */
      "00-12345678901234567890123456789012-1234567890123456-.0",
      "00-12345678901234567890123456789012-1234567890123456-0.",
      "00-12345678901234567890123456789012-1234567890123456-001",
      "00-12345678901234567890123456789012-1234567890123456-1",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
      /* separators */
      "00_12345678901234567890123456789012-1234567890123456-01",
      "00-12345678901234567890123456789012_1234567890123456-01",
      "00-12345678901234567890123456789012-1234567890123456_01",
      /* a higher version: shorter than 55, or not followed by '-' */
      "cc-12345678901234567890123456789012-1234567890123456-0",
      "cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like",
      "cc-12345678901234567890123456789012-1234567890123456-01what",
      "cc-00000000000000000000000000000000-1234567890123456-01-x",
      "cc-12345678901234567890123456789012-1234567890123456-0X-x",
      "Cc-12345678901234567890123456789012-1234567890123456-01",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    actx_trace_context tc;
    memset(&tc, 0x5a, sizeof tc);
    if (parse(bad[i], &tc) != ACTX_EINVAL)
      fail_msg("accepted: \"%s\"", bad[i]);
    for (size_t b = 0; b < sizeof tc; b++)
      assert_int_equal(((unsigned char *)&tc)[b], 0x5a);
  }
  actx_trace_context tc;
  assert_int_equal(actx_traceparent_parse(NULL, 55, &tc), ACTX_EINVAL);
  assert_int_equal(actx_traceparent_parse(VALID, 55, NULL), ACTX_EINVAL);
}

/* PROP-W3C-1, PROP-W3C-2: a higher version is parsed by the version-00 rules, and sent on
 * as 00. */
static void traceparent_future_version(void **state) {
  (void)state;
  actx_trace_context tc;
  char buf[64];
  assert_int_equal(parse("cc-12345678901234567890123456789012-1234567890123456-01", &tc), 0);
  assert_int_equal(
      parse("cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
            &tc),
      0);
  assert_int_equal(parse("01-12345678901234567890123456789012-1234567890123456-03-", &tc), 0);
  assert_int_equal(tc.flags, 3);
  assert_int_equal(actx_traceparent_format(&tc, buf, sizeof buf), 55);
  assert_string_equal(buf, "00-12345678901234567890123456789012-1234567890123456-03");
  assert_int_equal(parse("fe-12345678901234567890123456789012-1234567890123456-01-x-y", &tc), 0);
}

/* PROP-W3C-2: format, then parse back. */
static void traceparent_format_round_trip(void **state) {
  (void)state;
  actx_trace_context tc, back;
  char buf[ACTX_TRACEPARENT_LEN + 1];
  assert_int_equal(parse(VALID, &tc), 0);
  assert_int_equal(actx_traceparent_format(&tc, buf, sizeof buf), ACTX_TRACEPARENT_LEN);
  assert_string_equal(buf, VALID);
  assert_int_equal(parse(buf, &back), 0);
  assert_memory_equal(&tc, &back, sizeof tc);
}

/* Like snprintf: what fits and a NUL, the full length returned. */
static void traceparent_format_small_buffer(void **state) {
  (void)state;
  actx_trace_context tc;
  char buf[56];
  assert_int_equal(parse(VALID, &tc), 0);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(actx_traceparent_format(&tc, buf, 10), 55);
  assert_string_equal(buf, "00-4bf92f"); /* 9 characters and the NUL */
  assert_int_equal(buf[10], 'x');
  assert_int_equal(actx_traceparent_format(&tc, buf, 55), 55);
  assert_int_equal(strlen(buf), 54);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(actx_traceparent_format(&tc, buf, 1), 55);
  assert_int_equal(buf[0], '\0');
  assert_int_equal(buf[1], 'x');
  assert_int_equal(actx_traceparent_format(&tc, buf, 0), 55);
  assert_int_equal(buf[0], '\0');
  assert_int_equal(actx_traceparent_format(&tc, NULL, 0), 55);
  assert_int_equal(actx_traceparent_format(NULL, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
}

/* PROP-W3C-2: child spans keep the trace; ids are random and never zero. */
static void root_and_child(void **state) {
  (void)state;
  actx_trace_context root, child, again;
  static const uint8_t zero[16];
  assert_int_equal(actx_trace_context_new_root(&root, ACTX_TRACE_FLAG_SAMPLED), 0);
  assert_memory_not_equal(root.trace_id, zero, 16);
  assert_memory_not_equal(root.span_id, zero, 8);
  assert_int_equal(root.flags, 1);
  assert_int_equal(actx_trace_context_child(&root, &child), 0);
  assert_memory_equal(child.trace_id, root.trace_id, 16);
  assert_memory_not_equal(child.span_id, root.span_id, 8);
  assert_int_equal(child.flags, root.flags);
  /* In place. */
  again = child;
  assert_int_equal(actx_trace_context_child(&again, &again), 0);
  assert_memory_equal(again.trace_id, root.trace_id, 16);
  assert_memory_not_equal(again.span_id, child.span_id, 8);
  /* Two roots are two traces; what is generated parses back. */
  actx_trace_context other, back;
  char buf[56];
  assert_int_equal(actx_trace_context_new_root(&other, 0), 0);
  assert_memory_not_equal(other.trace_id, root.trace_id, 16);
  actx_traceparent_format(&other, buf, sizeof buf);
  assert_int_equal(parse(buf, &back), 0);
  assert_memory_equal(&back, &other, sizeof back);
  assert_int_equal(actx_trace_context_new_root(NULL, 0), ACTX_EINVAL);
  /* Reserved flag bits are not passed on to a child span; sampled is. */
  root.flags = 0xff;
  assert_int_equal(actx_trace_context_child(&root, &child), 0);
  assert_int_equal(child.flags, ACTX_TRACE_FLAG_SAMPLED);
  root.flags = 0xfe;
  assert_int_equal(actx_trace_context_child(&root, &child), 0);
  assert_int_equal(child.flags, 0);
  assert_int_equal(actx_trace_context_child(NULL, &child), ACTX_EINVAL);
  assert_int_equal(actx_trace_context_child(&root, NULL), ACTX_EINVAL);
}

/* ------------------------------------------------------------ tracestate */

static int ts_parse(const char *s, actx_tracestate_entry *out, size_t cap) {
  return actx_tracestate_parse(s, strlen(s), out, cap);
}

static void expect_entry(const actx_tracestate_entry *e, const char *key, const char *value) {
  assert_int_equal(e->key_len, strlen(key));
  assert_memory_equal(e->key, key, e->key_len);
  assert_int_equal(e->value_len, strlen(value));
  assert_memory_equal(e->value, value, e->value_len);
}

/* PROP-W3C-3: the grammar's valid lists. */
static void tracestate_valid(void **state) {
  (void)state;
  actx_tracestate_entry e[ACTX_TRACESTATE_MAX_MEMBERS];
  assert_int_equal(ts_parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", e, 32), 2);
  expect_entry(&e[0], "rojo", "00f067aa0ba902b7");
  expect_entry(&e[1], "congo", "t61rcWkgMzE");
  /* Empty header, empty and whitespace-only members. */
  assert_int_equal(ts_parse("", e, 32), 0);
  assert_int_equal(ts_parse(" \t ", e, 32), 0);
  assert_int_equal(ts_parse(",, ,\t,foo=1,,", e, 32), 1);
  expect_entry(&e[0], "foo", "1");
  /* Optional whitespace around members; a value's leading spaces are its own,
   * trailing ones are not. */
  assert_int_equal(ts_parse("foo=1 \t , \t bar=2, \t baz=3", e, 32), 3);
  expect_entry(&e[0], "foo", "1");
  expect_entry(&e[1], "bar", "2");
  expect_entry(&e[2], "baz", "3");
  assert_int_equal(ts_parse("\t foo= 1 \t", e, 32), 1);
  expect_entry(&e[0], "foo", " 1");
  /* Multi-tenant keys, digits first in a tenant, every allowed character. */
  assert_int_equal(ts_parse("tenant@system=v,0t@s=w", e, 32), 2);
  expect_entry(&e[0], "tenant@system", "v");
  expect_entry(&e[1], "0t@s", "w");
  char all_key[64], all_mt_key[80], value[128], header[512];
  strcpy(all_key, "abcdefghijklmnopqrstuvwxyz0123456789_-*/");
  snprintf(all_mt_key, sizeof all_mt_key, "%s@a-z0-9_-*/", all_key);
  size_t n = 0;
  for (int c = 0x20; c <= 0x7e; c++)
    if (c != ',' && c != '=')
      value[n++] = (char)c;
  value[n] = '\0';
  snprintf(header, sizeof header, "%s=%s,%s=%s", all_key, value, all_mt_key, value);
  assert_int_equal(ts_parse(header, e, 32), 2);
  expect_entry(&e[0], all_key, value);
  expect_entry(&e[1], all_mt_key, value);
  /* Fewer slots than members: the count, and the first ones. */
  assert_int_equal(ts_parse("a=1,b=2,c=3", e, 2), 3);
  expect_entry(&e[1], "b", "2");
  assert_int_equal(ts_parse("a=1,b=2,c=3", NULL, 0), 3);
}

static void tracestate_invalid(void **state) {
  (void)state;
  static const char *const bad[] = {
      "foo",           "=1",           "foo=",
      "foo= ",         "foo =1",       "FOO=1",
      "foo.bar=1",     "1foo=1",       "_foo=1",
      "foo@=1,bar=2",  "@foo=1",       "foo@@bar=1",
      "foo@bar@baz=1", "foo@1bar=1",   "foo=1,foo=1",
      "foo=1,foo=2",   "foo=a=b",      "foo=a\tb",
      "foo=\x7f",      "foo=\xc3\xa9", "foo=1;bar=2,,foo=3",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    actx_tracestate_entry e[4];
    memset(e, 0x5a, sizeof e);
    if (ts_parse(bad[i], e, 4) != ACTX_EINVAL)
      fail_msg("accepted: \"%s\"", bad[i]);
    assert_int_equal(((unsigned char *)e)[0], 0x5a);
  }
  assert_int_equal(actx_tracestate_parse(NULL, 0, NULL, 0), ACTX_EINVAL);
  actx_tracestate_entry e;
  assert_int_equal(actx_tracestate_parse("a=1", 3, NULL, 1), ACTX_EINVAL);
  (void)e;
}

/* PROP-W3C-3: key and value lengths and the member count, at and past each limit. */
static void tracestate_limits(void **state) {
  (void)state;
  char key[300], header[2048];
  actx_tracestate_entry e[ACTX_TRACESTATE_MAX_MEMBERS];
  /* simple key: 256 characters */
  memset(key, 'k', 256);
  key[256] = '\0';
  snprintf(header, sizeof header, "%s=v", key);
  assert_int_equal(ts_parse(header, e, 32), 1);
  snprintf(header, sizeof header, "%sk=v", key);
  assert_int_equal(ts_parse(header, e, 32), ACTX_EINVAL);
  /* tenant: 241 characters; system: 14 */
  memset(key, 't', 241);
  strcpy(key + 241, "@ssssssssssssss");
  snprintf(header, sizeof header, "%s=v", key);
  assert_int_equal(ts_parse(header, e, 32), 1);
  strcpy(key + 241, "@sssssssssssssss");
  snprintf(header, sizeof header, "%s=v", key);
  assert_int_equal(ts_parse(header, e, 32), ACTX_EINVAL);
  memset(key, 't', 242);
  strcpy(key + 242, "@s");
  snprintf(header, sizeof header, "%s=v", key);
  assert_int_equal(ts_parse(header, e, 32), ACTX_EINVAL);
  /* value: 256 characters */
  char value[300];
  memset(value, 'v', 256);
  value[256] = '\0';
  snprintf(header, sizeof header, "k=%s", value);
  assert_int_equal(ts_parse(header, e, 32), 1);
  assert_int_equal(e[0].value_len, 256);
  snprintf(header, sizeof header, "k=%sv", value);
  assert_int_equal(ts_parse(header, e, 32), ACTX_EINVAL);
  /* 32 members, then 33 (empty members do not count) */
  size_t len = 0;
  for (int i = 0; i < 32; i++)
    len += (size_t)snprintf(header + len, sizeof header - len, "%sk%d=%d", i ? ",," : "", i, i);
  assert_int_equal(ts_parse(header, e, 32), 32);
  expect_entry(&e[31], "k31", "31");
  snprintf(header + len, sizeof header - len, ",k32=32");
  assert_int_equal(ts_parse(header, e, 32), ACTX_EINVAL);
}

static void tracestate_format_round_trip(void **state) {
  (void)state;
  actx_tracestate_entry e[ACTX_TRACESTATE_MAX_MEMBERS];
  char buf[256];
  const char *in = " rojo=00f067aa0ba902b7 , ,congo= t61rcWkgMzE\t";
  int n = ts_parse(in, e, 32);
  assert_int_equal(n, 2);
  assert_int_equal(actx_tracestate_format(e, (size_t)n, buf, sizeof buf),
                   strlen("rojo=00f067aa0ba902b7,congo= t61rcWkgMzE"));
  assert_string_equal(buf, "rojo=00f067aa0ba902b7,congo= t61rcWkgMzE");
  /* The spec's mutation: our own entry first, the others after it in order. */
  actx_tracestate_entry mine[3] = {{"actx", 4, "x1", 2}, e[0], e[1]};
  assert_int_equal(actx_tracestate_format(mine, 3, buf, sizeof buf), 48);
  assert_string_equal(buf, "actx=x1,rojo=00f067aa0ba902b7,congo= t61rcWkgMzE");
  /* snprintf-like truncation */
  assert_int_equal(actx_tracestate_format(mine, 3, buf, 5), 48);
  assert_string_equal(buf, "actx");
  assert_int_equal(actx_tracestate_format(NULL, 0, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
  /* Invalid entries and duplicates are refused: "" written. */
  actx_tracestate_entry bad[2] = {{"Bad", 3, "v", 1}, {"ok", 2, "v", 1}};
  assert_int_equal(actx_tracestate_format(bad, 1, buf, sizeof buf), ACTX_EINVAL);
  assert_string_equal(buf, "");
  actx_tracestate_entry dup[2] = {{"ok", 2, "v", 1}, {"ok", 2, "w", 1}};
  assert_int_equal(actx_tracestate_format(dup, 2, buf, sizeof buf), ACTX_EINVAL);
  actx_tracestate_entry val[1] = {{"ok", 2, "a,b", 3}};
  assert_int_equal(actx_tracestate_format(val, 1, buf, sizeof buf), ACTX_EINVAL);
  actx_tracestate_entry many[33];
  for (int i = 0; i < 33; i++)
    many[i] = (actx_tracestate_entry){"k", 1, "v", 1};
  assert_int_equal(actx_tracestate_format(many, 33, buf, sizeof buf), ACTX_EINVAL);
}

/* PROP-W3C-3: the spec's mutation: our entry moves or goes to the left, the
 * others keep their order, the rightmost go past the limit. */
static void tracestate_put(void **state) {
  (void)state;
  actx_tracestate_entry e[ACTX_TRACESTATE_MAX_MEMBERS];
  char buf[512];
  int n = ts_parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", e, 32);
  assert_int_equal(n, 2);
  /* New key: added first. */
  n = actx_tracestate_put(e, (size_t)n, 32, "actx", 4, "a1", 2);
  assert_int_equal(n, 3);
  actx_tracestate_format(e, (size_t)n, buf, sizeof buf);
  assert_string_equal(buf, "actx=a1,rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  /* Existing key: updated and moved to the left, no duplicate. */
  n = actx_tracestate_put(e, (size_t)n, 32, "congo", 5, "ucfJifl5GOE", 11);
  assert_int_equal(n, 3);
  actx_tracestate_format(e, (size_t)n, buf, sizeof buf);
  assert_string_equal(buf, "congo=ucfJifl5GOE,actx=a1,rojo=00f067aa0ba902b7");
  /* Full: the rightmost entry goes; a short array is its own limit. */
  n = actx_tracestate_put(e, (size_t)n, 3, "new", 3, "v", 1);
  assert_int_equal(n, 3);
  actx_tracestate_format(e, (size_t)n, buf, sizeof buf);
  assert_string_equal(buf, "new=v,congo=ucfJifl5GOE,actx=a1");
  char keys[32][4];
  for (int i = 0; i < 32; i++) {
    snprintf(keys[i], sizeof keys[i], "k%d", i);
    e[i] = (actx_tracestate_entry){keys[i], strlen(keys[i]), "v", 1};
  }
  assert_int_equal(actx_tracestate_put(e, 32, 32, "mine", 4, "v", 1), 32);
  expect_entry(&e[0], "mine", "v");
  expect_entry(&e[31], "k30", "v");
  /* Refused: nothing changes. */
  assert_int_equal(actx_tracestate_put(e, 32, 32, "Bad", 3, "v", 1), ACTX_EINVAL);
  assert_int_equal(actx_tracestate_put(e, 32, 32, "ok", 2, "a=b", 3), ACTX_EINVAL);
  assert_int_equal(actx_tracestate_put(e, 2, 1, "ok", 2, "v", 1), ACTX_EINVAL);
  assert_int_equal(actx_tracestate_put(e, 0, 0, "ok", 2, "v", 1), ACTX_EINVAL);
  expect_entry(&e[0], "mine", "v");
  /* An empty list. */
  assert_int_equal(actx_tracestate_put(e, 0, 1, "ok", 2, "v", 1), 1);
  expect_entry(&e[0], "ok", "v");
}

/* ------------------------------------------------------------ baggage */

static int bg_parse(const char *s, actx_baggage_entry *out, size_t cap) {
  return actx_baggage_parse(s, strlen(s), out, cap);
}

static void expect_bg(const actx_baggage_entry *e, const char *key, const char *value,
                      const char *props) {
  assert_int_equal(e->key_len, strlen(key));
  assert_memory_equal(e->key, key, e->key_len);
  assert_int_equal(e->value_len, strlen(value));
  if (e->value_len)
    assert_memory_equal(e->value, value, e->value_len);
  assert_int_equal(e->properties_len, strlen(props));
  if (e->properties_len)
    assert_memory_equal(e->properties, props, e->properties_len);
}

/* PROP-W3C-4: the spec's examples. */
static void baggage_valid(void **state) {
  (void)state;
  actx_baggage_entry e[8];
  /* The spec's examples. */
  assert_int_equal(bg_parse("key1=value1;property1;property2, key2 = value2, key3=value3; "
                            "propertyKey=propertyValue",
                            e, 8),
                   3);
  expect_bg(&e[0], "key1", "value1", "property1;property2");
  expect_bg(&e[1], "key2", "value2", "");
  expect_bg(&e[2], "key3", "value3", "propertyKey=propertyValue");
  assert_int_equal(bg_parse("userId=alice,serverNode=DF%2028,isProduction=false", e, 8), 3);
  expect_bg(&e[1], "serverNode", "DF%2028", "");
  assert_int_equal(bg_parse("userId =   alice,serverNode = DF%2028, isProduction = false", e, 8),
                   3);
  expect_bg(&e[0], "userId", "alice", "");
  expect_bg(&e[2], "isProduction", "false", "");
  /* A value may hold '='; may be empty; keys may repeat (kept in order). */
  assert_int_equal(bg_parse("a=b=c,e=,a=2", e, 8), 3);
  expect_bg(&e[0], "a", "b=c", "");
  expect_bg(&e[1], "e", "", "");
  expect_bg(&e[2], "a", "2", "");
  /* Token keys may hold what tracestate keys may not. */
  assert_int_equal(bg_parse("User.Id!#$%&'*+-^_`|~=1", e, 8), 1);
  /* Blank: no members. */
  assert_int_equal(bg_parse("", e, 8), 0);
  assert_int_equal(bg_parse(" \t", e, 8), 0);
  assert_int_equal(bg_parse("a=1,b=2,c=3", e, 1), 3);
  expect_bg(&e[0], "a", "1", "");
}

static void baggage_invalid(void **state) {
  (void)state;
  static const char *const bad[] = {
      "key",      "=value", "k y=v",  "k=v v",         "k=\"v\"", "k=v\\",
      "a=1,,b=2", "a=1,",   ",a=1",   "a=1;",          "a=1;;p",  "a=1;p=\"x\"",
      "a=1;=x",   "k(=v",   "k=\x7f", "k=caf\xc3\xa9", "k:v",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    actx_baggage_entry e[4];
    memset(e, 0x5a, sizeof e);
    if (bg_parse(bad[i], e, 4) != ACTX_EINVAL)
      fail_msg("accepted: \"%s\"", bad[i]);
    assert_int_equal(((unsigned char *)e)[0], 0x5a);
  }
  assert_int_equal(actx_baggage_parse(NULL, 0, NULL, 0), ACTX_EINVAL);
}

static void baggage_limits(void **state) {
  (void)state;
  static char header[ACTX_BAGGAGE_MAX_BYTES + 64];
  static actx_baggage_entry e[ACTX_BAGGAGE_MAX_MEMBERS + 1];
  size_t len = 0;
  for (int i = 0; i < ACTX_BAGGAGE_MAX_MEMBERS; i++)
    len += (size_t)snprintf(header + len, sizeof header - len, "%sk%d=%d", i ? "," : "", i, i);
  assert_int_equal(bg_parse(header, e, ACTX_BAGGAGE_MAX_MEMBERS), ACTX_BAGGAGE_MAX_MEMBERS);
  expect_bg(&e[179], "k179", "179", "");
  snprintf(header + len, sizeof header - len, ",k=v");
  assert_int_equal(bg_parse(header, e, ACTX_BAGGAGE_MAX_MEMBERS + 1), ACTX_EINVAL);
  /* 8192 bytes: accepted; one more: refused. */
  memset(header, 'v', sizeof header);
  memcpy(header, "k=", 2);
  header[ACTX_BAGGAGE_MAX_BYTES] = '\0';
  assert_int_equal(bg_parse(header, e, 1), 1);
  assert_int_equal(e[0].value_len, ACTX_BAGGAGE_MAX_BYTES - 2);
  header[ACTX_BAGGAGE_MAX_BYTES] = 'v';
  header[ACTX_BAGGAGE_MAX_BYTES + 1] = '\0';
  assert_int_equal(bg_parse(header, e, 1), ACTX_EINVAL);
  /* The formatter keeps to the same limits. */
  static char out[ACTX_BAGGAGE_MAX_BYTES + 64];
  actx_baggage_entry big = {"k", 1, header + 2, ACTX_BAGGAGE_MAX_BYTES - 2, NULL, 0};
  assert_int_equal(actx_baggage_format(&big, 1, out, sizeof out), ACTX_BAGGAGE_MAX_BYTES);
  big.value_len++;
  assert_int_equal(actx_baggage_format(&big, 1, out, sizeof out), ACTX_EINVAL);
  for (int i = 0; i <= ACTX_BAGGAGE_MAX_MEMBERS; i++)
    e[i] = (actx_baggage_entry){"k", 1, "v", 1, NULL, 0};
  assert_int_equal(actx_baggage_format(e, ACTX_BAGGAGE_MAX_MEMBERS, out, sizeof out), 180 * 4 - 1);
  assert_int_equal(actx_baggage_format(e, ACTX_BAGGAGE_MAX_MEMBERS + 1, out, sizeof out),
                   ACTX_EINVAL);
}

static void baggage_round_trip_and_encoding(void **state) {
  (void)state;
  actx_baggage_entry e[8];
  char buf[256], dec[64];
  int n = bg_parse(" userId = alice ; role = admin ;  sticky , serverNode=DF%2028 ", e, 8);
  assert_int_equal(n, 2);
  expect_bg(&e[0], "userId", "alice", "role = admin ;  sticky");
  assert_int_equal(actx_baggage_format(e, 2, buf, sizeof buf),
                   strlen("userId=alice;role = admin ;  sticky,serverNode=DF%2028"));
  assert_string_equal(buf, "userId=alice;role = admin ;  sticky,serverNode=DF%2028");
  /* It parses back to the same entries. */
  actx_baggage_entry back[8];
  assert_int_equal(bg_parse(buf, back, 8), 2);
  expect_bg(&back[0], "userId", "alice", "role = admin ;  sticky");
  expect_bg(&back[1], "serverNode", "DF%2028", "");
  /* Values are percent-encoded on the wire. */
  assert_int_equal(actx_baggage_decode(e[1].value, e[1].value_len, dec, sizeof dec), 5);
  assert_string_equal(dec, "DF 28");
  const char raw[] = "a b,c;d\\e\"f%g=h\xc3\xa9";
  char enc[128];
  int elen = actx_baggage_encode(raw, strlen(raw), enc, sizeof enc);
  assert_string_equal(enc, "a%20b%2Cc%3Bd%5Ce%22f%25g=h%C3%A9");
  assert_int_equal(elen, (int)strlen(enc));
  assert_int_equal(actx_baggage_decode(enc, strlen(enc), dec, sizeof dec), (int)strlen(raw));
  assert_string_equal(dec, raw);
  /* An encoded value is a valid value. */
  actx_baggage_entry one = {"k", 1, enc, strlen(enc), NULL, 0};
  assert_int_equal(actx_baggage_format(&one, 1, buf, sizeof buf), (int)strlen(enc) + 2);
  /* Lowercase escapes decode too; broken ones are refused. */
  assert_int_equal(actx_baggage_decode("%c3%a9", 6, dec, sizeof dec), 2);
  assert_int_equal(actx_baggage_decode("%", 1, dec, sizeof dec), ACTX_EINVAL);
  assert_int_equal(actx_baggage_decode("%2", 2, dec, sizeof dec), ACTX_EINVAL);
  assert_int_equal(actx_baggage_decode("%zz", 3, dec, sizeof dec), ACTX_EINVAL);
  /* snprintf-like: the full length, what fits. */
  assert_int_equal(actx_baggage_encode("a b", 3, enc, 3), 5);
  assert_string_equal(enc, "a%");
  /* The formatter refuses what the parser would. */
  actx_baggage_entry bad = {"k", 1, "a b", 3, NULL, 0};
  assert_int_equal(actx_baggage_format(&bad, 1, buf, sizeof buf), ACTX_EINVAL);
  assert_string_equal(buf, "");
  actx_baggage_entry badkey = {"k y", 3, "v", 1, NULL, 0};
  assert_int_equal(actx_baggage_format(&badkey, 1, buf, sizeof buf), ACTX_EINVAL);
  actx_baggage_entry badprops = {"k", 1, "v", 1, "p;", 2};
  assert_int_equal(actx_baggage_format(&badprops, 1, buf, sizeof buf), ACTX_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(traceparent_valid),
      cmocka_unit_test(traceparent_invalid),
      cmocka_unit_test(traceparent_future_version),
      cmocka_unit_test(traceparent_format_round_trip),
      cmocka_unit_test(traceparent_format_small_buffer),
      cmocka_unit_test(root_and_child),
      cmocka_unit_test(tracestate_valid),
      cmocka_unit_test(tracestate_invalid),
      cmocka_unit_test(tracestate_limits),
      cmocka_unit_test(tracestate_format_round_trip),
      cmocka_unit_test(tracestate_put),
      cmocka_unit_test(baggage_valid),
      cmocka_unit_test(baggage_invalid),
      cmocka_unit_test(baggage_limits),
      cmocka_unit_test(baggage_round_trip_and_encoding),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
