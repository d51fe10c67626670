/* test-trace-export.c -- actx_trace_export_start/stop and ACTX_TRACE
 * (runtime/trace_export.c): what the file holds, how it is opened, errors.
 *
 * The JSON itself is checked by samples/check_trace.py on a traced sample;
 * here the file is read as text.  Cases that need a fresh process (the
 * environment variable is read when the library starts) run this program
 * again with --child-run.
 */
#define _GNU_SOURCE
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

static char dir[] = "/tmp/actx-trace-XXXXXX";

static void *nothing(void *arg) {
  return arg;
}

/* n resources made, run and released: n slices, flows and lifetimes. */
static void runs(int n) {
  for (int i = 0; i < n; i++) {
    actx_resource *r = actx_resource_new("test-run", NULL);
    assert_non_null(r);
    actx_resource_run(r, nothing, NULL);
    actx_resource_release(r);
  }
}

static char *path_in_dir(const char *name) {
  static char p[256];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return p;
}

/* The whole file, NUL-terminated (freed by the caller); NULL if absent. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, len = 0;
  char *s = malloc(cap);
  size_t got;
  while ((got = fread(s + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (len + 1 == cap)
      s = realloc(s, cap *= 2);
  }
  s[len] = '\0';
  fclose(f);
  return s;
}

/* Occurrences of needle in s, in one pass (strstr in a loop is quadratic
 * under ASan, whose interceptor measures the whole rest of s each time). */
static int count(const char *s, const char *needle) {
  int n = 0;
  size_t len = strlen(needle);
  for (const char *p = s; *p; p++)
    if (*p == needle[0] && strncmp(p, needle, len) == 0)
      n++;
  return n;
}

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), m = strlen(tail);
  return n >= m && strcmp(s + n - m, tail) == 0;
}

static void start_stop_writes_one_array(void **state) {
  (void)state;
  const char *p = path_in_dir("basic.json");
  assert_int_equal(actx_trace_export_start(p), 0);
  runs(3);
  assert_int_equal(actx_trace_export_stop(), 0);
  char *s = slurp(p);
  assert_non_null(s);
  assert_true(strncmp(s, "[\n{\"ph\":\"M\"", 11) == 0);
  assert_true(ends_with(s, "}\n]\n"));
  assert_int_equal(count(s, "\"ph\":\"X\",") - count(s, "\"cat\":\"actx.register\""), 3);
  assert_int_equal(count(s, "\"name\":\"test-run\""), 3 + 3 + 3); /* X, b, e */
  assert_int_equal(count(s, "\"ph\":\"s\""), 3);
  assert_int_equal(count(s, "\"ph\":\"f\""), 3);
  assert_int_equal(count(s, "\"ph\":\"b\""), 3);
  assert_int_equal(count(s, "\"ph\":\"e\""), 3);
  assert_int_equal(count(s, "\"name\":\"thread_name\""), 1);
  free(s);
  /* Nothing more is written after stop. */
  runs(1);
  char *again = slurp(p);
  assert_true(ends_with(again, "}\n]\n"));
  free(again);
}

static int bound_target(int x) {
  return x + 1;
}

/* A bound call's slice names its callback and carries its registration
 * site. */
static void bound_call_slice_has_site(void **state) {
  (void)state;
  const char *p = path_in_dir("site.json");
  assert_int_equal(actx_trace_export_start(p), 0);
  int (*f)(int) = ACTX_BIND(bound_target);
  int line = __LINE__ - 1;
  assert_non_null(f);
  assert_int_equal(f(1), 2);
  actx_unbind((actx_fn)f);
  assert_int_equal(actx_trace_export_stop(), 0);
  char *s = slurp(p);
  char want[512];
  snprintf(want, sizeof want, "\"name\":\"bound_target\",\"ts\":");
  assert_non_null(strstr(s, want));
  snprintf(want, sizeof want,
           "\"type\":\"bound_target\",\"site\":{\"file\":\"%s\",\"line\":%d,"
           "\"function\":\"bound_call_slice_has_site\"}}}",
           __FILE__, line);
  if (!strstr(s, want))
    fail_msg("no %s in %s", want, s);
  free(s);
}

static void errors(void **state) {
  (void)state;
  assert_int_equal(actx_trace_export_start(NULL), ACTX_EINVAL);
  assert_int_equal(actx_trace_export_start(""), ACTX_EINVAL);
  assert_int_equal(actx_trace_export_stop(), ACTX_EALREADY);
  assert_int_equal(actx_trace_export_start(path_in_dir("errors.json")), 0);
  assert_int_equal(actx_trace_export_start(path_in_dir("errors2.json")), ACTX_EALREADY);
  assert_int_equal(actx_trace_export_stop(), 0);
  assert_int_equal(actx_trace_export_stop(), ACTX_EALREADY);
  assert_int_equal(actx_trace_export_start(path_in_dir("no/such/dir.json")), -ENOENT);
  assert_int_equal(actx_trace_export_stop(), ACTX_EALREADY);
}

/* O_NOFOLLOW: a symlink at the last component is refused, and its target
 * left as it was. */
