/* fake_ae.h -- Redis's ae event loop (src/ae.h, 7.0) for golden tests. */
#ifndef FAKE_AE_H
#define FAKE_AE_H

#ifndef NULL
#define NULL ((void *)0)
#endif

#define AE_OK 0
#define AE_ERR -1
#define AE_NONE 0
#define AE_READABLE 1
#define AE_WRITABLE 2
#define AE_BARRIER 4
#define AE_NOMORE -1

typedef struct aeEventLoop aeEventLoop;
typedef void aeFileProc(struct aeEventLoop *eventLoop, int fd, void *clientData, int mask);
typedef int aeTimeProc(struct aeEventLoop *eventLoop, long long id, void *clientData);
typedef void aeEventFinalizerProc(struct aeEventLoop *eventLoop, void *clientData);

int aeCreateFileEvent(aeEventLoop *eventLoop, int fd, int mask, aeFileProc *proc,
                      void *clientData);
void aeDeleteFileEvent(aeEventLoop *eventLoop, int fd, int mask);
void *aeGetFileClientData(aeEventLoop *eventLoop, int fd);
long long aeCreateTimeEvent(aeEventLoop *eventLoop, long long milliseconds, aeTimeProc *proc,
                            void *clientData, aeEventFinalizerProc *finalizerProc);
int aeDeleteTimeEvent(aeEventLoop *eventLoop, long long id);

#endif
