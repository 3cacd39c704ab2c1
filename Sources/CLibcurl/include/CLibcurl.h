#pragma once
// libcurl, loaded with dlopen on first use. A cold start that never makes an
// outbound HTTPS call (or makes it later) does not pay for loading libcurl and
// its dependencies. Every function here is non-variadic so Swift can call it.
#include <curl/curl.h>
#include <stddef.h>

// Loads libcurl.so.4 and runs curl_global_init once; safe from any thread.
// Returns 0 on success; otherwise -1, and clibcurl_error() says why.
int clibcurl_load(void);
const char *clibcurl_error(void);

CURL *clibcurl_easy_init(void);
void clibcurl_easy_cleanup(CURL *handle);
void clibcurl_easy_reset(CURL *handle);
CURLcode clibcurl_perform(CURL *handle);
const char *clibcurl_strerror(CURLcode code);

CURLcode clibcurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode clibcurl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode clibcurl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*clibcurl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*clibcurl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
CURLcode clibcurl_set_write_callback(CURL *handle, clibcurl_data_callback callback, void *context);
CURLcode clibcurl_set_header_callback(CURL *handle, clibcurl_data_callback callback, void *context);
CURLcode clibcurl_set_progress_callback(CURL *handle, clibcurl_progress_callback callback, void *context);

CURLcode clibcurl_response_code(CURL *handle, long *code);

struct curl_slist *clibcurl_slist_append(struct curl_slist *list, const char *line);
void clibcurl_slist_free_all(struct curl_slist *list);
