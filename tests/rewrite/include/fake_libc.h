/* fake_libc.h -- C library declarations for golden tests (same prototypes as
 * <stdlib.h>/<signal.h>, no system headers). */
#ifndef FAKE_LIBC_H
#define FAKE_LIBC_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef __SIZE_TYPE__ size_t;

void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *));
int atexit(void (*function)(void));
int on_exit(void (*function)(int, void *), void *arg);
typedef void (*sighandler_t)(int);
sighandler_t signal(int signum, sighandler_t handler);
/* glibc's layout: the handlers are members of an anonymous union. */
struct sigaction {
  union {
    sighandler_t sa_handler;
    void (*sa_sigaction)(int, void *, void *);
  } __sigaction_handler;
#define sa_handler __sigaction_handler.sa_handler
#define sa_sigaction __sigaction_handler.sa_sigaction
  int sa_flags;
};
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int printf(const char *fmt, ...);

#endif
