/* fake_curl.h -- libcurl's option-setting shape: callbacks are option values
 * of a variadic setter (when_option golden case). */
#ifndef FAKE_CURL_H
#define FAKE_CURL_H
typedef struct CURL CURL;
typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_WRITEFUNCTION = 20011,
  CURLOPT_WRITEDATA = 10001,
  CURLOPT_HEADERFUNCTION = 20079,
} CURLoption;
typedef unsigned long (*curl_write_callback)(char *ptr, unsigned long size, unsigned long n,
                                            void *user);
int curl_easy_setopt(CURL *curl, CURLoption option, ...);
void curl_easy_cleanup(CURL *curl);
#endif
