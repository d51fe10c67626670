/* bench_server.c -- load generator of the scale benchmark (bench-server).
 *
 * Starts the two builds of echo_server.c (plain, and rewritten by actx-rewrite;
 * their paths are compiled in by meson), connects CONNS sockets to each on
 * 127.0.0.1 and drives them closed-loop: every connection has one 64-byte
 * request in flight, and sends the next one when the whole echo is back.
 * The requests alternate between the servers in PHASES phases each, so drift
 * in the shared VM's speed hits both alike; requests/s is per phase (median,
 * min-max), latency is per request (p50, p99), and each server reports its
 * RSS at "!MARK" (after a warm-up) and at "!STOP" (after all requests), the
 * context mismatches its callbacks saw and its live actx resources once its
 * loop has ended.  Everything is bounded: fixed request counts, and the
 * servers die by alarm() if this program does.
 *
 * Usage: bench-server [--quick] [--json FILE] [REQUESTS_PER_SERVER]
 * BENCH_SERVER_PLAIN / BENCH_SERVER_ACTX, when set, replace the servers' paths
 * (e.g. a script that runs the server under valgrind --tool=callgrind).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define CONNS 16
#define PHASES 100
#define MSG 64

struct server {
  const char *name, *path;
  pid_t pid;
  FILE *out;
  int port;
  int fds[CONNS];
  uint32_t *lat; /* ns per request, measured phases only */
  long nlat;
  double phase_ns[PHASES]; /* ns per request of each phase */
  char stats[512];
};

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void start(struct server *s) {
  int p[2];
  if (pipe(p) != 0)
    die("pipe");
  s->pid = fork();
  if (s->pid < 0)
    die("fork");
  if (s->pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl(s->path, s->path, "240", (char *)NULL);
    perror(s->path);
    _exit(127);
  }
  close(p[1]);
  s->out = fdopen(p[0], "r");
  if (!s->out || fscanf(s->out, "PORT %d%*c", &s->port) != 1) {
    fprintf(stderr, "bench-server: %s did not print its port\n", s->path);
    exit(1);
  }
}

static int dial(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    die("socket");
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
    die("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      die("write");
    }
    p += w, n -= (size_t)w;
  }
}

/* Runs `total` requests over the server's connections; records latencies if
 * `record`.  Returns the elapsed ns. */
static double drive(struct server *s, long total, int record) {
  static char req[MSG];
  memset(req, 'x', sizeof req);
  int ep = epoll_create1(0);
  if (ep < 0)
    die("epoll_create1");
  double sent_at[CONNS];
  int got[CONNS];
  long sent = 0, done = 0;
  double t0 = now_ns();
  for (int i = 0; i < CONNS && sent < total; i++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fds[i], &ev) != 0)
      die("epoll_ctl");
    got[i] = 0;
    sent_at[i] = now_ns();
    write_all(s->fds[i], req, MSG);
    sent++;
  }
  struct epoll_event evs[CONNS];
  while (done < total) {
    int n = epoll_wait(ep, evs, CONNS, 60000);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      fprintf(stderr, "bench-server: %s stopped answering\n", s->name);
      exit(1);
    }
    for (int k = 0; k < n; k++) {
      int i = (int)evs[k].data.u32;
      char buf[MSG];
      ssize_t r = read(s->fds[i], buf, (size_t)(MSG - got[i]));
      if (r <= 0) {
        if (r < 0 && errno == EINTR)
          continue;
        fprintf(stderr, "bench-server: %s closed a connection\n", s->name);
        exit(1);
      }
      got[i] += (int)r;
      if (got[i] < MSG)
        continue;
      got[i] = 0;
      double t = now_ns();
      if (record)
        s->lat[s->nlat++] = (uint32_t)(t - sent_at[i]);
      done++;
      if (sent < total) {
        sent_at[i] = t;
        write_all(s->fds[i], req, MSG);
        sent++;
      }
    }
  }
  double elapsed = now_ns() - t0;
  close(ep);
  return elapsed;
}

static void control(struct server *s, const char *msg, int expect_reply) {
  write_all(s->fds[0], msg, strlen(msg));
  if (expect_reply) {
    char buf[8];
    if (read(s->fds[0], buf, 4) != 4 || memcmp(buf, "!OK\n", 4) != 0) {
      fprintf(stderr, "bench-server: %s did not acknowledge %s\n", s->name, msg);
      exit(1);
    }
  }
}