static void symlink_refused(void **state) {
  (void)state;
  char target[256];
  snprintf(target, sizeof target, "%s/target", dir);
  FILE *f = fopen(target, "w");
  fputs("precious", f);
  fclose(f);
  const char *link = path_in_dir("link.json");
  assert_int_equal(symlink(target, link), 0);
  assert_int_equal(actx_trace_export_start(link), -ELOOP);
  char *s = slurp(target);
  assert_string_equal(s, "precious");
  free(s);
}

static void created_mode_0600(void **state) {
  (void)state;
  mode_t old = umask(0);
  const char *p = path_in_dir("mode.json");
  assert_int_equal(actx_trace_export_start(p), 0);
  umask(old);
  assert_int_equal(actx_trace_export_stop(), 0);
  struct stat st;
  assert_int_equal(stat(p, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
}

/* Tracing is invisible to the program: an empty resource type stays valid
 * (Node refuses it only when an init hook of the program's would see it). */
static void empty_type_still_valid(void **state) {
  (void)state;
  assert_int_equal(actx_trace_export_start(path_in_dir("empty.json")), 0);
  actx_resource *r = actx_resource_new("", NULL);
  assert_non_null(r);
  actx_resource_release(r);
  assert_int_equal(actx_trace_export_stop(), 0);
}

/* ---------------------------------------------------------- children */

/* Runs this program with --child-run under `env` (NULL-terminated), returns
 * what it wrote on stderr; its exit status must be 0. */
static char *run_child(const char *exe, char *const env[]) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 2);
    execle(exe, exe, "--child-run", (char *)NULL, env);
    _exit(127);
  }
  close(fds[1]);
  static char buf[8192];
  read_all(fds[0], buf, sizeof buf);
  close(fds[0]);
  int ws;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
    fail_msg("child status %#x; stderr: %s", ws, buf);
  return buf;
}

static const char *self_exe(void) {
  static char exe[3000];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  assert_true(n > 0);
  exe[n] = '\0';
  return exe;
}

static void env_var_starts_a_trace(void **state) {
  (void)state;
  char var[300];
  snprintf(var, sizeof var, "ACTX_TRACE=%s/env-%%p.json", dir);
  char *const env[] = {var, NULL};
  char *err = run_child(self_exe(), env);
  assert_string_equal(err, "");
  /* "%p" became the child's pid: one file, ending the array (exit stops). */
  char cmd[400];
  snprintf(cmd, sizeof cmd, "cat %s/env-[0-9]*.json > %s/env-all", dir, dir);
  assert_int_equal(system(cmd), 0);
  char *s = slurp(path_in_dir("env-all"));
  assert_true(strncmp(s, "[\n", 2) == 0 && ends_with(s, "}\n]\n"));
  assert_int_equal(count(s, "\"ph\":\"f\""), 5);
  free(s);
}

/* A trace that cannot be opened or written is reported once, in one line
 * naming the file and the error, and the program goes on (exits 0). */
static void unwritable_reported_once(void **state) {
  (void)state;
  char var[300];
  snprintf(var, sizeof var, "ACTX_TRACE=%s/no/such/dir.json", dir);
  char *const env[] = {var, NULL};
  char *err = run_child(self_exe(), env);
  char want[400];
  snprintf(want, sizeof want, "actx: cannot write trace %s/no/such/dir.json: %s\n", dir,
           strerror(ENOENT));
  assert_string_equal(err, want);
}

static void disk_full_reported_once(void **state) {
  (void)state;
  if (access("/dev/full", W_OK) != 0)
    skip();
  char *const env[] = {"ACTX_TRACE=/dev/full", NULL};
  char *err = run_child(self_exe(), env);
  assert_int_equal(count(err, "\n"), 1);
  assert_non_null(strstr(err, "actx: cannot write trace /dev/full: "));
  assert_non_null(strstr(err, strerror(ENOSPC)));
}

/* secure_getenv: a setuid program ignores ACTX_TRACE.  Needs root (to make
 * a copy of this program setuid to nobody) and a filesystem honouring setuid. */
static void setuid_ignores_env_var(void **state) {
  (void)state;
#if defined(__SANITIZE_ADDRESS__)
  skip(); /* LeakSanitizer refuses to run in a setuid process */
#endif
  struct statvfs fs;
  if (geteuid() != 0 || statvfs(dir, &fs) != 0 || (fs.f_flag & ST_NOSUID))
    skip();
  char exe[64], cmd[4400];
  snprintf(exe, sizeof exe, "%s/suid-copy", dir);
  snprintf(cmd, sizeof cmd, "cp %s %s && chown 65534 %s && chmod 4755 %s && chmod 777 %s",
           self_exe(), exe, exe, exe, dir);
  assert_int_equal(system(cmd), 0);
  char var[300];
  snprintf(var, sizeof var, "ACTX_TRACE=%s/suid.json", dir);
  char *const env[] = {var, NULL};
  run_child(exe, env);
  assert_int_equal(access(path_in_dir("suid.json"), F_OK), -1);
  /* The same copy without the setuid bit writes it: the test can fail. */
  snprintf(cmd, sizeof cmd, "chmod 0755 %s", exe);
  assert_int_equal(system(cmd), 0);
  run_child(exe, env);
  assert_int_equal(access(path_in_dir("suid.json"), F_OK), 0);
}

