/* test-lex.c -- actx-rewrite's byte-level lexer (tool/lex.c) on plain
 * strings: comments, literals, argument ranges, directives, word prefixes
 * and the line table.  No libclang involved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lex.h"

/* Whether all of s is one self-contained argument. */
static bool whole_argument(const char *s) { return lex_balanced_argument(s, 0, strlen(s)); }

static void comments(void **state) {
  (void)state;
  const char *s = "/* a */ // b\n  x";
  assert_int_equal(lex_skip_space(s, strlen(s), 0), strlen(s) - 1);
  bool closed;
  assert_int_equal(lex_comment_end(s, strlen(s), 0, &closed), 7);
  assert_true(closed);
  assert_int_equal(lex_comment_end(s, strlen(s), 8, &closed), 12); /* stops at the newline */
  assert_true(closed);
  /* Unterminated: up to the limit, not past it. */
  s = "/* never closed";
  assert_int_equal(lex_comment_end(s, strlen(s), 0, &closed), strlen(s));
  assert_false(closed);
  assert_int_equal(lex_skip_space(s, strlen(s), 0), strlen(s));
  s = "// no newline";
  assert_int_equal(lex_comment_end(s, strlen(s), 0, &closed), strlen(s));
  assert_false(closed);
  /* A comment closing past the limit is not closed within it. */
  s = "/* op */ x";
  assert_int_equal(lex_comment_end(s, 5, 0, &closed), 5);
  assert_false(closed);
  assert_int_equal(lex_skip_space(s, 5, 0), 5);
  /* Slash-star-slash does not close the comment it opens. */
  s = "/*/ x */y";
  assert_int_equal(lex_skip_space(s, strlen(s), 0), strlen(s) - 1);
  /* Backslash-newline is blank; a lone slash is significant. */
  s = " \\\n\t/ x";
  assert_int_equal(lex_skip_space(s, strlen(s), 0), 4);
}

static void literals(void **state) {
  (void)state;
  bool closed;
  const char *s = "\"a\\\"b\" rest";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 6);
  assert_true(closed);
  s = "'\\''x";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 4);
  assert_true(closed);
  s = "\"\\\\\"x"; /* "\\" : the escaped backslash does not escape the quote */
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 4);
  assert_true(closed);
  /* Unterminated at the limit, and a backslash as the last byte. */
  s = "\"abc";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), strlen(s));
  assert_false(closed);
  s = "\"ab\\";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), strlen(s));
  assert_false(closed);
  /* The newline rule: an unescaped newline ends the literal, unclosed, and
   * is not consumed; a backslash-newline is a splice. */
  s = "'t care\n#if X'";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 7);
  assert_false(closed);
  s = "\"a\\\nb\"x";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 6);
  assert_true(closed);
  /* The other quote inside does not end it. */
  s = "\"it's\"";
  assert_int_equal(lex_literal_end(s, strlen(s), 0, &closed), 6);
  assert_true(closed);
}

static void arguments(void **state) {
  (void)state;
  assert_true(whole_argument("cb"));
  assert_true(whole_argument("f(a, b)"));
  assert_true(whole_argument("x[(a, b)]{c, d}"));
  assert_true(whole_argument("(f((g)[1]))"));
  assert_true(whole_argument("\"a, (b\""));
  assert_true(whole_argument("','"));
  assert_true(whole_argument("cb /* , ) */"));
  assert_true(whole_argument("cb // , )\n"));
  assert_false(whole_argument(""));
  assert_false(whole_argument("a, b"));
  assert_false(whole_argument("(a"));
  assert_false(whole_argument("a)"));
  assert_false(whole_argument(")("));
  assert_false(whole_argument("a;"));
  assert_false(whole_argument("#a"));
  assert_false(whole_argument("\"abc"));
  assert_false(whole_argument("\"ab\\\"")); /* the last quote is escaped */
  assert_false(whole_argument("'a\n'"));
  /* A comment that starts in the range and closes after its end: text
   * inserted at the end would be commented out. */
  const char *s = "cb /* op */)";
  assert_false(lex_balanced_argument(s, 0, 8));
  assert_true(lex_balanced_argument(s, 0, 11));
  s = "cb // op\n)";
  assert_false(lex_balanced_argument(s, 0, 6));
  assert_true(lex_balanced_argument(s, 0, 9));
  /* Ranges inside a larger text. */
  s = "f(a, g(b, c), d)";
  assert_true(lex_balanced_argument(s, 5, 12));
  assert_false(lex_balanced_argument(s, 2, 12));
  assert_false(lex_balanced_argument(s, 5, 5));
}

static void invocations(void **state) {
  (void)state;
  const char *s = "f(a, (b), \")\", ')' /* ) */) + 1";
  assert_int_equal(lex_invocation_end(s, strlen(s), 0), strlen(s) - 4);
  s = "NAME + 1";
  assert_int_equal(lex_invocation_end(s, strlen(s), 0), 4);
  s = "M /* c */ (x) y";
  assert_int_equal(lex_invocation_end(s, strlen(s), 0), 13);
  assert_int_equal(lex_invocation_end("9x", 2, 0), 0);
  assert_int_equal(lex_invocation_end("(x)", 3, 0), 0);
  assert_int_equal(lex_invocation_end("f(a", 3, 0), 0);
  assert_int_equal(lex_invocation_end("f", 1, 1), 0);
}

