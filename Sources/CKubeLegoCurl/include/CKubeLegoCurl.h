// Fixed-signature wrappers around libcurl's variadic calls, so Swift can call them.
// Each wrapper passes exactly one argument of the kind its name says; the caller picks the wrapper that matches
// the option's documented type (long, curl_off_t, string, pointer, slist, blob or callback).
#ifndef CKUBELEGOCURL_H
#define CKUBELEGOCURL_H

#include <curl/curl.h>

/// Write/header callback: receives `size * nmemb` bytes; returns the bytes taken (or a pause/abort value).
typedef size_t (*kl_curl_data_callback)(char *data, size_t size, size_t nmemb, void *context);

/// Returned from a write callback to pause the transfer; libcurl keeps the data and delivers it again later.
static const size_t KL_CURL_WRITEFUNC_PAUSE = CURL_WRITEFUNC_PAUSE;
/// Bitmask for curl_easy_pause that unpauses both directions.
static const int KL_CURLPAUSE_CONT = CURLPAUSE_CONT;
/// Blob flag: libcurl does not copy the bytes; the caller keeps them alive while the easy handle exists.
static const unsigned int KL_CURL_BLOB_NOCOPY = CURL_BLOB_NOCOPY;
/// Size of the buffer given to CURLOPT_ERRORBUFFER.
static const size_t KL_CURL_ERROR_SIZE = CURL_ERROR_SIZE;

/// Calls curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process and returns its (remembered) result.
CURLcode kl_curl_global_init_once(void);

CURLcode kl_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode kl_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// `value` may be NULL, which resets string options such as CURLOPT_CAPATH to "none".
CURLcode kl_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode kl_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode kl_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// Sets a CURLOPTTYPE_BLOB option from `length` bytes at `data` with `flags` (CURL_BLOB_COPY or _NOCOPY).
CURLcode kl_curl_easy_setopt_blob(CURL *handle, CURLoption option, void *data, size_t length, unsigned int flags);
CURLcode kl_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, kl_curl_data_callback callback);

CURLcode kl_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode kl_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode kl_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLMcode kl_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// Reads the next CURLMSG_DONE message of `multi`, skipping other kinds. Returns 1 and fills `easy` and
/// `result` when one was found, 0 when the queue is empty.
int kl_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

#endif