static void finish(struct server *s) {
  control(s, "!STOP", 0);
  if (!fgets(s->stats, sizeof s->stats, s->out)) {
    fprintf(stderr, "bench-server: %s printed no statistics\n", s->name);
    exit(1);
  }
  s->stats[strcspn(s->stats, "\n")] = 0;
  int st;
  waitpid(s->pid, &st, 0);
  for (int i = 0; i < CONNS; i++)
    close(s->fds[i]);
  fclose(s->out);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  long total = 1000000;
  const char *json = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
      json = argv[++i];
    else if (strcmp(argv[i], "--quick") == 0)
      total = 100000;
    else if (argv[i][0] >= '1' && argv[i][0] <= '9')
      total = atol(argv[i]);
    else {
      fprintf(stderr, "usage: %s [--quick] [--json FILE] [REQUESTS_PER_SERVER]\n", argv[0]);
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  struct server sv[2] = {{.name = "plain", .path = SERVER_PLAIN},
                         {.name = "actx", .path = SERVER_ACTX}};
  if (getenv("BENCH_SERVER_PLAIN"))
    sv[0].path = getenv("BENCH_SERVER_PLAIN");
  if (getenv("BENCH_SERVER_ACTX"))
    sv[1].path = getenv("BENCH_SERVER_ACTX");
  long per_phase = total / PHASES;
  for (int k = 0; k < 2; k++) {
    struct server *s = &sv[k];
    start(s);
    for (int i = 0; i < CONNS; i++)
      s->fds[i] = dial(s->port);
    s->lat = malloc(sizeof *s->lat * (size_t)total);
    if (!s->lat)
      die("malloc");
    drive(s, per_phase / 2 + CONNS, 0); /* warm-up: connections, caches, allocator */
    control(s, "!MARK", 1);
  }
  for (int p = 0; p < PHASES; p++)
    for (int k = 0; k < 2; k++) {
      struct server *s = &sv[p % 2 ? 1 - k : k]; /* ABBA order */
      s->phase_ns[p] = drive(s, per_phase, 1) / (double)per_phase;
    }
  for (int k = 0; k < 2; k++)
    finish(&sv[k]);

  /* The two servers' phases of one round ran back to back, so their ratio
   * hardly sees the VM's drift, which moves whole phases by tens of per cent:
   * the median of those ratios is the figure to read (the ratio of the two
   * medians is shown too). */
  double paired[PHASES];
  for (int p = 0; p < PHASES; p++)
    paired[p] = sv[0].phase_ns[p] / sv[1].phase_ns[p];
  qsort(paired, PHASES, sizeof(double), cmp_double);
  double keeps = (paired[PHASES / 2 - 1] + paired[PHASES / 2]) / 2;

  double med[2], mn[2], mx[2], p50[2], p99[2];
  for (int k = 0; k < 2; k++) {
    struct server *s = &sv[k];
    qsort(s->phase_ns, PHASES, sizeof(double), cmp_double);
    med[k] = (s->phase_ns[PHASES / 2 - 1] + s->phase_ns[PHASES / 2]) / 2;
    mn[k] = s->phase_ns[0];
    mx[k] = s->phase_ns[PHASES - 1];
    qsort(s->lat, (size_t)s->nlat, sizeof *s->lat, cmp_u32);
    p50[k] = s->lat[s->nlat / 2] / 1e3;
    p99[k] = s->lat[s->nlat * 99 / 100] / 1e3;
  }
  printf("libuv echo server, %d connections, %ld requests per server in %d alternating "
         "phases\n",
         CONNS, per_phase * PHASES, PHASES);
  printf("%-8s %12s %20s %10s %10s  %s\n", "server", "requests/s", "spread (phases)", "p50 us",
         "p99 us", "server's own report");
  for (int k = 0; k < 2; k++)
    printf("%-8s %12.0f %9.0f-%-10.0f %10.1f %10.1f  %s\n", sv[k].name, 1e9 / med[k], 1e9 / mx[k],
           1e9 / mn[k], p50[k], p99[k], sv[k].stats);
  printf("actx keeps %.1f%% of the plain server's requests/s (median of the %d rounds' ratios, "
         "%.1f-%.1f%%; ratio of the medians %.1f%%)\n",
         100 * keeps, PHASES, 100 * paired[0], 100 * paired[PHASES - 1], 100 * med[0] / med[1]);
  if (json) {
    FILE *f = fopen(json, "w");
    if (!f)
      die(json);
    fprintf(f, "{\"suite\": \"server\", \"results\": [\n");
    fprintf(f,
            "  {\"name\": \"server plain: ns per request\", \"median_ns\": %.3f, "
            "\"min_ns\": %.3f, \"max_ns\": %.3f},\n",
            med[0], mn[0], mx[0]);
    fprintf(f,
            "  {\"name\": \"server actx: ns per request\", \"median_ns\": %.3f, "
            "\"min_ns\": %.3f, \"max_ns\": %.3f, \"baseline\": \"server plain: ns per "
            "request\", \"ratio\": %.3f}\n",
            med[1], mn[1], mx[1], med[1] / med[0]);
    fprintf(f,
            "], \"metrics\": {\"connections\": %d, \"requests_per_server\": %ld, "
            "\"plain\": {\"requests_per_s\": %.0f, \"p50_us\": %.1f, \"p99_us\": %.1f, "
            "\"server\": %s}, "
            "\"actx\": {\"requests_per_s\": %.0f, \"p50_us\": %.1f, \"p99_us\": %.1f, "
            "\"server\": %s}, \"keeps\": %.4f}}\n",
            CONNS, per_phase * PHASES, 1e9 / med[0], p50[0], p99[0], sv[0].stats, 1e9 / med[1],
            p50[1], p99[1], sv[1].stats, keeps);
    fclose(f);
  }
  free(sv[0].lat);
  free(sv[1].lat);
  return 0;
}
