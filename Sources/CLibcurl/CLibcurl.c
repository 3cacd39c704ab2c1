#include "CLibcurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;
static char error_text[512] = "libcurl not loaded yet";

#define RESOLVE(field, symbol)                                                         \
    do {                                                                               \
        *(void **)(&api.field) = dlsym(library, symbol);                               \
        if (api.field == NULL) {                                                       \
            snprintf(error_text, sizeof error_text, "libcurl.so.4 lacks %s", symbol);  \
            return;                                                                    \
        }                                                                              \
    } while (0)

static void load_once(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(error_text, sizeof error_text, "cannot load libcurl.so.4: %s", why ? why : "unknown error");
        return;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_reset, "curl_easy_reset");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(error_text, sizeof error_text, "curl_global_init failed: %s", api.easy_strerror(code));
        return;
    }
    loaded = 0;
}

int clibcurl_load(void) {
    pthread_once(&once, load_once);
    return loaded;
}

const char *clibcurl_error(void) { return error_text; }

CURL *clibcurl_easy_init(void) { return api.easy_init(); }
void clibcurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void clibcurl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode clibcurl_perform(CURL *handle) { return api.easy_perform(handle); }
const char *clibcurl_strerror(CURLcode code) { return api.easy_strerror(code); }

CURLcode clibcurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode clibcurl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode clibcurl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode clibcurl_set_write_callback(CURL *handle, clibcurl_data_callback callback, void *context) {
    CURLcode code = api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return code != CURLE_OK ? code : api.easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode clibcurl_set_header_callback(CURL *handle, clibcurl_data_callback callback, void *context) {
    CURLcode code = api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    return code != CURLE_OK ? code : api.easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

CURLcode clibcurl_set_progress_callback(CURL *handle, clibcurl_progress_callback callback, void *context) {
    CURLcode code = api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code == CURLE_OK) code = api.easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return code != CURLE_OK ? code : api.easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode clibcurl_response_code(CURL *handle, long *code) {
    return api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

struct curl_slist *clibcurl_slist_append(struct curl_slist *list, const char *line) {
    return api.slist_append(list, line);
}

void clibcurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }
