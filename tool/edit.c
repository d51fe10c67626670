/* edit.c -- splices (offset, text) insertions into the original bytes.
 *
 * Nothing is ever deleted and no user line moves: every edit is an insertion
 * inside a line, except the directives, which are each followed by a #line
 * that puts the numbering back.  The output starts with
 *
 *     #line 1 "INPUT"
 *
 * so diagnostics and __FILE__ name the original.  `#include <actx.h>` is not
 * put there: a header included before the user's first line would pin the
 * libc feature macros (_GNU_SOURCE...) before the user defines them.  It goes
 * on its own line just before the first top-level declaration that contains an
 * edit -- after everything the file itself includes up to that point -- and is
 * followed by `#line N "INPUT"` for that declaration's line.  When that
 * declaration sits inside #if ... #endif, the include moves up before the
 * outermost open #if, so later edits outside the conditional still see it.
 * If that line start is not plainly at file scope (a declaration sharing the
 * line, a continued line), the include falls back to the very top, before
 * the `#line 1`.
 *
 * A file with nothing to insert (no site, or only sites left alone) is
 * written byte for byte as it was read: no `#line`, no include.
 */
#include "rw.h"
#include "lex.h"

#include <stdlib.h>
#include <string.h>

void rw_inserts_add(rw_inserts *ins, size_t offset, int rank, const char *text) {
  if (ins->n == ins->cap) {
    ins->cap = ins->cap ? ins->cap * 2 : 64;
    ins->items = rw_xrealloc(ins->items, ins->cap * sizeof *ins->items);
  }
  ins->items[ins->n] = (rw_insert){offset, rank, (unsigned)ins->n, rw_xstrdup(text)};
  ins->n++;
}

/* At one offset: includes, then prototypes, then the closing text of wraps
 * (inner wraps, made later, close first), then opening text (outer first). */
static int insert_cmp(const void *a, const void *b) {
  const rw_insert *x = a, *y = b;
  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->rank == RW_RANK_CLOSE)
    return (x->seq < y->seq) - (x->seq > y->seq);
  return (x->seq > y->seq) - (x->seq < y->seq);
}

bool rw_has_edits(const rw_job *job) {
  return job->inserts.n > 0;
}

/* ACTX_KEYED_BY_RESULT declares its placeholder and result by name, so one
 * wrapped inside another's call would shadow the outer one's (-Wshadow).
 * Each result-keyed call gets the smallest number that no call it is nested
 * in, and none nested in it, already has; siblings may share one.  Calls are
 * numbered in any order (outer or inner first): every pair that nests
 * differs. */
unsigned rw_result_number(rw_job *job, size_t start, size_t end) {
  unsigned n = 0;
  for (bool clash = true; clash;) {
    clash = false;
    for (size_t i = 0; i < job->nresults; i++) {
      const struct rw_result_call *r = &job->results[i];
      bool nests = (r->start <= start && end <= r->end) || (start <= r->start && r->end <= end);
      if (nests && r->number == n) {
        n++;
        clash = true;
      }
    }
  }
  if (job->nresults == job->results_cap) {
    job->results_cap = job->results_cap ? job->results_cap * 2 : 8;
    job->results = rw_xrealloc(job->results, job->results_cap * sizeof *job->results);
  }
  job->results[job->nresults++] = (struct rw_result_call){start, end, n};
  return n;
}

void rw_line_directive(rw_buf *out, unsigned line, const char *file) {
  rw_buf_printf(out, "#line %u \"", line);
  for (const char *p = file; *p; p++) {
    if (*p == '"' || *p == '\\')
      rw_buf_add(out, "\\", 1);
    rw_buf_add(out, p, 1);
  }
  rw_buf_puts(out, "\"\n");
}

