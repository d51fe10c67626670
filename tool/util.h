/* util.h -- buffers and checked allocation, shared by actx-rewrite and
 * actx-cc (util.c, built into the rw-util static library with files.c).
 *
 * No libclang here, nor in anything this includes: actx-cc links these and
 * must stay a small program that starts fast (it runs for every configure
 * probe).  rw.h includes this header, so the rewriter's stages see it
 * unchanged. */
#ifndef ACTX_TOOL_UTIL_H
#define ACTX_TOOL_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* The name the messages of these helpers start with ("actx-cc: out of
 * memory"): each program defines it once, beside its main(), so no program
 * can link without naming itself. */
extern const char rw_progname[];

/* A growable byte buffer; data is always NUL-terminated once anything was
 * added (a zeroed rw_buf is empty, its data NULL). */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
} rw_buf;

void rw_buf_add(rw_buf *b, const char *bytes, size_t n);
void rw_buf_puts(rw_buf *b, const char *s);
void rw_buf_printf(rw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rw_buf_vprintf(rw_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void rw_buf_free(rw_buf *b);

/* Allocation failure is fatal for a one-shot build tool: print
 * "PROGNAME: out of memory" and exit 2 (so no output file is ever half
 * written). */
__attribute__((noreturn)) void rw_out_of_memory(void);
void *rw_xmalloc(size_t n);
void *rw_xrealloc(void *p, size_t n);
char *rw_xstrdup(const char *s);
char *rw_xstrndup(const char *s, size_t n);
/* A formatted string of its own (malloc'd). */
char *rw_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last component of a path, and (malloc'd) everything before it: "." for a
 * bare name, "/" for a file at the root.  Plain string work, no file access. */
const char *rw_base_name(const char *path);
char *rw_dir_name(const char *path);

/* Appends path escaped as gcc and make write it in a depfile (space, '#' and
 * '\\' get a backslash, '$' is doubled). */
void rw_depfile_escape(rw_buf *out, const char *path);

#endif
