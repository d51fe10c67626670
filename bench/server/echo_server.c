/* echo_server.c -- the libuv server of the scale benchmark (bench-server).
 *
 * The meson build compiles this file twice: as written (no actx at all) and
 * from actx-rewrite's output with -DBENCH_ACTX.  In the actx build every
 * connection runs in its own context (its id in a storage), the rewriter binds
 * every callback handed to libuv (listen, alloc, read, each write, close), and
 * the read and write callbacks check that they see their connection's id.
 *
 * Protocol: an echo server on 127.0.0.1 (port chosen by the kernel, printed as
 * "PORT n" on stdout).  A read that starts with '!' is a control message from
 * the load generator: "!MARK" records the RSS, "!STOP" records it again,
 * closes every handle and lets the loop end; the server then prints one JSON
 * line (requests, RSS and CPU time per request between the two, context
 * mismatches, live actx resources) and exits.
 * alarm(ARGV[1] or 300) bounds its life in any case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <uv.h>
#ifdef BENCH_ACTX
/* Each request reads its connection's id twice: the opt-in inline get (a TLS
 * load and a compare, no call) that actx.h offers for such hot paths. */
#define ACTX_INLINE_GET
#include <actx.h>
#endif

struct conn {
  uv_tcp_t tcp;
  long id;
};

struct write_req {
  uv_write_t req;
  struct conn *conn;
  char data[];
};

static uv_loop_t *loop;
static uv_tcp_t listener;
static long next_id = 1, requests, mismatches;
static long rss_mark_kib, rss_stop_kib;
static double cpu_mark_s, cpu_stop_s; /* user + system time of this process */
#ifdef BENCH_ACTX
static actx_storage *conn_ctx;
#endif

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, res = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &res) != 2)
      res = 0;
    fclose(f);
  }
  return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
         ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static void check_context(const struct conn *c) {
#ifdef BENCH_ACTX
  if ((long)actx_storage_get(conn_ctx) != c->id)
    mismatches++;
#else
  (void)c;
#endif
}

static void on_closed(uv_handle_t *h) {
  if (h != (uv_handle_t *)&listener)
    free(h->data);
}

static void close_one(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h))
    uv_close(h, on_closed);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  static char slab[65536];
  (void)h, (void)suggested;
  *buf = uv_buf_init(slab, sizeof slab);
}

static void on_written(uv_write_t *req, int status) {
  struct write_req *w = (struct write_req *)req;
  (void)status;
  check_context(w->conn);
  free(w);
}

static void reply(struct conn *c, const char *data, size_t len) {
  struct write_req *w = malloc(sizeof *w + len);
  if (!w)
    abort();
  w->conn = c;
  memcpy(w->data, data, len);
  uv_buf_t b = uv_buf_init(w->data, (unsigned)len);
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0)
    free(w);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  struct conn *c = s->data;
  if (nread < 0) {
    close_one((uv_handle_t *)s, NULL);
    return;
  }
  if (nread == 0)
    return;
  check_context(c);
  if (buf->base[0] == '!') {
    if (strncmp(buf->base, "!MARK", 5) == 0) {
      rss_mark_kib = rss_kib();
      cpu_mark_s = cpu_s();
      requests = 0;
      reply(c, "!OK\n", 4);
    } else if (strncmp(buf->base, "!STOP", 5) == 0) {
      rss_stop_kib = rss_kib();
      cpu_stop_s = cpu_s();
      uv_walk(loop, close_one, NULL);
    }
    return;
  }
  requests++;
  reply(c, buf->base, (size_t)nread);
}

static void *start_reading(void *arg) {
  struct conn *c = arg;
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  return NULL;
}

static void on_connection(uv_stream_t *server, int status) {
  if (status < 0)
    return;
  struct conn *c = malloc(sizeof *c);
  if (!c)
    abort();
  c->id = next_id++;
  uv_tcp_init(loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
    uv_close((uv_handle_t *)&c->tcp, on_closed);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
#ifdef BENCH_ACTX
  actx_storage_run(conn_ctx, (void *)c->id, start_reading, c);
#else
  start_reading(c);
#endif
}

int main(int argc, char **argv) {
  alarm(argc > 1 ? (unsigned)atoi(argv[1]) : 300);
#ifdef BENCH_ACTX
  conn_ctx = actx_storage_new(NULL);
#endif
  loop = uv_default_loop();
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(loop, &listener);
  if (uv_tcp_bind(&listener, (const struct sockaddr *)&addr, 0) != 0 ||
      uv_listen((uv_stream_t *)&listener, 128, on_connection) != 0) {
    fprintf(stderr, "echo_server: cannot listen on 127.0.0.1\n");
    return 1;
  }
  struct sockaddr_storage bound;
  int len = sizeof bound;
  uv_tcp_getsockname(&listener, (struct sockaddr *)&bound, &len);
  printf("PORT %d\n", ntohs(((struct sockaddr_in *)&bound)->sin_port));
  fflush(stdout);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  long live = -1;
#ifdef BENCH_ACTX
  live = (long)actx_live_resources();
#endif
  printf("{\"requests\": %ld, \"rss_mark_kib\": %ld, \"rss_stop_kib\": %ld, "
         "\"cpu_ns_per_request\": %.0f, \"mismatches\": %ld, \"live_resources\": %ld}\n",
         requests, rss_mark_kib, rss_stop_kib,
         requests ? (cpu_stop_s - cpu_mark_s) * 1e9 / (double)requests : 0.0, mismatches, live);
  return 0;
}
