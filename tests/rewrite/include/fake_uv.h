/* fake_uv.h -- the slice of libuv's API the rewriter's golden tests call
 * (same prototypes as uv.h, no system headers). */
#ifndef FAKE_UV_H
#define FAKE_UV_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s { void *data; } uv_handle_t;
typedef struct uv_timer_s { void *data; } uv_timer_t;
typedef struct uv_idle_s { void *data; } uv_idle_t;
typedef struct uv_stream_s { void *data; } uv_stream_t;
typedef struct uv_tcp_s { void *data; } uv_tcp_t;
typedef struct uv_async_s { void *data; } uv_async_t;
typedef struct uv_write_s { void *data; } uv_write_t;
typedef struct uv_connect_s { void *data; } uv_connect_t;
typedef struct uv_fs_s { void *data; long result; } uv_fs_t;
typedef struct uv_work_s { void *data; } uv_work_t;
typedef struct { char *base; __SIZE_TYPE__ len; } uv_buf_t;
typedef unsigned long uv_thread_t;
struct sockaddr;

typedef void (*uv_close_cb)(uv_handle_t *handle);
typedef void (*uv_timer_cb)(uv_timer_t *handle);
typedef void (*uv_idle_cb)(uv_idle_t *handle);
typedef void (*uv_async_cb)(uv_async_t *handle);
typedef void (*uv_alloc_cb)(uv_handle_t *handle, __SIZE_TYPE__ suggested, uv_buf_t *buf);
typedef void (*uv_read_cb)(uv_stream_t *stream, long nread, const uv_buf_t *buf);
typedef void (*uv_write_cb)(uv_write_t *req, int status);
typedef void (*uv_connect_cb)(uv_connect_t *req, int status);
typedef void (*uv_connection_cb)(uv_stream_t *server, int status);
typedef void (*uv_fs_cb)(uv_fs_t *req);
typedef void (*uv_work_cb)(uv_work_t *req);
typedef void (*uv_after_work_cb)(uv_work_t *req, int status);
typedef void (*uv_walk_cb)(uv_handle_t *handle, void *arg);
typedef void (*uv_thread_cb)(void *arg);

uv_loop_t *uv_default_loop(void);
int uv_run(uv_loop_t *loop, int mode);
void uv_close(uv_handle_t *handle, uv_close_cb close_cb);
int uv_tcp_close_reset(uv_tcp_t *handle, uv_close_cb close_cb);
int uv_timer_init(uv_loop_t *loop, uv_timer_t *handle);
int uv_timer_start(uv_timer_t *handle, uv_timer_cb cb, unsigned long long timeout,
                   unsigned long long repeat);
int uv_timer_stop(uv_timer_t *handle);
int uv_idle_start(uv_idle_t *idle, uv_idle_cb cb);
int uv_async_init(uv_loop_t *loop, uv_async_t *async, uv_async_cb async_cb);
int uv_read_start(uv_stream_t *stream, uv_alloc_cb alloc_cb, uv_read_cb read_cb);
int uv_write(uv_write_t *req, uv_stream_t *handle, const uv_buf_t bufs[], unsigned int nbufs,
             uv_write_cb cb);
int uv_listen(uv_stream_t *stream, int backlog, uv_connection_cb cb);
int uv_tcp_connect(uv_connect_t *req, uv_tcp_t *handle, const struct sockaddr *addr,
                   uv_connect_cb cb);
int uv_fs_open(uv_loop_t *loop, uv_fs_t *req, const char *path, int flags, int mode, uv_fs_cb cb);
int uv_fs_close(uv_loop_t *loop, uv_fs_t *req, int file, uv_fs_cb cb);
int uv_queue_work(uv_loop_t *loop, uv_work_t *req, uv_work_cb work_cb,
                  uv_after_work_cb after_work_cb);
void uv_walk(uv_loop_t *loop, uv_walk_cb walk_cb, void *arg);
int uv_thread_create(uv_thread_t *tid, uv_thread_cb entry, void *arg);

/* Processes: the exit callback is a field of the options (field rules). */
typedef struct uv_process_s uv_process_t;
typedef void (*uv_exit_cb)(uv_process_t *process, long long exit_status, int term_signal);
struct uv_process_s {
  void *data;
  uv_exit_cb exit_cb;
  int pid;
};
typedef struct uv_process_options_s {
  uv_exit_cb exit_cb;
  const char *file;
  char **args;
  char **env;
  const char *cwd;
  unsigned int flags;
} uv_process_options_t;
int uv_spawn(uv_loop_t *loop, uv_process_t *handle, const uv_process_options_t *options);

#endif
