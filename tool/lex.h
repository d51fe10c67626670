/* lex.h -- byte-level C lexing shared by actx-rewrite's finder and editor.
 *
 * Pure functions on (bytes, length): no libclang, no allocation except the
 * line table's, so tests/rewrite/test-lex.c tests them on plain strings.
 * Every function stops at its `len` or `end` and never reads past it.
 *
 * One set of rules everywhere:
 *   - a block comment that does not close before the limit, or a line
 *     comment that reaches the limit without its newline, is "not closed";
 *   - a string or character literal ends at its unescaped closing quote; an
 *     unescaped newline ends it unclosed (as the compiler does), the newline
 *     itself not consumed, so an apostrophe in inactive text ("don't" under
 *     #if 0) never swallows the following lines.  Backslash-newline inside a
 *     literal is a line splice and does not end it;
 *   - a line comment ends at its newline (a backslash before that newline is
 *     not honoured: a rare spelling the compiler would warn about);
 *   - a directive is '#' as the first non-blank (space, tab) of a line that
 *     does not continue the previous one with a backslash-newline.
 */
#ifndef ACTX_REWRITE_LEX_H
#define ACTX_REWRITE_LEX_H

#include <stdbool.h>
#include <stddef.h>

/* [A-Za-z0-9_] */
bool lex_is_ident_char(char c);

/* Skips whitespace, backslash-newlines and comments from i; returns the next
 * significant offset (len when there is none). */
size_t lex_skip_space(const char *s, size_t len, size_t i);

/* s[i] starts a comment ("/" followed by "*" or "/").  Returns the offset past
 * it (a line comment: its newline, not consumed); *closed as in the rules. */
size_t lex_comment_end(const char *s, size_t len, size_t i, bool *closed);

/* s[i] is a quote (" or ').  Returns the offset past the literal; *closed
 * false when an unescaped newline or len came first (the offset is then the
 * newline's, or len). */
size_t lex_literal_end(const char *s, size_t len, size_t i, bool *closed);

/* Whether [start,end) is a self-contained macro or call argument: not empty,
 * balanced brackets, no comma outside them, no '#' or ';', and every literal
 * and comment that starts inside closes inside. */
bool lex_balanced_argument(const char *s, size_t start, size_t end);

/* If s[i] starts an identifier, the end of `NAME` or of `NAME (...)` (the
 * offset past the matching parenthesis); 0 when s[i] starts no identifier or
 * the parenthesis never closes. */
size_t lex_invocation_end(const char *s, size_t len, size_t i);

/* The previous non-blank character before offset i (spaces, tabs, newlines
 * skipped, not comments: a comment's closing slash counts); '\0' if none. */
char lex_prev_char(const char *s, size_t i);

/* Whether s[0..len) begins with prefix (a plain byte prefix). */
bool lex_starts_with(const char *s, size_t len, const char *prefix);

/* Whether s[0..len) begins with the word `word`: the prefix, and when it ends
 * in an identifier character, no identifier character after it ("include"
 * matches "include <x>", not "include_next"; "f(" needs no boundary). */
bool lex_starts_with_word(const char *s, size_t len, const char *word);

/* Whether the line starting at offset ls continues the previous line (which
 * ends with a backslash-newline, LF or CRLF). */
bool lex_continues_line(const char *s, size_t ls);

/* The directive on the line starting at offset ls: true with its name (the
 * identifier characters after '#' and blanks: "define", "if", "line", or a
 * linemarker's digits; empty for a null directive) and *rest, the offset
 * after the name and following blanks.  False when the line is no directive
 * (see the rules above). */
bool lex_directive(const char *s, size_t len, size_t ls, const char **name, size_t *name_len,
                   size_t *rest);

/* Whether a directive's name (from lex_directive) is `word`. */
bool lex_directive_is(const char *name, size_t name_len, const char *word);

/* The line table: for each physical line its starting offset and its number
 * as the compiler counts it, honouring `#line N` and `# N` linemarkers. */
typedef struct {
  size_t *starts;
  unsigned *numbers;
  size_t n;
} lex_lines;

/* Builds the table of s[0..len); false when out of memory. */
bool lex_lines_build(lex_lines *t, const char *s, size_t len);
void lex_lines_free(lex_lines *t);
/* The physical line (0-based index into the table) holding offset. */
size_t lex_lines_index(const lex_lines *t, size_t offset);
/* Line (as the compiler numbers it) and 1-based byte column of offset. */
void lex_lines_position(const lex_lines *t, size_t offset, unsigned *line, unsigned *col);

#endif
