/* fake_pthread.h -- POSIX thread declarations for golden tests (the same
 * prototypes as <pthread.h>, no system headers). */
#ifndef FAKE_PTHREAD_H
#define FAKE_PTHREAD_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef unsigned long pthread_t;
typedef union pthread_attr_t pthread_attr_t;
typedef int pthread_once_t;

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start_routine)(void *),
                   void *arg);
int pthread_join(pthread_t thread, void **retval);
int pthread_once(pthread_once_t *once_control, void (*init_routine)(void));
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));

#endif
