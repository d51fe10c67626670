/* files.h -- what files.c offers: reading inputs, distinct-file checks and
 * atomic writes (files.c says how no run ever loses a file).
 *
 * Free of libclang like util.h, so actx-cc can read files with the rewriter's
 * rules; rw.h includes this header for actx-rewrite's stages. */
#ifndef ACTX_TOOL_FILES_H
#define ACTX_TOOL_FILES_H

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file.  Directories and devices are refused, and FIFOs too
 * with regular_only; on failure returns NULL with *why saying why. */
char *rw_read_file(const char *path, size_t *len, bool regular_only, const char **why);

/* A file the run reads or writes, and the option that named it. */
typedef struct {
  const char *role; /* "the input", "-o", "-MF", "--report" */
  const char *path; /* NULL: not given; "-": stdout */
} rw_named_path;

/* 0 if no two of the files are the same file (by device and inode, or by
 * real directory and name for files not yet there); otherwise prints which
 * two and returns -1.  Call before writing anything. */
int rw_check_distinct(const rw_named_path *files, int n);

/* What writing to path writes: path with symlinks followed (malloc'd). */
char *rw_output_target(const char *path);

/* Installs the handlers that remove a temporary output file when the run is
 * interrupted, and makes a file size limit an error rather than a signal. */
void rw_files_init(void);

/* Writes bytes to path ("-": stdout) atomically: temporary file beside the
 * symlink-resolved target, then rename; keeps an existing file's mode;
 * devices and FIFOs are written in place.  Prints the error; -1 on failure. */
int rw_write_file(const char *path, const char *bytes, size_t len);

#endif
