/* libcurl.c -- calls every function line of tool/contracts/libcurl.contracts
 * against the real libcurl 7.88 (check_pack.py checks the rewriter's report):
 * every CURLOPT_*FUNCTION option is set, a file:// transfer runs outside the
 * context that set them, and the callbacks it makes see that context's
 * storage value (pack_test.h). */
#define CURL_DISABLE_DEPRECATION /* CURLOPT_PROGRESSFUNCTION, curl_formget */
#include "pack_test.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* ---- easy handle callbacks: every one checks the context if it runs */
static bool wrote;

static size_t on_write(char *p, size_t size, size_t n, void *user) {
  (void)p;
  (void)user;
  if (!wrote)
    pack_expect("CURLOPT_WRITEFUNCTION");
  wrote = true;
  return size * n;
}
static size_t on_header(char *p, size_t size, size_t n, void *user) {
  (void)p;
  (void)user;
  pack_expect_if_called("CURLOPT_HEADERFUNCTION");
  return size * n;
}
static size_t on_read(char *p, size_t size, size_t n, void *user) {
  (void)p;
  (void)size;
  (void)n;
  (void)user;
  pack_expect_if_called("CURLOPT_READFUNCTION");
  return 0;
}
static int on_progress(void *c, double dt, double dn, double ut, double un) {
  (void)c;
  (void)dt;
  (void)dn;
  (void)ut;
  (void)un;
  pack_expect_if_called("CURLOPT_PROGRESSFUNCTION");
  return 0;
}
static int on_xferinfo(void *c, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  (void)c;
  (void)dt;
  (void)dn;
  (void)ut;
  (void)un;
  pack_expect_if_called("CURLOPT_XFERINFOFUNCTION");
  return 0;
}
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *user) {
  (void)h;
  (void)type;
  (void)data;
  (void)size;
  (void)user;
  pack_expect_if_called("CURLOPT_DEBUGFUNCTION");
  return 0;
}
static CURLcode on_ssl_ctx(CURL *h, void *ctx, void *user) {
  (void)h;
  (void)ctx;
  (void)user;
  pack_expect_if_called("CURLOPT_SSL_CTX_FUNCTION");
  return CURLE_OK;
}
static curlioerr on_ioctl(CURL *h, int cmd, void *user) {
  (void)h;
  (void)cmd;
  (void)user;
  pack_expect_if_called("CURLOPT_IOCTLFUNCTION");
  return CURLIOE_OK;
}
static int on_sockopt(void *c, curl_socket_t fd, curlsocktype purpose) {
  (void)c;
  (void)fd;
  (void)purpose;
  pack_expect_if_called("CURLOPT_SOCKOPTFUNCTION");
  return CURL_SOCKOPT_OK;
}
static curl_socket_t on_opensocket(void *c, curlsocktype purpose, struct curl_sockaddr *a) {
  (void)c;
  (void)purpose;
  (void)a;
  pack_expect_if_called("CURLOPT_OPENSOCKETFUNCTION");
  return CURL_SOCKET_BAD;
}
static int on_closesocket(void *c, curl_socket_t fd) {
  (void)c;
  pack_expect_if_called("CURLOPT_CLOSESOCKETFUNCTION");
  return close(fd);
}
static int on_seek(void *c, curl_off_t offset, int origin) {
  (void)c;
  (void)offset;
  (void)origin;
  pack_expect_if_called("CURLOPT_SEEKFUNCTION");
  return CURL_SEEKFUNC_CANTSEEK;
}
static int on_ssh_key(CURL *h, const struct curl_khkey *known, const struct curl_khkey *found,
                      enum curl_khmatch match, void *c) {
  (void)h;
  (void)known;
  (void)found;
  (void)match;
  (void)c;
  pack_expect_if_called("CURLOPT_SSH_KEYFUNCTION");
  return CURLKHSTAT_REJECT;
}
static int on_ssh_hostkey(void *c, int type, const char *key, size_t len) {
  (void)c;
  (void)type;
  (void)key;
  (void)len;
  pack_expect_if_called("CURLOPT_SSH_HOSTKEYFUNCTION");
  return CURLKHMATCH_MISMATCH;
}
static long on_chunk_bgn(const void *info, void *c, int remains) {
  (void)info;
  (void)c;
  (void)remains;
  pack_expect_if_called("CURLOPT_CHUNK_BGN_FUNCTION");
  return CURL_CHUNK_BGN_FUNC_OK;
}
static long on_chunk_end(void *c) {
  (void)c;
  pack_expect_if_called("CURLOPT_CHUNK_END_FUNCTION");
  return CURL_CHUNK_END_FUNC_OK;
}
static int on_fnmatch(void *c, const char *pattern, const char *string) {
  (void)c;
  (void)pattern;
  (void)string;
  pack_expect_if_called("CURLOPT_FNMATCH_FUNCTION");
  return CURL_FNMATCHFUNC_NOMATCH;
}
static int on_resolver_start(void *state, void *reserved, void *user) {
  (void)state;
  (void)reserved;
  (void)user;
  pack_expect_if_called("CURLOPT_RESOLVER_START_FUNCTION");
  return 0;
}
static int on_trailer(struct curl_slist **list, void *user) {
  (void)list;
  (void)user;
  pack_expect_if_called("CURLOPT_TRAILERFUNCTION");
  return CURL_TRAILERFUNC_OK;
}
static int on_prereq(void *c, char *ip, char *local, int port, int local_port) {
  (void)c;
  (void)ip;
  (void)local;
  (void)port;
  (void)local_port;
  pack_expect_if_called("CURLOPT_PREREQFUNCTION");
  return CURL_PREREQFUNC_OK;
}
static CURLSTScode on_hsts_read(CURL *h, struct curl_hstsentry *e, void *user) {
  (void)h;
  (void)e;
  (void)user;
  pack_expect_if_called("CURLOPT_HSTSREADFUNCTION");
  return CURLSTS_DONE;
}
static CURLSTScode on_hsts_write(CURL *h, struct curl_hstsentry *e, struct curl_index *i,
                                 void *user) {
  (void)h;
  (void)e;
  (void)i;
  (void)user;
  pack_expect_if_called("CURLOPT_HSTSWRITEFUNCTION");
  return CURLSTS_OK;
}

