/* config.h -- stands in for the config.h GLib's own build generates, for its
 * test programs built standalone against the system GLib (build.sh).  Only the
 * macros the chosen tests read, with the values Debian's Linux build has. */
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_PRCTL_H 1
#define THREADS_POSIX 1
#define HAVE_PRLIMIT 1
#define HAVE_PTHREAD_GETNAME_NP 1
#define HAVE_PTHREAD_SETNAME_NP_WITH_TID 1
#define HAVE_OPENPTY 1
