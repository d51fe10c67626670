#line 1 "when_option.c"
#include "fake_curl.h"

unsigned long on_data(char *p, unsigned long size, unsigned long n, void *user);
unsigned long on_header(char *p, unsigned long size, unsigned long n, void *user);

#include <actx.h>
#line 6 "when_option.c"
void fetch(CURL *h, CURLoption chosen, void *sink) {
  curl_easy_setopt(h, CURLOPT_URL, "http://127.0.0.1/");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, ACTX_KEYED(on_data, h, "write"));
  curl_easy_setopt(h, (CURLOPT_HEADERFUNCTION), ACTX_KEYED(on_header, h, "header"));
  curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
  curl_easy_setopt(h, chosen, on_data); /* an option only known at run time: no contract */
  curl_easy_cleanup(h); actx_release_key(h);
}