/* A fork child writes nothing to its parent's trace, not even at exit. */
static void fork_child_stays_out(void **state) {
  (void)state;
  const char *p = path_in_dir("fork.json");
  assert_int_equal(actx_trace_export_start(p), 0);
  runs(2);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    runs(500); /* enough to fill a buffer, were it written */
    exit(0);   /* atexit: stop must not close the parent's array */
  }
  int ws;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  runs(1);
  assert_int_equal(actx_trace_export_stop(), 0);
  char *s = slurp(p);
  char child[64];
  snprintf(child, sizeof child, "\"pid\":%ld,", (long)pid);
  assert_null(strstr(s, child));
  assert_int_equal(count(s, "\n]\n"), 1);
  assert_int_equal(count(s, "\"ph\":\"f\""), 3);
  free(s);
  /* And a child may start its own. */
}

/* Killed without exit handlers, a trace holds "[" and whole events: a
 * viewer accepts the missing "]" (docs/observability.md). */
static void killed_leaves_whole_events(void **state) {
  (void)state;
  const char *p = path_in_dir("killed.json");
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    if (actx_trace_export_start(p) != 0)
      _exit(3);
    runs(2000); /* several chunks */
    _exit(0);
  }
  int ws;
  assert_int_equal(waitpid(pid, &ws, 0), pid);
  assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  char *s = slurp(p);
  assert_true(strncmp(s, "[\n{", 3) == 0);
  assert_true(ends_with(s, "}"));
  assert_true(count(s, "\"ph\":\"X\"") > 100);
  assert_int_equal(count(s, "]\n"), 0);
  free(s);
}

/* Threads tracing while others start and exit: every thread's runs land in
 * the file, once (TSan checks the locking). */
enum { THREADS = 4, PER_THREAD = 1500 };

static void *thread_runs(void *arg) {
  (void)arg;
  runs(PER_THREAD);
  return NULL;
}

static void threads_flush_on_exit(void **state) {
  (void)state;
  const char *p = path_in_dir("threads.json");
  assert_int_equal(actx_trace_export_start(p), 0);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, thread_runs, NULL), 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  assert_int_equal(actx_trace_export_stop(), 0);
  char *s = slurp(p);
  assert_int_equal(count(s, "\"ph\":\"f\""), THREADS * PER_THREAD);
  assert_int_equal(count(s, "\"name\":\"thread_name\""), THREADS);
  assert_true(ends_with(s, "}\n]\n"));
  free(s);
}

/* Stop while other threads are running callbacks: they go on untraced. */
static atomic_bool stop_now;
static void *thread_runs_until(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_now))
    runs(10);
  return NULL;
}

static void stop_while_threads_run(void **state) {
  (void)state;
  const char *p = path_in_dir("racing.json");
  atomic_store(&stop_now, false);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, thread_runs_until, NULL), 0);
  for (int round = 0; round < 5; round++) {
    assert_int_equal(actx_trace_export_start(p), 0);
    runs(50);
    assert_int_equal(actx_trace_export_stop(), 0);
    char *s = slurp(p);
    assert_true(strncmp(s, "[\n{", 3) == 0 && ends_with(s, "}\n]\n"));
    assert_int_equal(count(s, "\"ph\":\"s\""), count(s, "\"ph\":\"f\""));
    assert_int_equal(count(s, "\"ph\":\"b\""), count(s, "\"ph\":\"e\""));
    free(s);
  }
  atomic_store(&stop_now, true);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
}

static int make_dir(void **state) {
  (void)state;
  return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
  (void)state;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--child-run") == 0) {
    /* ACTX_TRACE was read when the library started. */
    for (int i = 0; i < 5; i++) {
      actx_resource *r = actx_resource_new("child-run", NULL);
      actx_resource_run(r, nothing, NULL);
      actx_resource_release(r);
    }
    for (int i = 0; i < 1000; i++) /* several chunks: /dev/full fails more than once */
      actx_resource_release(actx_resource_new("filler", NULL));
    return 0;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(start_stop_writes_one_array),
      cmocka_unit_test(bound_call_slice_has_site),
      cmocka_unit_test(errors),
      cmocka_unit_test(symlink_refused),
      cmocka_unit_test(created_mode_0600),
      cmocka_unit_test(empty_type_still_valid),
      cmocka_unit_test(env_var_starts_a_trace),
      cmocka_unit_test(unwritable_reported_once),
      cmocka_unit_test(disk_full_reported_once),
      cmocka_unit_test(setuid_ignores_env_var),
      cmocka_unit_test(fork_child_stays_out),
      cmocka_unit_test(killed_leaves_whole_events),
      cmocka_unit_test(threads_flush_on_exit),
      cmocka_unit_test(stop_while_threads_run),
  };
  return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