static void previous_char(void **state) {
  (void)state;
  const char *s = "f( \n\t x";
  assert_int_equal(lex_prev_char(s, 6), '(');
  assert_int_equal(lex_prev_char(s, 0), '\0');
  assert_int_equal(lex_prev_char("  x", 2), '\0');
  assert_int_equal(lex_prev_char("a /**/ x", 7), '/');
}

static void prefixes(void **state) {
  (void)state;
  const char *s = "include <x.h>";
  assert_true(lex_starts_with_word(s, strlen(s), "include"));
  assert_true(lex_starts_with_word("include", 7, "include"));
  assert_true(lex_starts_with_word("line\t5", 6, "line"));
  assert_false(lex_starts_with_word("include_next <x.h>", 18, "include"));
  assert_false(lex_starts_with_word("includes", 8, "include"));
  assert_false(lex_starts_with_word("inc", 3, "include"));
  assert_false(lex_starts_with_word("include", 6, "include")); /* beyond len */
  /* A word ending in a non-identifier character needs no boundary. */
  assert_true(lex_starts_with_word("f(x)", 4, "f("));
  /* The plain prefix test: "ACTX_" begins identifiers. */
  assert_true(lex_starts_with("ACTX_ONCE(cb)", 13, "ACTX_"));
  assert_false(lex_starts_with("ACTX", 4, "ACTX_"));
  assert_false(lex_starts_with("MY_ACTX_X", 9, "ACTX_"));
}

/* The directive on the line at ls, as "name|rest of line", or "-". */
static const char *directive(const char *s, size_t ls, char *buf) {
  const char *name;
  size_t n, rest;
  if (!lex_directive(s, strlen(s), ls, &name, &n, &rest))
    return "-";
  size_t e = rest;
  while (s[e] && s[e] != '\n')
    e++;
  memcpy(buf, name, n);
  buf[n] = '|';
  memcpy(buf + n + 1, s + rest, e - rest);
  buf[n + 1 + e - rest] = '\0';
  return buf;
}

static void directives(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(directive("#define X 1", 0, b), "define|X 1");
  assert_string_equal(directive("   #  define X", 0, b), "define|X");
  assert_string_equal(directive("\t# if A\n", 0, b), "if|A");
  assert_string_equal(directive("#endif", 0, b), "endif|");
  assert_string_equal(directive("#\n", 0, b), "|"); /* the null directive */
  assert_string_equal(directive("# 12 \"f.c\" 2", 0, b), "12|\"f.c\" 2");
  assert_string_equal(directive("#line 7 \"x\"", 0, b), "line|7 \"x\"");
  assert_string_equal(directive("x; #if A", 0, b), "-");
  assert_string_equal(directive("  x", 0, b), "-");
  assert_string_equal(directive("", 0, b), "-");
  /* A continued line is not a line start, LF or CRLF. */
  const char *s = "#define A \\\n#if B\n#endif";
  assert_string_equal(directive(s, 12, b), "-");
  assert_string_equal(directive(s, 18, b), "endif|");
  assert_true(lex_continues_line(s, 12));
  assert_false(lex_continues_line(s, 18));
  assert_false(lex_continues_line(s, 0));
  s = "int a = \\\r\n# if 1";
  assert_string_equal(directive(s, 11, b), "-");
  assert_true(lex_directive_is("if", 2, "if"));
  assert_false(lex_directive_is("ifdef", 5, "if"));
  assert_false(lex_directive_is("if", 2, "ifdef"));
}

static void line_table(void **state) {
  (void)state;
  lex_lines t;
  unsigned line, col;
  const char *s = "a\nbc\n#line 10\nd\n  # 40 \"g.c\"\ne\n#define X \\\n#line 99\nf";
  assert_true(lex_lines_build(&t, s, strlen(s)));
  assert_int_equal(t.n, 9);
  const unsigned want[] = {1, 2, 3, 10, 11, 40, 41, 42, 43};
  for (size_t k = 0; k < t.n; k++)
    assert_int_equal(t.numbers[k], want[k]);
  lex_lines_position(&t, 0, &line, &col);
  assert_true(line == 1 && col == 1);
  lex_lines_position(&t, 3, &line, &col); /* 'c' */
  assert_true(line == 2 && col == 2);
  lex_lines_position(&t, 4, &line, &col); /* the newline belongs to its line */
  assert_true(line == 2 && col == 3);
  lex_lines_position(&t, (size_t)(strchr(s, 'd') - s), &line, &col);
  assert_true(line == 10 && col == 1);
  lex_lines_position(&t, strlen(s) - 1, &line, &col); /* 'f': #line 99 was continued */
  assert_true(line == 43 && col == 1);
  lex_lines_position(&t, strlen(s), &line, &col); /* the end offset */
  assert_true(line == 43 && col == 2);
  assert_int_equal(lex_lines_index(&t, 5), 2);
  assert_int_equal(lex_lines_index(&t, strlen(s)), 8);
  lex_lines_free(&t);
  /* An empty file has one line; a final newline starts an empty last one. */
  assert_true(lex_lines_build(&t, "", 0));
  assert_int_equal(t.n, 1);
  lex_lines_position(&t, 0, &line, &col);
  assert_true(line == 1 && col == 1);
  lex_lines_free(&t);
  assert_true(lex_lines_build(&t, "x\n", 2));
  assert_int_equal(t.n, 2);
  assert_int_equal(t.starts[1], 2);
  lex_lines_free(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(comments),      cmocka_unit_test(literals),
      cmocka_unit_test(arguments),     cmocka_unit_test(invocations),
      cmocka_unit_test(previous_char), cmocka_unit_test(prefixes),
      cmocka_unit_test(directives),    cmocka_unit_test(line_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
