/* Signal handlers stored into struct sigaction (glibc's layout: members of
 * an anonymous union behind a macro) are left alone on purpose, like
 * signal()'s: built-in ignore rules for sigaction.sa_handler and
 * sigaction.sa_sigaction, by assignment and by designated initialiser. */
#include <fake_libc.h>

static void on_sig(int sig) { (void)sig; }
static void on_info(int sig, void *info, void *uctx) {
  (void)sig;
  (void)info;
  (void)uctx;
}

int install(void) {
  struct sigaction sa;
  struct sigaction sb = {.sa_handler = on_sig};
  sa.sa_sigaction = on_info;
  sa.sa_flags = 0;
  return sigaction(2, &sa, 0) + sigaction(15, &sb, 0);
}
