/* test.h -- shared helpers for actx's cmocka tests. */
#ifndef ACTX_TEST_H
#define ACTX_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actx.h"
#include "../bench/rss.h" /* rss_kb() */

#define PTR(x) ((void *)(uintptr_t)(x))
#define UINT(p) ((uintptr_t)(p))

/* Reads fd to its end into buf, NUL-terminated (at most size - 1 bytes). */
static inline size_t read_all(int fd, char *buf, size_t size) {
  size_t len = 0;
  ssize_t got;
  while ((got = read(fd, buf + len, size - 1 - len)) > 0)
    len += (size_t)got;
  buf[len] = '\0';
  return len;
}

/* Waits for child `pid` (the i-th of a loop) and fails unless it exited 0. */
static inline void expect_exit_zero(pid_t pid, int i) {
  int ws;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
    fail_msg("child %d ended with status %#x", i, ws);
}

/* Runs fn(arg) in a child process and asserts how it ended: `status` is the
 * expected exit status, or -SIGNAL for death by signal; `also`, when not
 * TEST_NO_STATUS, is a second exit status accepted (valgrind's own error
 * status, say); `needle`, if not NULL, must appear in what the child wrote to
 * stderr. */
#define TEST_NO_STATUS (-1000)
static inline void expect_child_or(void (*fn)(void *), void *arg, int status, int also,
                                   const char *needle) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 2);
    fn(arg);
    _exit(0);
  }
  close(fds[1]);
  static char buf[65536];
  read_all(fds[0], buf, sizeof buf);
  close(fds[0]);
  int ws;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  if (status >= 0) {
    if (!WIFEXITED(ws))
      fail_msg("child did not exit (status %#x); stderr: %s", ws, buf);
    if (WEXITSTATUS(ws) != also)
      assert_int_equal(WEXITSTATUS(ws), status);
  } else {
    if (!WIFSIGNALED(ws))
      fail_msg("child was not killed (status %#x); stderr: %s", ws, buf);
    assert_int_equal(WTERMSIG(ws), -status);
  }
  if (needle && !strstr(buf, needle))
    fail_msg("stderr lacks \"%s\"; it was: %s", needle, buf);
}

static inline void expect_child(void (*fn)(void *), void *arg, int status, const char *needle) {
  expect_child_or(fn, arg, status, TEST_NO_STATUS, needle);
}

/* The storage fixture most suites share: storages S (named "S") and S2, made
 * before a suite's first test and freed after its last.  A suite that wants it
 * defines TEST_STORAGE_FIXTURE before including this header and passes
 * storage_setup and storage_teardown to cmocka_run_group_tests*(). */
#ifdef TEST_STORAGE_FIXTURE
static actx_storage *S, *S2;

static int storage_setup(void **state) {
  (void)state;
  S = actx_storage_new(&(actx_storage_options){.name = "S"});
  S2 = actx_storage_new(NULL);
  return S && S2 ? 0 : -1;
}

static int storage_teardown(void **state) {
  (void)state;
  actx_storage_free(S);
  actx_storage_free(S2);
  return 0;
}
#endif

#endif