/* Our own prologue from an earlier run: keep it, add nothing. */
static size_t bom_length(const rw_job *job) {
  return job->source_len >= 3 && memcmp(job->source, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static bool has_prologue(const rw_job *job) {
  const char *s = job->source + bom_length(job);
  size_t n = job->source_len - bom_length(job);
  if (lex_starts_with(s, n, "#include <actx.h>\n")) {
    s += strlen("#include <actx.h>\n");
    n -= strlen("#include <actx.h>\n");
  }
  return lex_starts_with(s, n, "#line 1 \"");
}

/* Whether the file already includes actx.h before offset `before`. */
static bool includes_actx_before(const rw_job *job, size_t before) {
  const char *s = job->source;
  size_t n = job->source_len;
  for (size_t i = 0; i < before && i < n;) {
    const char *name;
    size_t len, j;
    if (lex_directive(s, n, i, &name, &len, &j) && lex_directive_is(name, len, "include") &&
        (lex_starts_with(s + j, n - j, "<actx.h>") || lex_starts_with(s + j, n - j, "\"actx.h\"")))
      return true;
    const char *nl = memchr(s + i, '\n', job->source_len - i);
    if (!nl)
      break;
    i = (size_t)(nl - s) + 1;
  }
  return false;
}

/* The start of the line holding offset `decl`, if a directive may be placed
 * there: only blanks before the declaration on that line, and the previous
 * line not continued with a backslash. */
static bool directive_spot(const rw_job *job, size_t decl, size_t *line_start) {
  const char *s = job->source;
  size_t ls = decl;
  while (ls > 0 && s[ls - 1] != '\n') {
    if (s[ls - 1] != ' ' && s[ls - 1] != '\t')
      return false;
    ls--;
  }
  if (lex_continues_line(s, ls))
    return false;
  *line_start = ls;
  return true;
}

/* The name of the directive on the line starting at i, or NULL when the
 * line is not a directive. */
static const char *directive_at(const rw_job *job, size_t i, size_t *name_len) {
  const char *name;
  size_t rest;
  return lex_directive(job->source, job->source_len, i, &name, name_len, &rest) ? name : NULL;
}

/* If line start ls is inside #if ... #endif, the start of the outermost open
 * #if line, so the include is not conditional when later edits are not; ls
 * itself otherwise.  *lines_up: how many lines earlier that is.  Comments
 * and literals are skipped (lex.h's rules); a #line directive in between
 * cancels the move (numbering could not be derived). */
static size_t outside_conditionals(const rw_job *job, size_t ls, unsigned *lines_up) {
  const char *s = job->source;
  int depth = 0;
  size_t outer = ls;
  bool line_start = true;
  for (size_t i = 0; i < ls;) {
    if (line_start) {
      size_t len;
      const char *d = directive_at(job, i, &len);
      if (d && (lex_directive_is(d, len, "if") || lex_directive_is(d, len, "ifdef") ||
                lex_directive_is(d, len, "ifndef"))) {
        if (depth++ == 0)
          outer = i;
      } else if (d && lex_directive_is(d, len, "endif") && depth > 0) {
        depth--;
      }
    }
    line_start = false;
    /* A line after a backslash-newline is flagged too: lex_directive rejects
     * continued lines itself. */
    char c = s[i];
    bool closed;
    if (c == '/' && i + 1 < ls && (s[i + 1] == '*' || s[i + 1] == '/')) {
      i = lex_comment_end(s, ls, i, &closed);
    } else if (c == '"' || c == '\'') {
      i = lex_literal_end(s, ls, i, &closed);
    } else {
      if (c == '\n')
        line_start = true;
      i++;
    }
  }
  *lines_up = 0;
  if (depth == 0)
    return ls;
  for (size_t i = outer; i < ls; i++) {
    if (s[i] != '\n')
      continue;
    size_t len;
    const char *d = directive_at(job, i + 1, &len);
    if (d && (lex_directive_is(d, len, "line") || (len && d[0] >= '0' && d[0] <= '9')))
      return ls;
    (*lines_up)++;
  }
  return outer;
}

void rw_splice(rw_job *job, rw_buf *out) {
  rw_inserts *ins = &job->inserts;
  if (ins->n == 0 && job->thunks.n == 0) {
    rw_buf_add(out, job->source, job->source_len);
    return;
  }
  bool edits = ins->n > 0;
  size_t min_offset = edits ? job->source_len : 0;
  for (size_t i = 0; i < ins->n; i++)
    if (ins->items[i].offset < min_offset)
      min_offset = ins->items[i].offset;
  bool need_include = edits && !includes_actx_before(job, min_offset);
  bool include_at_top = false;
  if (need_include) {
    size_t ls;
    if (job->have_edit_decl && job->first_edit_decl <= min_offset &&
        directive_spot(job, job->first_edit_decl, &ls)) {
      unsigned lines_up;
      ls = outside_conditionals(job, ls, &lines_up);
      rw_buf text = {0};
      rw_buf_puts(&text, "#include <actx.h>\n");
      rw_line_directive(&text, job->first_edit_line - lines_up, job->first_edit_file);
      rw_inserts_add(ins, ls, RW_RANK_INCLUDE, text.data);
      rw_buf_free(&text);
    } else {
      include_at_top = true;
    }
  }
  /* A UTF-8 byte-order mark is only allowed first: keep it there. */
  size_t pos = bom_length(job);
  rw_buf_add(out, job->source, pos);
  if (!has_prologue(job)) {
    if (include_at_top)
      rw_buf_puts(out, "#include <actx.h>\n");
    rw_line_directive(out, 1, job->input);
  } else if (include_at_top) {
    /* An earlier run's prologue lacks the include: put it before that
     * prologue's #line 1 so the numbering stays right. */
    rw_buf_puts(out, "#include <actx.h>\n");
  }
  if (ins->n) /* qsort(NULL, 0, ...) is undefined */
    qsort(ins->items, ins->n, sizeof *ins->items, insert_cmp);
  for (size_t i = 0; i < ins->n; i++) {
    rw_insert *e = &ins->items[i];
    rw_buf_add(out, job->source + pos, e->offset - pos);
    pos = e->offset;
    rw_buf_puts(out, e->text);
  }
  rw_buf_add(out, job->source + pos, job->source_len - pos);
  if (job->thunks.n) {
    bool newline = job->source_len && job->source[job->source_len - 1] != '\n';
    rw_thunks_emit(&job->thunks, out, newline);
  }
}

/* ------------------------------------------------------------ --diff */

typedef struct {
  size_t start, end; /* a line's bytes, without its newline */
  size_t index;      /* 0-based */
} line_span;

static line_span line_at(const rw_job *job, const lex_lines *lines, size_t offset) {
  size_t k = lex_lines_index(lines, offset);
  size_t end = k + 1 < lines->n ? lines->starts[k + 1] - 1 : job->source_len;
  return (line_span){lines->starts[k], end, k};
}

/* A unified diff of the lines holding call-site edits, and nothing else:
 * not the prologue, the include, thunk prototypes or thunk bodies. */
void rw_diff(const rw_job *job, rw_buf *out) {
  const rw_inserts *ins = &job->inserts;
  rw_insert *sorted = rw_xmalloc((ins->n + 1) * sizeof *sorted);
  size_t n = 0;
  for (size_t i = 0; i < ins->n; i++)
    if (ins->items[i].rank == RW_RANK_OPEN || ins->items[i].rank == RW_RANK_CLOSE)
      sorted[n++] = ins->items[i];
  if (n)
    qsort(sorted, n, sizeof *sorted, insert_cmp);
  if (n)
    rw_buf_printf(out, "--- a/%s\n+++ b/%s\n", job->input, job->input);
  lex_lines lines;
  if (!lex_lines_build(&lines, job->source, job->source_len))
    rw_out_of_memory();
  size_t i = 0;
  while (i < n) {
    /* A hunk: consecutive lines that hold edits. */
    line_span first = line_at(job, &lines, sorted[i].offset), last = first;
    size_t j = i;
    while (j < n) {
      line_span l = line_at(job, &lines, sorted[j].offset);
      if (l.start > last.end + 1)
        break;
      last = l;
      j++;
    }
    /* Physical line numbers: a diff applies to the file as it is. */
    unsigned lineno = (unsigned)first.index + 1, count = (unsigned)(last.index - first.index) + 1;
    rw_buf old = {0}, neu = {0};
    rw_buf_puts(&old, "-");
    rw_buf_puts(&neu, "+");
    size_t pos = first.start;
    for (size_t k = i; k < j; k++) {
      rw_buf_add(&neu, job->source + pos, sorted[k].offset - pos);
      rw_buf_puts(&neu, sorted[k].text);
      pos = sorted[k].offset;
    }
    rw_buf_add(&neu, job->source + pos, last.end - pos);
    rw_buf_add(&old, job->source + first.start, last.end - first.start);
    rw_buf_printf(out, "@@ -%u,%u +%u,%u @@\n", lineno, count, lineno, count);
    for (size_t k = 0; k < old.len; k++) {
      rw_buf_add(out, old.data + k, 1);
      if (old.data[k] == '\n')
        rw_buf_puts(out, "-");
    }
    rw_buf_puts(out, "\n");
    for (size_t k = 0; k < neu.len; k++) {
      rw_buf_add(out, neu.data + k, 1);
      if (neu.data[k] == '\n')
        rw_buf_puts(out, "+");
    }
    rw_buf_puts(out, "\n");
    rw_buf_free(&old);
    rw_buf_free(&neu);
    i = j;
  }
  free(sorted);
  lex_lines_free(&lines);
}
