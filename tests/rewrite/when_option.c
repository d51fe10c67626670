#include "fake_curl.h"

unsigned long on_data(char *p, unsigned long size, unsigned long n, void *user);
unsigned long on_header(char *p, unsigned long size, unsigned long n, void *user);

void fetch(CURL *h, CURLoption chosen, void *sink) {
  curl_easy_setopt(h, CURLOPT_URL, "http://127.0.0.1/");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, (CURLOPT_HEADERFUNCTION), on_header);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
  curl_easy_setopt(h, chosen, on_data); /* an option only known at run time: no contract */
  curl_easy_cleanup(h);
}
