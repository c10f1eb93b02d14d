#include "CKubeLegoCurl.h"
