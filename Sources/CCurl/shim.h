// Fixed-argument wrappers for libcurl's variadic functions and union accessors, which Swift
// cannot call or read directly. Each does exactly one libcurl call.
#ifndef DOCENT_CCURL_SHIM_H
#define DOCENT_CCURL_SHIM_H

#include <curl/curl.h>
#include <sys/prctl.h>

typedef size_t (*docent_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);
typedef int (*docent_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                             curl_off_t ultotal, curl_off_t ulnow);

/// curl_easy_setopt for options taking a long.
static inline CURLcode docent_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options taking a curl_off_t.
static inline CURLcode docent_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options taking a C string (libcurl copies it).
static inline CURLcode docent_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options taking an opaque pointer (PRIVATE, WRITEDATA, HEADERDATA, HTTPHEADER).
static inline CURLcode docent_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for WRITEFUNCTION and HEADERFUNCTION.
static inline CURLcode docent_easy_setopt_data_callback(CURL *handle, CURLoption option, docent_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// curl_easy_setopt for XFERINFOFUNCTION.
static inline CURLcode docent_easy_setopt_progress_callback(CURL *handle, docent_curl_progress_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/// curl_easy_getinfo for long results (RESPONSE_CODE).
static inline CURLcode docent_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_easy_getinfo for pointer results (PRIVATE).
static inline CURLcode docent_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_multi_setopt for options taking a long.
static inline CURLMcode docent_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// The result code of a finished transfer (CURLMsg's union member).
static inline CURLcode docent_msg_result(const CURLMsg *message) {
    return message->data.result;
}

/// Names the calling thread (as `top -H`, perf and debuggers show it): prctl is variadic.
static inline int docent_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

#endif
