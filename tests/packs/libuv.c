/* libuv.c -- calls every function line of tool/contracts/libuv.contracts
 * against the real libuv 1.44 (check_pack.py checks the rewriter's report),
 * and checks that the callbacks see their registration's storage value
 * (pack_test.h). */
#include "pack_test.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

static uv_loop_t *loop;
static char dir[64]; /* a temporary directory for the file system requests */

/* ---- allocator (process-wide: left alone by the pack) */
static void *my_malloc(size_t n) {
  return malloc(n);
}
static void *my_realloc(void *p, size_t n) {
  return realloc(p, n);
}
static void *my_calloc(size_t n, size_t size) {
  return calloc(n, size);
}
static void my_free(void *p) {
  free(p);
}

static void on_close(uv_handle_t *h) {
  pack_expect("uv_close");
  free(h);
}

static void close_handle(uv_handle_t *h) {
  uv_close(h, on_close);
}

/* ---- handles */
static void on_timer(uv_timer_t *h) {
  pack_expect("uv_timer_start");
  close_handle((uv_handle_t *)h);
}
static void on_idle(uv_idle_t *h) {
  pack_expect("uv_idle_start");
  uv_idle_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_check(uv_check_t *h) {
  pack_expect("uv_check_start");
  uv_check_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_prepare(uv_prepare_t *h) {
  pack_expect("uv_prepare_start");
  uv_prepare_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_async(uv_async_t *h) {
  pack_expect("uv_async_init");
  close_handle((uv_handle_t *)h);
}
static void on_signal(uv_signal_t *h, int signum) {
  pack_expect(signum == SIGUSR1 ? "uv_signal_start" : "uv_signal_start_oneshot");
  uv_signal_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_poll(uv_poll_t *h, int status, int events) {
  (void)status;
  (void)events;
  pack_expect("uv_poll_start");
  uv_poll_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_fs_event(uv_fs_event_t *h, const char *name, int events, int status) {
  (void)name;
  (void)events;
  (void)status;
  if (uv_is_closing((uv_handle_t *)h))
    return;
  pack_expect("uv_fs_event_start");
  uv_fs_event_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_fs_poll(uv_fs_poll_t *h, int status, const uv_stat_t *prev, const uv_stat_t *curr) {
  (void)status;
  (void)prev;
  (void)curr;
  if (uv_is_closing((uv_handle_t *)h))
    return;
  pack_expect("uv_fs_poll_start");
  uv_fs_poll_stop(h);
  close_handle((uv_handle_t *)h);
}

static uv_async_t *async;
static int poll_pipe[2];

static void start_handles(void) {
  uv_timer_t *timer = malloc(sizeof *timer);
  uv_timer_init(loop, timer);
  uv_timer_start(timer, on_timer, 1, 0);
  uv_idle_t *idle = malloc(sizeof *idle);
  uv_idle_init(loop, idle);
  uv_idle_start(idle, on_idle);
  uv_check_t *check = malloc(sizeof *check);
  uv_check_init(loop, check);
  uv_check_start(check, on_check);
  uv_prepare_t *prepare = malloc(sizeof *prepare);
  uv_prepare_init(loop, prepare);
  uv_prepare_start(prepare, on_prepare);
  async = malloc(sizeof *async);
  uv_async_init(loop, async, on_async);
  uv_signal_t *sig = malloc(sizeof *sig);
  uv_signal_init(loop, sig);
  uv_signal_start(sig, on_signal, SIGUSR1);
  sig = malloc(sizeof *sig);
  uv_signal_init(loop, sig);
  uv_signal_start_oneshot(sig, on_signal, SIGUSR2);
  if (pipe(poll_pipe) != 0 || write(poll_pipe[1], "x", 1) != 1)
    abort();
  uv_poll_t *poll = malloc(sizeof *poll);
  uv_poll_init(loop, poll, poll_pipe[0]);
  uv_poll_start(poll, UV_READABLE, on_poll);
  uv_fs_event_t *fs_event = malloc(sizeof *fs_event);
  uv_fs_event_init(loop, fs_event);
  uv_fs_event_start(fs_event, on_fs_event, dir, 0);
  uv_fs_poll_t *fs_poll = malloc(sizeof *fs_poll);
  uv_fs_poll_init(loop, fs_poll);
  uv_fs_poll_start(fs_poll, on_fs_poll, "/nonexistent/actx-pack", 10);
}

/* ---- streams: a TCP server and client, a pipe, UDP */
static uv_tcp_t server;
static struct sockaddr_in server_addr;

static bool alloc_seen, read_seen; /* each counted once: reads vary in number */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  static char slab[256];
  (void)h;
  (void)suggested;
  if (!alloc_seen)
    pack_expect("uv_read_start alloc");
  alloc_seen = true;
  *buf = uv_buf_init(slab, sizeof slab);
}
static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  (void)buf;
  if (n == 0)
    return;
  if (!read_seen)
    pack_expect("uv_read_start read");
  read_seen = true;
  if (n < 0) {
    uv_tcp_close_reset((uv_tcp_t *)s, on_close);
  }
}
static void on_connection(uv_stream_t *srv, int status) {
  (void)status;
  pack_expect("uv_listen");
  uv_tcp_t *conn = malloc(sizeof *conn);
  uv_tcp_init(loop, conn);
  if (uv_accept(srv, (uv_stream_t *)conn) != 0)
    abort();
  uv_read_start((uv_stream_t *)conn, on_alloc, on_read);
  uv_close((uv_handle_t *)srv, NULL);
}
static void on_write(uv_write_t *req, int status) {
  (void)status;
  pack_expect("uv_write");
  free(req);
}
static void on_shutdown(uv_shutdown_t *req, int status) {
  (void)status;
  pack_expect("uv_shutdown");
  close_handle((uv_handle_t *)req->handle);
  free(req);
}
static void on_connect(uv_connect_t *req, int status) {
  pack_expect("uv_tcp_connect");
  if (status == 0) {
    static uv_buf_t buf;
    buf = uv_buf_init("hello", 5);
    uv_write_t *w = malloc(sizeof *w);
    uv_write(w, req->handle, &buf, 1, on_write);
    w = malloc(sizeof *w);
    uv_write2(w, req->handle, &buf, 1, NULL, on_write);
    uv_shutdown_t *sh = malloc(sizeof *sh);
    uv_shutdown(sh, req->handle, on_shutdown);
  }
  free(req);
}
static void on_pipe_connect(uv_connect_t *req, int status) {
  (void)status;
  pack_expect("uv_pipe_connect");
  close_handle((uv_handle_t *)req->handle);
  free(req);
}
static void on_udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  static char slab[256];
  (void)h;
  (void)suggested;
  *buf = uv_buf_init(slab, sizeof slab);
}
static void on_udp_recv(uv_udp_t *h, ssize_t n, const uv_buf_t *buf, const struct sockaddr *addr,
                        unsigned flags) {
  (void)buf;
  (void)flags;
  if (n == 0 && !addr)
    return;
  pack_expect("uv_udp_recv_start");
  uv_udp_recv_stop(h);
  close_handle((uv_handle_t *)h);
}
static void on_udp_send(uv_udp_send_t *req, int status) {
  (void)status;
  pack_expect("uv_udp_send");
  close_handle((uv_handle_t *)req->handle);
  free(req);
}

static void start_streams(void) {
  uv_tcp_init(loop, &server);
  uv_ip4_addr("127.0.0.1", 0, &server_addr);
  uv_tcp_bind(&server, (const struct sockaddr *)&server_addr, 0);
  int len = sizeof server_addr;
  uv_tcp_getsockname(&server, (struct sockaddr *)&server_addr, &len);
  uv_listen((uv_stream_t *)&server, 4, on_connection);
  uv_tcp_t *client = malloc(sizeof *client);
  uv_tcp_init(loop, client);
  uv_connect_t *c = malloc(sizeof *c);
  uv_tcp_connect(c, client, (const struct sockaddr *)&server_addr, on_connect);
  uv_pipe_t *p = malloc(sizeof *p);
  uv_pipe_init(loop, p, 0);
  c = malloc(sizeof *c);
  uv_pipe_connect(c, p, "/nonexistent/actx-pack.sock", on_pipe_connect);

  uv_udp_t *rx = malloc(sizeof *rx), *tx = malloc(sizeof *tx);
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 0, &a);
  uv_udp_init(loop, rx);
  uv_udp_bind(rx, (const struct sockaddr *)&a, 0);
  len = sizeof a;
  uv_udp_getsockname(rx, (struct sockaddr *)&a, &len);
  uv_udp_recv_start(rx, on_udp_alloc, on_udp_recv);
  uv_udp_init(loop, tx);
  static uv_buf_t msg;
  msg = uv_buf_init("ping", 4);
  uv_udp_send_t *send = malloc(sizeof *send);
  uv_udp_send(send, tx, &msg, 1, (const struct sockaddr *)&a, on_udp_send);
}

/* ---- requests */
static void work(uv_work_t *req) {
  (void)req;
  pack_expect("uv_queue_work work");
}
static void after_work(uv_work_t *req, int status) {
  (void)status;
  pack_expect("uv_queue_work after");
  free(req);
}
static void on_getaddrinfo(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  (void)status;
  pack_expect("uv_getaddrinfo");
  uv_freeaddrinfo(res);
  free(req);
}
static void on_getnameinfo(uv_getnameinfo_t *req, int status, const char *host,
                           const char *service) {
  (void)status;
  (void)host;
  (void)service;
  pack_expect("uv_getnameinfo");
  free(req);
}
static void on_random(uv_random_t *req, int status, void *buf, size_t len) {
  (void)status;
  (void)buf;
  (void)len;
  pack_expect("uv_random");
  free(req);
}
static void thread_main(void *arg) {
  pack_expect(arg);
}

static uv_thread_t threads[2];

static void start_requests(void) {
  uv_work_t *w = malloc(sizeof *w);
  uv_queue_work(loop, w, work, after_work);
  uv_getaddrinfo_t *gai = malloc(sizeof *gai);
  uv_getaddrinfo(loop, gai, on_getaddrinfo, "localhost", NULL, NULL);
  uv_getnameinfo_t *gni = malloc(sizeof *gni);
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 80, &a);
  uv_getnameinfo(loop, gni, on_getnameinfo, (const struct sockaddr *)&a, 0);
  uv_random_t *r = malloc(sizeof *r);
  static char bytes[4];
  uv_random(loop, r, bytes, sizeof bytes, 0, on_random);
  uv_thread_create(&threads[0], thread_main, "uv_thread_create");
  uv_thread_options_t opts = {.flags = UV_THREAD_NO_FLAGS};
  uv_thread_create_ex(&threads[1], &opts, thread_main, "uv_thread_create_ex");
}

/* ---- process: exit_cb is a field (field rules: the fields branch) */
static void on_process_close(uv_handle_t *h) {
  pack_expect("uv_close in exit_cb");
  free(h);
}

static void on_process_exit(uv_process_t *p, int64_t status, int signal) {
  (void)status;
  (void)signal;
  pack_expect("uv_process_options_t.exit_cb");
  uv_close((uv_handle_t *)p, on_process_close);
}

static void spawn_child(void) {
  char *args[] = {(char *)"/bin/true", NULL};
  uv_process_options_t o;
  memset(&o, 0, sizeof o);
  o.file = args[0];
  o.args = args;
  o.exit_cb = on_process_exit; /* pack: field uv_process_options_t.exit_cb */
  uv_process_t *p = malloc(sizeof *p);
  if (uv_spawn(loop, p, &o) != 0)
    abort();
}

/* ---- file system: every uv_fs_* request, each with its own callback run */
static void on_fs(uv_fs_t *req) {
  pack_expect(req->data);
  uv_fs_req_cleanup(req);
  free(req);
}

static uv_fs_t *fs_req(const char *name) {
  uv_fs_t *req = malloc(sizeof *req);
  req->data = (void *)name;
  return req;
}

static uv_dirent_t dirents[4];

static void on_closedir(uv_fs_t *req) {
  on_fs(req);
}
static void on_readdir(uv_fs_t *req) {
  uv_dir_t *d = req->ptr;
  on_fs(req);
  uv_fs_closedir(loop, fs_req("uv_fs_closedir"), d, on_closedir);
}
static void on_opendir(uv_fs_t *req) {
  uv_dir_t *d = req->ptr;
  on_fs(req);
  if (!d)
    abort();
  d->dirents = dirents;
  d->nentries = 4;
  uv_fs_readdir(loop, fs_req("uv_fs_readdir"), d, on_readdir);
}

static char path[96], path2[96], tpl[96], tpl2[96];
static int fd, fd2;

static void start_fs(void) {
  snprintf(path, sizeof path, "%s/file", dir);
  snprintf(path2, sizeof path2, "%s/file2", dir);
  snprintf(tpl, sizeof tpl, "%s/tmpXXXXXX", dir);
  snprintf(tpl2, sizeof tpl2, "%s/stmpXXXXXX", dir);
  fd = open(path, O_RDWR | O_CREAT, 0600);
  fd2 = open(path2, O_RDWR | O_CREAT, 0600);
  if (fd < 0 || fd2 < 0 || write(fd, "data", 4) != 4)
    abort();
  static char rbuf[4];
  static uv_buf_t rb, wb;
  rb = uv_buf_init(rbuf, sizeof rbuf);
  wb = uv_buf_init("more", 4);
  uv_fs_open(loop, fs_req("uv_fs_open"), path, O_RDONLY, 0, on_fs);
  uv_fs_read(loop, fs_req("uv_fs_read"), fd, &rb, 1, 0, on_fs);
  uv_fs_write(loop, fs_req("uv_fs_write"), fd, &wb, 1, 4, on_fs);
  uv_fs_mkdir(loop, fs_req("uv_fs_mkdir"), dir, 0700, on_fs);
  uv_fs_mkdtemp(loop, fs_req("uv_fs_mkdtemp"), tpl, on_fs);
  uv_fs_mkstemp(loop, fs_req("uv_fs_mkstemp"), tpl2, on_fs);
  uv_fs_rmdir(loop, fs_req("uv_fs_rmdir"), "/nonexistent/actx-pack", on_fs);
  uv_fs_opendir(loop, fs_req("uv_fs_opendir"), dir, on_opendir);
  uv_fs_scandir(loop, fs_req("uv_fs_scandir"), dir, 0, on_fs);
  uv_fs_stat(loop, fs_req("uv_fs_stat"), path, on_fs);
  uv_fs_fstat(loop, fs_req("uv_fs_fstat"), fd, on_fs);
  uv_fs_lstat(loop, fs_req("uv_fs_lstat"), path, on_fs);
  uv_fs_statfs(loop, fs_req("uv_fs_statfs"), dir, on_fs);
  uv_fs_rename(loop, fs_req("uv_fs_rename"), "/nonexistent/a", "/nonexistent/b", on_fs);
  uv_fs_fsync(loop, fs_req("uv_fs_fsync"), fd, on_fs);
  uv_fs_fdatasync(loop, fs_req("uv_fs_fdatasync"), fd, on_fs);
  uv_fs_ftruncate(loop, fs_req("uv_fs_ftruncate"), fd2, 0, on_fs);
  uv_fs_copyfile(loop, fs_req("uv_fs_copyfile"), path, "/nonexistent/copy", 0, on_fs);
  uv_fs_sendfile(loop, fs_req("uv_fs_sendfile"), fd2, fd, 0, 1, on_fs);
  uv_fs_access(loop, fs_req("uv_fs_access"), path, R_OK, on_fs);
  uv_fs_chmod(loop, fs_req("uv_fs_chmod"), path, 0600, on_fs);
  uv_fs_fchmod(loop, fs_req("uv_fs_fchmod"), fd, 0600, on_fs);
  uv_fs_utime(loop, fs_req("uv_fs_utime"), path, 1, 1, on_fs);
  uv_fs_futime(loop, fs_req("uv_fs_futime"), fd, 1, 1, on_fs);
  uv_fs_lutime(loop, fs_req("uv_fs_lutime"), path, 1, 1, on_fs);
  uv_fs_link(loop, fs_req("uv_fs_link"), "/nonexistent/a", "/nonexistent/b", on_fs);
  uv_fs_symlink(loop, fs_req("uv_fs_symlink"), "/nonexistent/a", "/nonexistent/b", 0, on_fs);
  uv_fs_readlink(loop, fs_req("uv_fs_readlink"), path, on_fs);
  uv_fs_realpath(loop, fs_req("uv_fs_realpath"), path, on_fs);
  uv_fs_chown(loop, fs_req("uv_fs_chown"), path, (uv_uid_t)-1, (uv_gid_t)-1, on_fs);
  uv_fs_fchown(loop, fs_req("uv_fs_fchown"), fd, (uv_uid_t)-1, (uv_gid_t)-1, on_fs);
  uv_fs_lchown(loop, fs_req("uv_fs_lchown"), path, (uv_uid_t)-1, (uv_gid_t)-1, on_fs);
  uv_fs_unlink(loop, fs_req("uv_fs_unlink"), "/nonexistent/actx-pack", on_fs);
  uv_fs_close(loop, fs_req("uv_fs_close"), dup(fd), on_fs);
}

/* ---- the type rules: a project's own function taking libuv's request
 * callback types (pending on the types-findings branch) */
static void take_uv_write_cb(uv_write_cb f) {
  (void)f;
}
static void take_uv_connect_cb(uv_connect_cb f) {
  (void)f;
}
static void take_uv_shutdown_cb(uv_shutdown_cb f) {
  (void)f;
}
static void take_uv_udp_send_cb(uv_udp_send_cb f) {
  (void)f;
}
static void take_uv_fs_cb(uv_fs_cb f) {
  (void)f;
}
static void take_uv_work_cb(uv_work_cb f) {
  (void)f;
}
static void take_uv_after_work_cb(uv_after_work_cb f) {
  (void)f;
}
static void take_uv_getaddrinfo_cb(uv_getaddrinfo_cb f) {
  (void)f;
}
static void take_uv_getnameinfo_cb(uv_getnameinfo_cb f) {
  (void)f;
}
static void take_uv_random_cb(uv_random_cb f) {
  (void)f;
}

static void type_rules(void) {
  /* pack: type uv_write_cb on_write */
  take_uv_write_cb(on_write);
  /* pack: type uv_connect_cb on_connect */
  take_uv_connect_cb(on_connect);
  /* pack: type uv_shutdown_cb on_shutdown */
  take_uv_shutdown_cb(on_shutdown);
  /* pack: type uv_udp_send_cb on_udp_send */
  take_uv_udp_send_cb(on_udp_send);
  /* pack: type uv_fs_cb on_fs */
  take_uv_fs_cb(on_fs);
  /* pack: type uv_work_cb work */
  take_uv_work_cb(work);
  /* pack: type uv_after_work_cb after_work */
  take_uv_after_work_cb(after_work);
  /* pack: type uv_getaddrinfo_cb on_getaddrinfo */
  take_uv_getaddrinfo_cb(on_getaddrinfo);
  /* pack: type uv_getnameinfo_cb on_getnameinfo */
  take_uv_getnameinfo_cb(on_getnameinfo);
  /* pack: type uv_random_cb on_random */
  take_uv_random_cb(on_random);
}

static void *register_all(void *arg) {
  (void)arg;
  start_handles();
  start_streams();
  start_requests();
  start_fs();
  spawn_child();
  return NULL;
}

static void walk(uv_handle_t *h, void *arg) {
  (void)h;
  (void)arg;
}
static void init_once(void) {}

int main(void) {
  pack_init();
  uv_replace_allocator(my_malloc, my_realloc, my_calloc, my_free);
  loop = uv_default_loop();
  snprintf(dir, sizeof dir, "/tmp/actx-pack-XXXXXX");
  if (!mkdtemp(dir))
    abort();
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  type_rules();
  uv_walk(loop, walk, NULL);
  static uv_once_t once = UV_ONCE_INIT;
  uv_once(&once, init_once);
  uv_async_send(async);
  raise(SIGUSR1);
  raise(SIGUSR2);
  char touched[96];
  snprintf(touched, sizeof touched, "%s/touched", dir);
  close(open(touched, O_WRONLY | O_CREAT, 0600));
  alarm(30);
  uv_run(loop, UV_RUN_DEFAULT);
  for (int i = 0; i < 2; i++)
    uv_thread_join(&threads[i]);
  close(fd);
  close(fd2);
  close(poll_pipe[0]);
  close(poll_pipe[1]);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0)
    return 1;
  /* handles 10 + their closes 10; streams 15 (5 closes); requests 5 + threads 2;
   * file system 36 */
  return pack_finish("libuv", 20 + 15 + 7 + 36 + 2);
}
