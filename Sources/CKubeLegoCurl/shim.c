#include "CKubeLegoCurl.h"
#include <pthread.h>

static pthread_once_t kl_global_once = PTHREAD_ONCE_INIT;
static CURLcode kl_global_result = CURLE_FAILED_INIT;

static void kl_global_init(void) {
    kl_global_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

CURLcode kl_curl_global_init_once(void) {
    pthread_once(&kl_global_once, kl_global_init);
    return kl_global_result;
}

CURLcode kl_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kl_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kl_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kl_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kl_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kl_curl_easy_setopt_blob(CURL *handle, CURLoption option, void *data, size_t length, unsigned int flags) {
    struct curl_blob blob;
    blob.data = data;
    blob.len = length;
    blob.flags = flags;
    // libcurl copies the struct itself (and, with CURL_BLOB_COPY, the bytes) before returning.
    return curl_easy_setopt(handle, option, &blob);
}

CURLcode kl_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, kl_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode kl_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode kl_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    char *result = NULL;
    CURLcode code = curl_easy_getinfo(handle, info, &result);
    *value = result;
    return code;
}

CURLcode kl_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLMcode kl_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

int kl_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int queued = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &queued)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}
