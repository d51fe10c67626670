/* atexit: bound forever; on_exit boxes its argument; signal handlers are
 * deliberately left alone (not async-signal-safe to enter a context). */
#include <fake_libc.h>

static void flush_logs(void) {}
static void report(int status, void *arg) { (void)status; (void)arg; }
static void on_sigint(int sig) { (void)sig; }

void setup(void *state) {
  atexit(flush_logs);
  on_exit(report, state);
  signal(2, on_sigint);
}