/* ---- multi and share handles */
static int on_socket(CURL *h, curl_socket_t s, int what, void *user, void *socketp) {
  (void)h;
  (void)s;
  (void)what;
  (void)user;
  (void)socketp;
  pack_expect_if_called("CURLMOPT_SOCKETFUNCTION");
  return 0;
}
static int on_timer(CURLM *m, long timeout, void *user) {
  (void)m;
  (void)timeout;
  (void)user;
  pack_expect_if_called("CURLMOPT_TIMERFUNCTION");
  return 0;
}
static int on_push(CURL *parent, CURL *h, size_t n, struct curl_pushheaders *headers, void *user) {
  (void)parent;
  (void)h;
  (void)n;
  (void)headers;
  (void)user;
  pack_expect_if_called("CURLMOPT_PUSHFUNCTION");
  return CURL_PUSH_DENY;
}
static void on_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *user) {
  (void)h;
  (void)data;
  (void)access;
  (void)user;
}
static void on_unlock(CURL *h, curl_lock_data data, void *user) {
  (void)h;
  (void)data;
  (void)user;
}

/* ---- MIME parts, forms, allocation */
static size_t part_read(char *p, size_t size, size_t n, void *arg) {
  (void)p;
  (void)size;
  (void)n;
  (void)arg;
  return 0;
}
static int part_seek(void *arg, curl_off_t offset, int origin) {
  (void)arg;
  (void)offset;
  (void)origin;
  return CURL_SEEKFUNC_OK;
}
static void part_free(void *arg) {
  pack_expect(arg);
}
static size_t form_append(void *arg, const char *buf, size_t len) {
  (void)arg;
  (void)buf;
  return len;
}
static void *my_malloc(size_t n) {
  return malloc(n);
}
static void my_free(void *p) {
  free(p);
}
static void *my_realloc(void *p, size_t n) {
  return realloc(p, n);
}
static char *my_strdup(const char *s) {
  return strdup(s);
}
static void *my_calloc(size_t n, size_t size) {
  return calloc(n, size);
}

static CURL *easy, *other;
static CURLM *multi;
static CURLSH *share;
static curl_mime *mime;
static char url[96];

static void *register_all(void *arg) {
  (void)arg;
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_PROGRESSFUNCTION, on_progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
  curl_easy_setopt(easy, CURLOPT_IOCTLFUNCTION, on_ioctl);
  curl_easy_setopt(easy, CURLOPT_SOCKOPTFUNCTION, on_sockopt);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, on_opensocket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, on_closesocket);
  curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, on_seek);
  curl_easy_setopt(easy, CURLOPT_SSH_KEYFUNCTION, on_ssh_key);
  curl_easy_setopt(easy, CURLOPT_SSH_HOSTKEYFUNCTION, on_ssh_hostkey);
  curl_easy_setopt(easy, CURLOPT_INTERLEAVEFUNCTION, on_write);
  curl_easy_setopt(easy, CURLOPT_CHUNK_BGN_FUNCTION, on_chunk_bgn);
  curl_easy_setopt(easy, CURLOPT_CHUNK_END_FUNCTION, on_chunk_end);
  curl_easy_setopt(easy, CURLOPT_FNMATCH_FUNCTION, on_fnmatch);
  curl_easy_setopt(easy, CURLOPT_RESOLVER_START_FUNCTION, on_resolver_start);
  curl_easy_setopt(easy, CURLOPT_TRAILERFUNCTION, on_trailer);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, on_prereq);
  curl_easy_setopt(easy, CURLOPT_HSTSREADFUNCTION, on_hsts_read);
  curl_easy_setopt(easy, CURLOPT_HSTSWRITEFUNCTION, on_hsts_write);
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(multi, CURLMOPT_PUSHFUNCTION, on_push);
  curl_share_setopt(share, CURLSHOPT_LOCKFUNC, on_lock);
  curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, on_unlock);
  mime = curl_mime_init(other);
  curl_mimepart *part = curl_mime_addpart(mime);
  curl_mime_data_cb(part, 0, part_read, part_seek, part_free, "curl_mime_data_cb");
  curl_formget(NULL, NULL, form_append);
  return NULL;
}

int main(void) {
  pack_init();
  curl_global_init_mem(CURL_GLOBAL_ALL, my_malloc, my_free, my_realloc, my_strdup, my_calloc);
  char path[] = "/tmp/actx-pack-curl-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, "contents", 8) != 8)
    return 1;
  close(fd);
  snprintf(url, sizeof url, "file://%s", path);
  easy = curl_easy_init();
  other = curl_easy_init();
  multi = curl_multi_init();
  share = curl_share_init();
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  /* The transfer runs outside the context that set the callbacks. */
  if (curl_easy_perform(easy) != CURLE_OK)
    return 1;
  curl_multi_add_handle(multi, other);
  curl_multi_remove_handle(multi, other);
  curl_mime_free(mime);
  curl_easy_reset(other);
  curl_easy_cleanup(other);
  curl_easy_cleanup(easy);
  curl_multi_cleanup(multi);
  curl_share_cleanup(share);
  curl_global_cleanup();
  unlink(path);
  /* the first write; the MIME part's free callback */
  return pack_finish("libcurl", 2);
}
