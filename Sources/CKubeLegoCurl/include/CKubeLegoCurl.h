// Placeholder until the libcurl shim lands.
#include <curl/curl.h>
